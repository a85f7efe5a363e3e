import { join, resolve } from 'node:path';
import { csvLine } from '../data/csv';
import { SPLIT, SPLIT_NAMES } from '../data/node_set';
import type { RunData } from '../report/run_data';
import type { RunConfig } from '../config/run_config';
import { entropyOf } from '../train/metrics';
import { saveModel } from '../train/model_io';
import { lineParts, writeFileAtomic } from '../util/atomic_write';
import { InputError } from '../util/errors';
import { copiedColumns } from '../data/data_config';
import { markFolder, OutputFolder } from '../util/output_folder';
import { unitsFor, valueFeatures, writeExports } from './exports';
import type { ModelResult, RunResult, SplitMetrics } from './run_result';

/*
 * The one writer and the one reader of a run's folder, out/<name>/:
 *   predictions.csv  id, x, y, z, group, split (the node's role: train, val, test, none), label,
 *                    predicted, prob_<class>…, entropy, value_<feature>… (values as the model read them,
 *                    when there are at most VALUE_COLUMNS_MAX features: not for bag-of-words inputs),
 *                    then the data.keep columns (and data.depth) as read
 *   predictions_baseline_<key>.csv   the same columns for each baseline
 *   products.csv, stations.geojson, nodes.vtu   interpretation products and exports (exports.ts)
 *   edges.csv        each undirected edge once (u < v, node row numbers) with its weight
 *   history.jsonl    one line per epoch and model
 *   metrics.json     held-out (with perGroup), training and validation metrics of the model and each baseline, graph statistics, split sizes
 *   config.json      the resolved run config
 *   model.json + weights.bin   what `predict` reloads
 * run_reader.ts reads it back for the report; report_view.ts makes the report's view from memory.
 * The folder is assembled aside and renamed into place as a whole (util/output_folder.ts): a rerun
 * replaces it, and a failure leaves the previous one untouched.
 */

/** out/<name> of a run config, absolute. */
export function runOutDir(cfg: Pick<RunConfig, 'out' | 'name'>): string {
  return resolve(cfg.out, cfg.name);
}

/**
 * The predictions table of any node set and model output (run and predict write the same columns):
 * the fixed columns, then the data.keep columns copied from the node table as they were read. A
 * coordinate a node lacks is an empty cell.
 */
export function predictionsCsv(r: { nodes: RunResult['prepared']['nodes']; role: Uint8Array; classes: string[]; probs: ArrayLike<number>; pred: Int32Array; keep?: string[] }): Iterable<string> {
  const { nodes: ns, classes } = r;
  const C = classes.length;
  const F = ns.featureNames.length;
  const shown = valueFeatures(ns.featureNames);
  const entropy = entropyOf(r.probs, C);
  const keep = r.keep ?? [];
  const kept = keep.map((c) => {
    const cells = ns.table.columns.get(c);
    if (!cells) throw new InputError('missing column for data.keep (copied into predictions.csv)', { file: ns.source, column: c });
    return cells;
  });
  const coord = (v: number) => (Number.isFinite(v) ? v : '');
  const header = ['id', 'x', 'y', ...(ns.z ? ['z'] : []), 'group', 'split', 'label', 'predicted', ...classes.map((c) => `prob_${c}`), 'entropy', ...shown.map((k) => `value_${ns.featureNames[k]}`), ...keep];
  // the columns are checked above; the rows are made as they are written (a survey's may not fit in one string)
  function* rows(): Generator<string> {
    yield csvLine(header);
    for (let i = 0; i < ns.n; i++) {
      const ps: string[] = [];
      for (let c = 0; c < C; c++) ps.push(r.probs[i * C + c].toFixed(6));
      yield csvLine([
        ns.ids[i], coord(ns.x[i]), coord(ns.y[i]), ...(ns.z ? [coord(ns.z[i])] : []), ns.groupNames[ns.group[i]] ?? '', SPLIT_NAMES[r.role[i]],
        ns.labels[i] >= 0 ? classes[ns.labels[i]] : '', classes[r.pred[i]], ...ps, entropy[i].toFixed(6),
        ...shown.map((k) => { const v = ns.features[i * F + k]; return Number.isFinite(v) ? Number(v.toPrecision(7)) : ''; }),
        // a node of another type (data.types) has no row in the survey's table
        ...kept.map((cells) => cells[ns.rowOf[i] - 1] ?? ''),
      ]);
    }
  }
  return lineParts(rows());
}

