import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { csvLine, readCsv, requireColumn, type Table } from '../data/csv';
import { writeFileAtomic } from '../util/atomic_write';
import { OutputFolder } from '../util/output_folder';
import { SPLIT_NAMES } from '../data/node_set';
import type { HeldOutScores, RunData } from '../report/run_data';
import { stationProducts, type Products } from '../report/products';
import type { RunConfig } from '../config/run_config';
import { entropyOf } from '../train/metrics';
import { saveModel } from '../train/model_io';
import { trainingUnitOrder, writeExports } from './exports';
import { InputError } from '../util/errors';
import type { ModelResult, RunResult, SplitMetrics } from './run_result';

/*
 * The one writer and the one reader of a run's folder, out/<name>/:
 *   predictions.csv  id, x, y, z, group, split (the node's role: train, val, test, none), label,
 *                    predicted, prob_<class>…, entropy, value_<feature>… (values as the model read them,
 *                    when there are at most VALUE_COLUMNS_MAX features: not for bag-of-words inputs)
 *   predictions_baseline.csv   the same columns for the MLP baseline, when there is one
 *   products.csv, stations.geojson, nodes.vtu   interpretation products and exports (exports.ts)
 *   edges.csv        each undirected edge once (u < v, node row numbers) with its weight
 *   history.jsonl    one line per epoch and model
 *   metrics.json     held-out, training and validation metrics of the model and the baseline, graph statistics, split sizes
 *   config.json      the resolved run config
 *   model.json + weights.bin   what `predict` reloads
 * The folder is assembled aside and renamed into place as a whole (util/output_folder.ts): a rerun
 * replaces it, and a failure leaves the previous one untouched.
 */

/** out/<name> of a run config, absolute. */
export function runOutDir(cfg: Pick<RunConfig, 'out' | 'name'>): string {
  return resolve(cfg.out, cfg.name);
}

/** Above this many features (bag-of-words inputs) predictions.csv carries no value columns. */
export const VALUE_COLUMNS_MAX = 64;

/** Indices of the features written as value_<feature> columns and drawn by the report. */
function valueFeatures(names: string[]): number[] {
  return names.length <= VALUE_COLUMNS_MAX ? names.map((_, k) => k) : [];
}

/** The predictions table of any node set and model output (run and predict write the same columns). */
export function predictionsCsv(r: { nodes: RunResult['prepared']['nodes']; role: Uint8Array; classes: string[]; probs: ArrayLike<number>; pred: Int32Array }): string {
  const { nodes: ns, classes } = r;
  const C = classes.length;
  const F = ns.featureNames.length;
  const shown = valueFeatures(ns.featureNames);
  const entropy = entropyOf(r.probs, C);
  const header = ['id', 'x', 'y', ...(ns.z ? ['z'] : []), 'group', 'split', 'label', 'predicted', ...classes.map((c) => `prob_${c}`), 'entropy', ...shown.map((k) => `value_${ns.featureNames[k]}`)];
  const lines = [csvLine(header)];
  for (let i = 0; i < ns.n; i++) {
    const ps: string[] = [];
    for (let c = 0; c < C; c++) ps.push(r.probs[i * C + c].toFixed(6));
    lines.push(csvLine([
      ns.ids[i], ns.x[i], ns.y[i], ...(ns.z ? [ns.z[i]] : []), ns.groupNames[ns.group[i]] ?? '', SPLIT_NAMES[r.role[i]],
      ns.labels[i] >= 0 ? classes[ns.labels[i]] : '', classes[r.pred[i]], ...ps, entropy[i].toFixed(6),
      ...shown.map((k) => { const v = ns.features[i * F + k]; return Number.isFinite(v) ? Number(v.toPrecision(7)) : ''; }),
    ]));
  }
  return lines.join('\n') + '\n';
}

export function writeJson(dir: string, name: string, value: unknown): void {
  writeFileAtomic(join(dir, name), JSON.stringify(value, null, 2) + '\n');
}

/** A model's scores and training summary as metrics.json holds them. */
function summary(m: ModelResult, type: string) {
  const { test, train, validation }: SplitMetrics = m.metrics;
  return { model: type, test, train, validation, bestEpoch: m.bestEpoch, epochsRun: m.history.length, seconds: m.seconds };
}

/** Write every output of a run, published as a whole in place of whatever dir held (see OutputFolder). */
export async function writeRunOutput(dir: string, r: RunResult): Promise<void> {
  await OutputFolder.write(dir, RUN_FOLDER_FILES, (staging) => { writeRunFiles(staging, r); });
}

/** Files that mark a folder as a run's (or repeated seeds') output, which a rerun may replace. */
export const RUN_FOLDER_FILES = ['metrics.json', 'seeds.json', 'predictions.csv'];

