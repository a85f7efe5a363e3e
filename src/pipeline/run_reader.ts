import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunConfig } from '../config/run_config';
import { readCsv, requireColumn, type Table } from '../data/csv';
import { featureUnit, type DataConfig } from '../data/data_config';
import type { Products } from '../report/products';
import type { HeldOutScores, RunData } from '../report/run_data';
import { InputError } from '../util/errors';
import { readJsonFile } from '../util/json_file';
import { BASELINES } from '../train/method_config';
import { baselinePredictionsFile } from './run_output';

/** What readRunOutput uses of metrics.json (a run's or a prediction's). */
interface MetricsFile { model?: string; classes?: string[]; test?: HeldOutScores | null; bestEpoch?: number; baselines?: { key: string; model: string; test: HeldOutScores | null; bestEpoch?: number; epochsRun?: number }[] }

/**
 * Held-out scores as read from a metrics.json, every number made a number: the file may come from
 * anywhere, and its values are drawn into the report.
 */
function scoresFrom(x: unknown, file: string): HeldOutScores | null {
  if (x === null || x === undefined) return null;
  const s = x as Record<string, unknown>;
  const ok = typeof s === 'object' && Array.isArray(s.confusion) && s.confusion.every(Array.isArray) && Array.isArray(s.perClass);
  if (!ok) throw new InputError('held-out scores without a confusion matrix and per-class scores', { file });
  return {
    n: Number(s.n), accuracy: Number(s.accuracy), macroF1: Number(s.macroF1),
    confusion: (s.confusion as unknown[][]).map((row) => row.map(Number)),
    perClass: (s.perClass as Record<string, unknown>[]).map((c) => ({ class: String(c?.class), recall: Number(c?.recall), support: Number(c?.support) })),
  };
}

/** A JSON file of an output folder, or null when absent; broken JSON is an input error naming it. */
function readJsonIn<T>(dir: string, f: string): T | null {
  const file = join(dir, f);
  return existsSync(file) ? (readJsonFile(file) as T) : null;
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
  const probColumns = t.header.filter((h) => h.startsWith('prob_')).map((h) => h.slice(5));
  const classes = Array.isArray(metrics?.classes) ? metrics.classes.map(String) : probColumns;
  const metricsFile = join(dir, 'metrics.json');
  const col = (name: string) => requireColumn(t, name, 'a run output');
  const num = (name: string) => numbers(t, name);
  const index = new Map(classes.map((c, k) => [c, k]));
  const classOf = (cells: string[]) => Int32Array.from(cells, (s) => index.get(s) ?? -1);
  const baselines: RunData['baselines'] = [];
  for (const b of Array.isArray(metrics?.baselines) ? metrics.baselines : []) {
    // the key names a file: only the known ones are read
    if (!(BASELINES as readonly string[]).includes(b?.key)) throw new InputError(`unknown baseline key '${String(b?.key)}'`, { file: metricsFile });
    const file = join(dir, baselinePredictionsFile(b.key));
    if (!existsSync(file)) continue;
    baselines.push({ key: b.key, model: String(b.model), test: scoresFrom(b.test, metricsFile), pred: classOf(requireColumn(await readCsv(file), 'predicted', 'a run output')) });
  }
  const productsFile = join(dir, 'products.csv');
  const edgesFile = join(dir, 'edges.csv');
  const edges = existsSync(edgesFile) ? await readCsv(edgesFile) : null;
  const historyFile = join(dir, 'history.jsonl');
  const history = existsSync(historyFile) ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).map((l, k) => {
    try { return JSON.parse(l); } catch { throw new InputError('not a JSON line', { file: historyFile, row: k + 1 }); }
  }) : [];
  // model.json's data config for a prediction, config.json's for a run
  const data = readJsonIn<{ data?: Partial<DataConfig> }>(dir, 'model.json')?.data ?? config?.data;
  // columns the report reads back from predictions.csv, where the run wrote them
  const column = (c: unknown) => (typeof c === 'string' && t.columns.has(c) ? c : null);
  const depthColumn = column(data?.depth), doiColumn = column(data?.doi);
  const valueNames = t.header.filter((h) => h.startsWith('value_')).map((h) => h.slice(6));
  const units = data?.units && typeof data.units === 'object' ? data.units : {};
  const figures = config?.figures;
  return {
    name: config?.name ?? basename(dir), classes, n: t.rows,
    x: num('x'), y: num('y'), z: t.columns.has('z') ? num('z') : null,
    group: col('group'), split: col('split'), label: classOf(col('label')), pred: classOf(col('predicted')),
    entropy: num('entropy'),
    values: new Map(valueNames.map((f) => [f, num(`value_${f}`)])),
    metrics: { model: String(metrics?.model ?? 'model'), test: scoresFrom(metrics?.test, metricsFile) },
    baselines,
    products: existsSync(productsFile) ? productsOf(await readCsv(productsFile), classes) : null,
    history,
    keptEpochs: [
      ...(metrics?.model && metrics.bestEpoch !== undefined ? [{ model: metrics.model, epoch: Number(metrics.bestEpoch) }] : []),
      ...(metrics?.baselines ?? []).filter((b) => Number(b.epochsRun) > 0).map((b) => ({ model: String(b.model), epoch: Number(b.bestEpoch) })),
    ],
    edges: edges ? { u: Int32Array.from(numbers(edges, 'u')), v: Int32Array.from(numbers(edges, 'v')) } : { u: new Int32Array(0), v: new Int32Array(0) },
    // the model's data config has a synthetic survey's roles filled in; config.json has them as written
    logFeatures: data?.logFeatures ?? [],
    depth: depthColumn ? { column: depthColumn, values: num(depthColumn) } : null,
    doi: doiColumn ? num(doiColumn) : null,
    units: Object.fromEntries(valueNames.map((f) => [f, featureUnit({ units, logFeatures: data?.logFeatures ?? [] }, f)])),
    figures: { verticalExaggeration: numberOrNull(figures?.verticalExaggeration), mapElevation: numberOrNull(figures?.mapElevation) },
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

/** A finite number from a file, else null. */
const numberOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A column of our own output as numbers (empty cells are NaN). */
function numbers(t: Table, name: string): Float64Array {
  return Float64Array.from(requireColumn(t, name, 'a run output'), (s) => (s === '' ? NaN : Number(s)));
}