export function writeJson(dir: string, name: string, value: unknown): void {
  writeFileAtomic(join(dir, name), JSON.stringify(value, null, 2) + '\n');
}

/** A model's scores and training summary as metrics.json holds them. */
function summary(m: ModelResult, type: string) {
  const { test, perGroup, train, validation }: SplitMetrics = m.metrics;
  return { model: type, test, perGroup, train, validation, bestEpoch: m.bestEpoch, epochsRun: m.history.length, seconds: m.seconds };
}

/** edges.csv: the graph, each undirected edge once (u < v, node row numbers) with its weight. */
export function writeEdgesCsv(dir: string, graph: RunResult['prepared']['graph']): void {
  const { u, v, w } = graph.upperEdges();
  writeFileAtomic(join(dir, 'edges.csv'), lineParts((function* () {
    yield 'u,v,weight';
    for (let e = 0; e < u.length; e++) yield `${u[e]},${v[e]},${Number(w[e].toPrecision(6))}`;
  })()));
}

/** Every epoch of the model and the baselines trained by epochs, each record naming its model. */
export function historyOf(r: RunResult): RunData['history'] {
  return [...r.main.history.map((h) => ({ model: r.config.model.type, ...h })), ...r.baselines.flatMap((b) => b.result.history.map((h) => ({ model: b.label, ...h })))];
}

/** The predictions file of one baseline. */
export const baselinePredictionsFile = (key: string) => `predictions_baseline_${key}.csv`;

/** Write every output of a run, published as a whole in place of whatever dir held (see OutputFolder). */
export async function writeRunOutput(dir: string, r: RunResult): Promise<void> {
  await OutputFolder.write(dir, 'run', (staging) => { writeRunFiles(staging, r); });
}

/** Write every output of a run into an existing folder (a staging folder). */
export function writeRunFiles(dir: string, r: RunResult): string[] {
  const { config: cfg, prepared: p, main, baselines } = r;
  const { nodes } = p;
  const units = unitsFor(nodes, p.split.train, nodes.classes);
  markFolder(dir, 'run');
  const keep = copiedColumns(p.data);
  writeFileAtomic(join(dir, 'predictions.csv'), predictionsCsv({ nodes, role: p.split.role, classes: nodes.classes, probs: main.probs, pred: main.pred, keep }));
  const notes = writeExports(dir, { nodes, classes: nodes.classes, probs: main.probs, pred: main.pred, role: p.split.role, edges: p.graph.upperEdges(), units, crs: p.data.crs });
  for (const b of baselines) writeFileAtomic(join(dir, baselinePredictionsFile(b.key)), predictionsCsv({ nodes, role: p.split.role, classes: nodes.classes, probs: b.result.probs, pred: b.result.pred, keep }));
  writeEdgesCsv(dir, p.graph);
  writeFileAtomic(join(dir, 'history.jsonl'), historyOf(r).map((h) => JSON.stringify(h)).join('\n') + '\n');
  writeJson(dir, 'metrics.json', {
    ...summary(main, cfg.model.type), trainSeed: r.trainSeed, classes: nodes.classes, warnings: r.warnings,
    baselines: baselines.map((b) => ({ key: b.key, ...summary(b.result, b.label) })),
    graph: p.stats,
    // labelled nodes of each part, and every held-out node (labelled or not)
    split: { train: p.split.train.length, validation: p.split.val.length, test: p.split.test.length, heldOutNodes: p.split.role.reduce((s, r) => s + (r === SPLIT.TEST ? 1 : 0), 0) },
    ...(cfg.method.costMatrix !== null ? { costMatrix: cfg.method.costMatrix } : {}),
  });
  writeJson(dir, 'config.json', cfg);
  saveModel(dir, main.model, {
    classes: nodes.classes, featureNames: nodes.featureNames, normalizer: p.normalizer, imputer: p.imputer, data: p.data, graph: cfg.graph,
    labelInput: cfg.method.labelInput, dataSeed: cfg.seed, split: { seed: cfg.seed, valFraction: cfg.method.valFraction, rule: 'share' }, units,
  });
  return notes;
}
