import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { csvLine, readCsv, requireColumn, type Table } from '../data/csv';
import { writeFileAtomic } from '../util/atomic_write';
import { OutputFolder } from '../util/output_folder';
import { SPLIT_NAMES } from '../data/node_set';
import type { RunData } from '../report/run_data';
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

/** The run's view for figures, from memory. */
export function runDataOf(r: RunResult): RunData {
  const { nodes: ns, split } = r.prepared;
  const C = ns.classes.length;
  const F = ns.featureNames.length;
  const values = new Map(valueFeatures(ns.featureNames).map((k) => [ns.featureNames[k], Float64Array.from({ length: ns.n }, (_, i) => ns.features[i * F + k])]));
  const { u, v } = r.prepared.graph.upperEdges();
  return {
    name: r.config.name, classes: ns.classes, n: ns.n, x: ns.x, y: ns.y, z: ns.z,
    group: Array.from(ns.group, (g) => ns.groupNames[g] ?? ''), split: Array.from(split.role, (s) => SPLIT_NAMES[s]),
    label: ns.labels, pred: r.main.pred,
    confidence: Float64Array.from({ length: ns.n }, (_, i) => Math.max(...Array.from(r.main.probs.subarray(i * C, i * C + C)))),
    entropy: entropyOf(r.main.probs, C), values,
    metrics: { model: r.config.model.type, test: r.main.metrics.test, bestEpoch: r.main.bestEpoch },
    history: [...r.main.history.map((h) => ({ model: r.config.model.type, ...h })), ...(r.baseline?.history.map((h) => ({ model: 'mlp', ...h })) ?? [])],
    edges: { u, v }, logFeatures: r.config.data.logFeatures,
  };
}

/** The run's view for figures, read back from its folder (`report DIR`). */
export async function readRunOutput(dir: string): Promise<RunData> {
  for (const f of ['predictions.csv', 'metrics.json', 'history.jsonl', 'config.json']) {
    if (!existsSync(join(dir, f))) throw new InputError(`${f} is missing: not a run output folder`, { file: join(dir, f) });
  }
  const json = (f: string) => {
    try {
      return JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: join(dir, f) });
    }
  };
  const metrics = json('metrics.json');
  const config = json('config.json') as RunConfig;
  const classes: string[] = metrics.classes;
  const t = await readCsv(join(dir, 'predictions.csv'));
  const col = (name: string) => requireColumn(t, name, 'a run output');
  const num = (name: string) => numbers(t, name);
  const index = new Map(classes.map((c, k) => [c, k]));
  const probs = classes.map((c) => num(`prob_${c}`));
  const values = new Map(t.header.filter((h) => h.startsWith('value_')).map((h) => [h.slice(6), num(h)]));
  const edgesFile = join(dir, 'edges.csv');
  const edges = existsSync(edgesFile) ? await readCsv(edgesFile) : null;
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').split('\n').filter(Boolean).map((l, k) => {
    try { return JSON.parse(l); } catch { throw new InputError('not a JSON line', { file: join(dir, 'history.jsonl'), row: k + 1 }); }
  });
  return {
    name: config.name, classes, n: t.rows,
    x: num('x'), y: num('y'), z: t.columns.has('z') ? num('z') : null,
    group: col('group'), split: col('split'),
    label: Int32Array.from(col('label'), (s) => index.get(s) ?? -1),
    pred: Int32Array.from(col('predicted'), (s) => index.get(s) ?? -1),
    confidence: Float64Array.from({ length: t.rows }, (_, i) => Math.max(...probs.map((p) => p[i]))),
    entropy: num('entropy'), values,
    metrics: { model: metrics.model, test: metrics.test, bestEpoch: metrics.bestEpoch },
    history,
    edges: edges ? { u: Int32Array.from(numbers(edges, 'u')), v: Int32Array.from(numbers(edges, 'v')) } : { u: new Int32Array(0), v: new Int32Array(0) },
    logFeatures: config.data?.logFeatures ?? [],
  };
}

/** A column of our own output as numbers (empty cells are NaN). */
function numbers(t: Table, name: string): Float64Array {
  return Float64Array.from(requireColumn(t, name, 'a run output'), (s) => (s === '' ? NaN : Number(s)));
}
