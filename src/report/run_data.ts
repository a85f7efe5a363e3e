import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../util/errors';

/** What a run wrote under out/<name>/, read back for figures (the report needs nothing else). */
export interface RunData {
  dir: string;
  name: string;
  classes: string[];
  n: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array | null;
  group: string[];
  split: string[];
  /** Class index of the label (−1 unlabelled) and of the prediction. */
  label: Int32Array;
  pred: Int32Array;
  /** Probability of the predicted class, and the prediction's entropy (nats). */
  confidence: Float64Array;
  entropy: Float64Array;
  /** Measured values by feature name, as the model read them (after any log transform). */
  values: Map<string, Float64Array>;
  metrics: { model: string; test: { confusion: number[][]; perClass: { class: string; recall: number; support: number }[]; accuracy: number; macroF1: number }; bestEpoch: number; baseline: unknown };
  history: { model: string; epoch: number; train_loss: number; val_loss: number | null; val_macro_f1: number | null }[];
  edges: { u: Int32Array; v: Int32Array };
  logFeatures: string[];
}

/** One line of our own CSV outputs (fields quoted only when they hold commas or quotes). */
function splitCsvLine(l: string): string[] {
  if (!l.includes('"')) return l.split(',');
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < l.length; i++) {
    const ch = l[i];
    if (quoted) {
      if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return { header: splitCsvLine(lines[0]), rows: lines.slice(1).map(splitCsvLine) };
}

export function readRun(dir: string): RunData {
  for (const f of ['predictions.csv', 'metrics.json', 'history.jsonl', 'config.json']) {
    if (!existsSync(join(dir, f))) throw new InputError(`${f} is missing: not a run output folder`, { file: join(dir, f) });
  }
  const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const classes: string[] = metrics.classes;
  const { header, rows } = parseCsv(join(dir, 'predictions.csv'));
  const col = (name: string) => header.indexOf(name);
  const num = (name: string) => Float64Array.from(rows, (r) => Number(r[col(name)]));
  const probCols = classes.map((c) => col(`prob_${c}`));
  const n = rows.length;
  const values = new Map<string, Float64Array>();
  header.forEach((h, i) => { if (h.startsWith('value_')) values.set(h.slice(6), Float64Array.from(rows, (r) => Number(r[i]))); });
  const edgesFile = join(dir, 'edges.csv');
  const edgeRows = existsSync(edgesFile) ? parseCsv(edgesFile).rows : [];
  return {
    dir, name: config.name, classes, n,
    x: num('x'), y: num('y'), z: col('z') >= 0 ? num('z') : null,
    group: rows.map((r) => r[col('group')]), split: rows.map((r) => r[col('split')]),
    label: Int32Array.from(rows, (r) => classes.indexOf(r[col('label')])),
    pred: Int32Array.from(rows, (r) => classes.indexOf(r[col('predicted')])),
    confidence: Float64Array.from(rows, (r) => Math.max(...probCols.map((c) => Number(r[c])))),
    entropy: num('entropy'),
    values, metrics,
    history: readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    edges: { u: Int32Array.from(edgeRows, (r) => Number(r[0])), v: Int32Array.from(edgeRows, (r) => Number(r[1])) },
    logFeatures: config.data?.logFeatures ?? [],
  };
}
