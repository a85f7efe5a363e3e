import type { RunConfig } from '../config/run_config';
import { depthBelowStationTop } from '../data/station_depth';
import type { CSR } from '../sparse/csr';
import { Tensor } from '../tensor/tensor';
import { fitDepthClassifier, predictByDepth } from '../train/depth_classifier';
import type { CostMatrix } from '../train/metrics';
import type { BaselineKey } from '../train/method_config';
import type { Prepared } from './prepare';
import { splitScores } from './scores';
import type { BaselineResult, ModelResult } from './run_result';
import { trainModel } from './train_model';

/** How each baseline is named in logs, metrics.json and the report. */
export const BASELINE_LABELS: Record<BaselineKey, string> = { mlp: 'mlp', depth: 'depth-only', context: 'mlp + neighbour mean' };

/**
 * Each node's features followed by the mean of its graph neighbours' features (n × 2F): the
 * context a graph layer would read, handed to a model that does not learn on the graph. A node
 * without neighbours gets its own features as the mean.
 */
export function withNeighbourMeans(adj: CSR, x: Tensor): Tensor {
  const [n, F] = x.shape;
  const out = new Float32Array(n * 2 * F);
  for (let i = 0; i < n; i++) {
    const row = out.subarray(i * 2 * F, (i + 1) * 2 * F);
    for (let f = 0; f < F; f++) row[f] = x.data[i * F + f];
    const deg = adj.rowPtr[i + 1] - adj.rowPtr[i];
    for (let p = adj.rowPtr[i]; p < adj.rowPtr[i + 1]; p++) {
      const j = adj.col[p];
      for (let f = 0; f < F; f++) row[F + f] += x.data[j * F + f];
    }
    for (let f = 0; f < F; f++) row[F + f] = deg ? row[F + f] / deg : row[f];
  }
  return new Tensor(out, [n, 2 * F]);
}

/**
 * The depth-only baseline, or why it cannot run (no z; no training node with coordinates). Nodes
 * without coordinates have no depth and get the training class frequencies, with a note.
 */
function depthBaseline(p: Prepared, cost: CostMatrix | null, log: (s: string) => void): ModelResult | string {
  const t0 = performance.now();
  const depth = depthBelowStationTop(p.nodes);
  if (!depth) return 'the data has no z column';
  const { labels, classes } = p.nodes;
  const m = fitDepthClassifier(depth, labels, p.split.train, classes.length);
  if (!m) return 'no training node has coordinates';
  const unplaced = depth.reduce((s, d) => s + (Number.isFinite(d) ? 0 : 1), 0);
  if (unplaced) log(`depth-only baseline: ${unplaced} node(s) without coordinates have no depth and get the training class frequencies`);
  const { probs, pred } = predictByDepth(m, depth);
  return { history: [], bestEpoch: 0, probs, pred, metrics: splitScores(p.nodes, p.split, pred, probs, cost), seconds: (performance.now() - t0) / 1000 };
}

/**
 * The configured baselines, trained on the same prepared data, split and seed as the model. A
 * baseline that cannot run on this data (depth-only without z) is left out with a note.
 */
export async function trainBaselines(p: Prepared, cfg: RunConfig, seed: number, opts: { progress: (label: string) => string | null; log: (s: string) => void; cost?: CostMatrix | null }): Promise<BaselineResult[]> {
  const cost = opts.cost ?? null;
  const out: BaselineResult[] = [];
  const mlp = { ...cfg.model, type: 'mlp' as const };
  const method = { ...cfg.method, labelInput: false };
  for (const key of cfg.method.baselines) {
    if (key === 'mlp' && cfg.model.type === 'mlp') continue; // the model itself
    const label = BASELINE_LABELS[key];
    let result: ModelResult | string;
    if (key === 'mlp') result = await trainModel(p, mlp, method, seed, { progress: opts.progress(label), cost });
    else if (key === 'context') result = await trainModel({ ...p, features: withNeighbourMeans(p.graph.adj, p.features) }, mlp, method, seed, { progress: opts.progress(label), cost });
    else result = depthBaseline(p, cost, opts.log);
    if (typeof result === 'string') {
      opts.log(`no ${label} baseline: ${result}`);
      continue;
    }
    out.push({ key, label, result });
  }
  return out;
}
