import { join } from 'node:path';
import { csvLine, writeFileAtomic } from '../data/atomic_write';
import { SPLIT_NAMES, type NodeSet } from '../data/node_set';
import type { Graph } from '../graph/graph';

/**
 * predictions.csv: id, coordinates, group, split, true and predicted label, one probability
 * column per class, the entropy of the prediction (nats; high = unsure), and the node's measured
 * values as the model read them (value_<feature>, after any log transform) for figures.
 */
export function predictionsCsv(ns: NodeSet, probs: ArrayLike<number>, pred: Int32Array): string {
  const C = ns.classes.length;
  const F = ns.featureNames.length;
  const header = ['id', 'x', 'y', ...(ns.z ? ['z'] : []), 'group', 'split', 'label', 'predicted', ...ns.classes.map((c) => `prob_${c}`), 'entropy', ...ns.featureNames.map((f) => `value_${f}`)];
  const lines = [csvLine(header)];
  for (let i = 0; i < ns.n; i++) {
    let h = 0;
    const ps: string[] = [];
    for (let c = 0; c < C; c++) {
      const p = probs[i * C + c];
      if (p > 0) h -= p * Math.log(p);
      ps.push(p.toFixed(6));
    }
    lines.push(csvLine([
      ns.ids[i], ns.x[i], ns.y[i], ...(ns.z ? [ns.z[i]] : []), ns.groupNames[ns.group[i]] ?? '', SPLIT_NAMES[ns.split[i]],
      ns.labels[i] >= 0 ? ns.classes[ns.labels[i]] : '', ns.classes[pred[i]], ...ps, h.toFixed(6),
      ...Array.from(ns.features.subarray(i * F, i * F + F), (v) => (Number.isFinite(v) ? Number(v.toPrecision(7)) : '')),
    ]));
  }
  return lines.join('\n') + '\n';
}

export function writeJson(dir: string, name: string, value: unknown): void {
  writeFileAtomic(join(dir, name), JSON.stringify(value, null, 2) + '\n');
}

export function writeJsonLines(dir: string, name: string, rows: unknown[]): void {
  writeFileAtomic(join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** edges.csv: each undirected edge once (u < v, node row numbers) with its weight. */
export function edgesCsv(g: Graph): string {
  const { u, v, w } = g.upperEdges();
  const lines = ['u,v,weight'];
  for (let e = 0; e < u.length; e++) lines.push(`${u[e]},${v[e]},${Number(w[e].toPrecision(6))}`);
  return lines.join('\n') + '\n';
}