/** Write every output of a run into an existing folder (a staging folder). */
export function writeRunFiles(dir: string, r: RunResult): string[] {
  const { config: cfg, prepared: p, main, baseline } = r;
  const { nodes } = p;
  const units = nodes.z ? trainingUnitOrder(nodes, p.split.train, nodes.classes) : null;
  writeFileAtomic(join(dir, 'predictions.csv'), predictionsCsv({ nodes, role: p.split.role, classes: nodes.classes, probs: main.probs, pred: main.pred }));
  const notes = writeExports(dir, { nodes, classes: nodes.classes, probs: main.probs, pred: main.pred, role: p.split.role, edges: p.graph.upperEdges(), units, crs: p.data.crs });
  if (baseline) writeFileAtomic(join(dir, 'predictions_baseline.csv'), predictionsCsv({ nodes, role: p.split.role, classes: nodes.classes, probs: baseline.probs, pred: baseline.pred }));
  const { u, v, w } = p.graph.upperEdges();
  const edgeLines = ['u,v,weight'];
  for (let e = 0; e < u.length; e++) edgeLines.push(`${u[e]},${v[e]},${Number(w[e].toPrecision(6))}`);
  writeFileAtomic(join(dir, 'edges.csv'), edgeLines.join('\n') + '\n');
  const history = [...main.history.map((h) => ({ model: cfg.model.type, ...h })), ...(baseline?.history.map((h) => ({ model: 'mlp', ...h })) ?? [])];
  writeFileAtomic(join(dir, 'history.jsonl'), history.map((h) => JSON.stringify(h)).join('\n') + '\n');
  writeJson(dir, 'metrics.json', {
    ...summary(main, cfg.model.type), trainSeed: r.trainSeed, classes: nodes.classes, warnings: r.warnings,
    baseline: baseline ? summary(baseline, 'mlp') : null,
    graph: p.stats, split: { train: p.split.train.length, validation: p.split.val.length, test: p.split.test.length },
  });
  writeJson(dir, 'config.json', cfg);
  saveModel(dir, main.model, {
    classes: nodes.classes, featureNames: nodes.featureNames, normalizer: p.normalizer, data: p.data, graph: cfg.graph,
    labelInput: cfg.method.labelInput, split: { seed: cfg.seed, valFraction: cfg.method.valFraction }, units,
  });
  return notes;
}

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
  baseline: RunData['baseline'];
  history: RunData['history'];
  edges: RunData['edges'];
  /** Units from top to bottom for the products, or null (no z). */
  units: number[] | null;
  logFeatures: string[];
}

/** The report's view of predictions held in memory. */
export function viewOfPredictions(v: PredictionView): RunData {
  const { nodes: ns, classes } = v;
  const C = classes.length;
  const F = ns.featureNames.length;
  const group = Array.from(ns.group, (g) => ns.groupNames[g] ?? '');
  return {
    name: v.name, classes, n: ns.n, x: ns.x, y: ns.y, z: ns.z, group, split: Array.from(v.role, (s) => SPLIT_NAMES[s]),
    label: ns.labels, pred: v.pred,
    confidence: Float64Array.from({ length: ns.n }, (_, i) => Math.max(...Array.from(v.probs.subarray(i * C, i * C + C)))),
    entropy: entropyOf(v.probs, C),
    values: new Map(valueFeatures(ns.featureNames).map((k) => [ns.featureNames[k], Float64Array.from({ length: ns.n }, (_, i) => ns.features[i * F + k])])),
    metrics: { model: v.model, test: v.test }, baseline: v.baseline,
    products: ns.z && v.units ? stationProducts({ classes, n: ns.n, x: ns.x, y: ns.y, z: ns.z, group, label: ns.labels, probs: v.probs }, v.units) : null,
    history: v.history, edges: v.edges, logFeatures: v.logFeatures,
  };
}

/** The run's view for figures, from memory. */
export function runDataOf(r: RunResult): RunData {
  const { nodes, split, graph } = r.prepared;
  const model = r.config.model.type;
  return viewOfPredictions({
    name: r.config.name, model, nodes, role: split.role, classes: nodes.classes, probs: r.main.probs, pred: r.main.pred, test: r.main.metrics.test,
    baseline: r.baseline ? { model: 'mlp', test: r.baseline.metrics.test, pred: r.baseline.pred } : null,
    history: [...r.main.history.map((h) => ({ model, ...h })), ...(r.baseline?.history.map((h) => ({ model: 'mlp', ...h })) ?? [])],
    edges: graph.upperEdges(), units: nodes.z ? trainingUnitOrder(nodes, split.train, nodes.classes) : null, logFeatures: r.prepared.data.logFeatures,
  });
}

/** What readRunOutput uses of metrics.json (a run's, or a prediction's with `unseen`). */
interface MetricsFile { model?: string; classes?: string[]; test?: HeldOutScores | null; unseen?: HeldOutScores; baseline?: { model: string; test: HeldOutScores | null } | null }

/** A JSON file of an output folder, or null when absent; broken JSON is an input error naming it. */
function readJsonIn<T>(dir: string, f: string): T | null {
  const file = join(dir, f);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}

