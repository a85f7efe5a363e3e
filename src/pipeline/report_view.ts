import { SPLIT_NAMES } from '../data/node_set';
import { featureUnit, type DataConfig } from '../data/data_config';
import { nodeValues } from '../graph/build';
import { stationProducts } from '../report/products';
import type { FigureOptions, HeldOutScores, RunData } from '../report/run_data';
import { entropyOf } from '../train/metrics';
import { unitsFor, valueFeatures } from './exports';
import { historyOf } from './run_output';
import type { RunResult } from './run_result';

/** What the report's view of a model's predictions on a node set is made of (a run's, or a saved model's). */
export interface PredictionView {
  name: string;
  model: string;
  nodes: RunResult['prepared']['nodes'];
  role: Uint8Array;
  classes: string[];
  probs: Float32Array | Float64Array;
  pred: Int32Array;
  test: HeldOutScores | null;
  baselines: RunData['baselines'];
  history: RunData['history'];
  keptEpochs: RunData['keptEpochs'];
  edges: RunData['edges'];
  /** Units from top to bottom for the products, or null (no z). */
  units: number[] | null;
  /** What the figures read of the data config: log features, units, the depth and DOI columns. */
  data: Pick<DataConfig, 'logFeatures' | 'units' | 'depth' | 'doi'>;
  figures: FigureOptions;
}

/** The report's view of predictions held in memory. */
export function viewOfPredictions(v: PredictionView): RunData {
  const { nodes: ns, classes } = v;
  const C = classes.length;
  const F = ns.featureNames.length;
  const group = Array.from(ns.group, (g) => ns.groupNames[g] ?? '');
  const products = ns.z && v.units ? stationProducts({ classes, n: ns.n, x: ns.x, y: ns.y, z: ns.z, group, label: ns.labels, probs: v.probs }, v.units) : null;
  return {
    name: v.name, classes, n: ns.n, x: ns.x, y: ns.y, z: ns.z, group, split: Array.from(v.role, (s) => SPLIT_NAMES[s]),
    label: ns.labels, pred: v.pred,
    entropy: entropyOf(v.probs, C),
    values: new Map(valueFeatures(ns.featureNames).map((k) => [ns.featureNames[k], Float64Array.from({ length: ns.n }, (_, i) => ns.features[i * F + k])])),
    metrics: { model: v.model, test: v.test }, baselines: v.baselines,
    // none when no node has coordinates
    products: products?.stations.length ? products : null,
    history: v.history, keptEpochs: v.keptEpochs, edges: v.edges, logFeatures: v.data.logFeatures,
    depth: v.data.depth ? { column: v.data.depth, values: nodeValues(ns, v.data.depth, 'data.depth', 'data.depth', true) } : null,
    doi: v.data.doi ? nodeValues(ns, v.data.doi, 'data.doi', 'data.doi', true) : null,
    units: Object.fromEntries(ns.featureNames.map((f) => [f, featureUnit(v.data, f)])),
    figures: v.figures,
  };
}

/** The run's view for figures, from memory. */
export function runDataOf(r: RunResult): RunData {
  const { nodes, split, graph } = r.prepared;
  const model = r.config.model.type;
  return viewOfPredictions({
    name: r.config.name, model, nodes, role: split.role, classes: nodes.classes, probs: r.main.probs, pred: r.main.pred, test: r.main.metrics.test,
    baselines: r.baselines.map((b) => ({ key: b.key, model: b.label, test: b.result.metrics.test, pred: b.result.pred })),
    history: historyOf(r), keptEpochs: [{ model, epoch: r.main.bestEpoch }, ...r.baselines.filter((b) => b.result.history.length).map((b) => ({ model: b.label, epoch: b.result.bestEpoch }))], edges: graph.upperEdges(), units: unitsFor(nodes, split.train, nodes.classes), data: r.prepared.data, figures: r.config.figures,
  });
}