/**
 * The view for figures of a run's or a prediction's folder, read back from its files (`report
 * DIR`): predictions.csv is needed; metrics, history, config, the baseline's predictions, the
 * products and the graph are drawn where their files are there.
 */
export async function readRunOutput(dir: string): Promise<RunData> {
  if (!existsSync(join(dir, 'predictions.csv'))) throw new InputError('predictions.csv is missing: not a run or prediction output folder', { file: join(dir, 'predictions.csv') });
  const metrics = readJsonIn<MetricsFile>(dir, 'metrics.json');
  const config = readJsonIn<RunConfig>(dir, 'config.json');
  const t = await readCsv(join(dir, 'predictions.csv'));
  const classes: string[] = metrics?.classes ?? t.header.filter((h) => h.startsWith('prob_')).map((h) => h.slice(5));
  const col = (name: string) => requireColumn(t, name, 'a run output');
  const num = (name: string) => numbers(t, name);
  const index = new Map(classes.map((c, k) => [c, k]));
  const probs = classes.map((c) => num(`prob_${c}`));
  const classOf = (cells: string[]) => Int32Array.from(cells, (s) => index.get(s) ?? -1);
  const baselineFile = join(dir, 'predictions_baseline.csv');
  const baselinePred = metrics?.baseline && existsSync(baselineFile) ? classOf(requireColumn(await readCsv(baselineFile), 'predicted', 'a run output')) : null;
  const productsFile = join(dir, 'products.csv');
  const edgesFile = join(dir, 'edges.csv');
  const edges = existsSync(edgesFile) ? await readCsv(edgesFile) : null;
  const historyFile = join(dir, 'history.jsonl');
  const history = existsSync(historyFile) ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).map((l, k) => {
    try { return JSON.parse(l); } catch { throw new InputError('not a JSON line', { file: historyFile, row: k + 1 }); }
  }) : [];
  return {
    name: config?.name ?? basename(dir), classes, n: t.rows,
    x: num('x'), y: num('y'), z: t.columns.has('z') ? num('z') : null,
    group: col('group'), split: col('split'), label: classOf(col('label')), pred: classOf(col('predicted')),
    confidence: Float64Array.from({ length: t.rows }, (_, i) => Math.max(...probs.map((p) => p[i]))),
    entropy: num('entropy'),
    values: new Map(t.header.filter((h) => h.startsWith('value_')).map((h) => [h.slice(6), num(h)])),
    metrics: { model: metrics?.model ?? 'model', test: metrics ? metrics.test ?? metrics.unseen ?? null : null },
    baseline: baselinePred && metrics?.baseline ? { model: metrics.baseline.model, test: metrics.baseline.test, pred: baselinePred } : null,
    products: existsSync(productsFile) ? productsOf(await readCsv(productsFile), classes) : null,
    history,
    edges: edges ? { u: Int32Array.from(numbers(edges, 'u')), v: Int32Array.from(numbers(edges, 'v')) } : { u: new Int32Array(0), v: new Int32Array(0) },
    // the model's data config has a synthetic survey's roles filled in; config.json has them as written
    logFeatures: readJsonIn<{ data?: { logFeatures?: string[] } }>(dir, 'model.json')?.data?.logFeatures ?? config?.data?.logFeatures ?? [],
  };
}

/** products.csv read back: the unit order is that of its thickness_<unit> columns. */
function productsOf(t: Table, classes: string[]): Products {
  const units = t.header.filter((h) => h.startsWith('thickness_')).map((h) => classes.indexOf(h.slice('thickness_'.length)));
  if (units.some((u) => u < 0)) throw new InputError('its thickness_<unit> columns do not match the classes of predictions.csv', { file: t.file });
  const v = (name: string) => numbers(t, name);
  const orNull = (a: Float64Array, s: number) => (Number.isNaN(a[s]) ? null : a[s]);
  const below = units.slice(1).map((c) => ['elevation', 'depth', 'depth_p10', 'depth_p90'].map((k) => v(`top_${classes[c]}_${k}`)));
  const thick = units.map((c) => v(`thickness_${classes[c]}`));
  const [line, x, y, top, cells] = [requireColumn(t, 'line', 'products'), v('x'), v('y'), v('top_elevation'), v('cells')];
  return {
    units,
    stations: Array.from({ length: t.rows }, (_, s) => ({
      group: line[s], x: x[s], y: y[s], topElevation: top[s], cells: cells[s],
      tops: below.map(([e, d, p10, p90]) => ({ elevation: orNull(e, s), depth: orNull(d, s), shallow: orNull(p10, s), deep: orNull(p90, s) })),
      thickness: thick.map((a) => orNull(a, s)),
    })),
  };
}

/** A column of our own output as numbers (empty cells are NaN). */
function numbers(t: Table, name: string): Float64Array {
  return Float64Array.from(requireColumn(t, name, 'a run output'), (s) => (s === '' ? NaN : Number(s)));
}
