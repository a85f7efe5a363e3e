import { InputError } from '../util/errors';
import { fileRow, numericColumn, selectRows, type Table } from './csv';
import type { DataConfig, TransformConfig } from './data_config';

/*
 * The row steps between reading a node table and resolving its columns' roles: data.exclude
 * (rows dropped before anything else), data.transforms (per-group feature columns) and data.every
 * (thinning each group). Each works on one table, and the transforms on one group of it at a time:
 * a value is computed from its own group's values only, so nothing crosses wells or lines, and
 * nothing is fitted (predict recomputes them on new data from the saved config).
 */

const count = (n: number) => n.toLocaleString('en');

/**
 * data.exclude: the table without the rows whose column holds one of the values. Returns the ids
 * of the dropped rows (as buildNodeSet would name them, with `idPrefix`), so an edge table's edges
 * to them can be dropped too, and nothing else of them.
 */
export function excludeRows(t: Table, cfg: Pick<DataConfig, 'exclude' | 'id'>, notes: string[], idPrefix = ''): { table: Table; ids: string[] } {
  if (!cfg.exclude) return { table: t, ids: [] };
  const { column, values } = cfg.exclude;
  if (!t.columns.has(column)) throw new InputError(`data.exclude names column '${column}', which the table lacks (columns are: ${t.header.map((h) => `'${h}'`).join(', ')})`, { file: t.file, key: 'data.exclude.column' });
  const cells = t.columns.get(column)!;
  const drop = new Set(values);
  const keep: number[] = [], dropped: number[] = [];
  for (let r = 0; r < t.rows; r++) (drop.has(cells[r]) ? dropped : keep).push(r);
  const idCol = cfg.id ?? (t.columns.has('') ? '' : null);
  const idCells = idCol === null ? null : t.columns.get(idCol) ?? null;
  const ids = dropped.map((r) => idPrefix + (idCells ? idCells[r] : String(fileRow(t, r) - 1)));
  const found = values.filter((v) => dropped.some((r) => cells[r] === v));
  const absent = values.filter((v) => !found.includes(v));
  notes.push(`data.exclude: dropped ${count(dropped.length)} row(s) whose ${column} is ${values.map((v) => `'${v}'`).join(', ')} before anything else was read from them${absent.length ? ` (no row has ${absent.map((v) => `'${v}'`).join(', ')})` : ''}`);
  return { table: dropped.length ? selectRows(t, keep) : t, ids };
}

/** Row lists of each group (the group column's distinct values, in order of first appearance), or one group of every row. */
function groupRows(t: Table, group: string | null): number[][] {
  const cells = group !== null ? t.columns.get(group) : undefined;
  if (!cells) return [Array.from({ length: t.rows }, (_, r) => r)];
  const by = new Map<string, number[]>();
  for (let r = 0; r < t.rows; r++) {
    const g = by.get(cells[r]);
    if (g) g.push(r); else by.set(cells[r], [r]);
  }
  return [...by.values()];
}

/** data.every: every n-th row of each group, in file order. */
export function everyNth(t: Table, every: number, group: string | null, notes: string[]): Table {
  if (every <= 1) return t;
  const keep: number[] = [];
  for (const rows of groupRows(t, group)) for (let j = 0; j < rows.length; j += every) keep.push(rows[j]);
  keep.sort((a, b) => a - b);
  notes.push(`data.every: kept 1 row in ${every} of each ${group !== null && t.columns.has(group) ? `'${group}' group` : 'table'}: ${count(keep.length)} of ${count(t.rows)} rows`);
  return selectRows(t, keep);
}

/** The output column's name: `as`, else one made from the column and the operation. */
export function transformName(tr: TransformConfig): string {
  if (tr.as !== null) return tr.as;
  switch (tr.op) {
    case 'group-standardize': return `${tr.column}_group_z`;
    case 'group-quantile': return `${tr.column}_group_q`;
    case 'group-range': return `${tr.column}_group_range`;
    case 'diff': return `${tr.column}_diff`;
    case 'rolling-mean': return `${tr.column}_mean_${tr.window}`;
    case 'rolling-std': return `${tr.column}_std_${tr.window}`;
    case 'log10': return `log10_${tr.column}`;
  }
}

/**
 * data.transforms, in order, on one table: each adds its output column (or replaces its source
 * column when `as` names it), so a later transform, the features, the graph's columns and
 * data.keep can read it. Computed on each group (data.group) alone; without a group column the
 * table is one group. `notes` gets one line per transform saying what it did with missing values.
 */
export function applyTransforms(t: Table, transforms: TransformConfig[], group: string | null, notes: string[]): Table {
  if (transforms.length === 0) return t;
  const groups = groupRows(t, group);
  if (group === null || !t.columns.has(group)) notes.push(`data.transforms: ${group === null ? 'data.group is not set' : `no '${group}' column`}, so the whole table is one group`);
  let table = t;
  transforms.forEach((tr, i) => {
    const key = `data.transforms[${i}]`;
    const name = transformName(tr);
    if (name !== tr.column && table.columns.has(name)) {
      throw new InputError(`the output '${name}' is already a column: name it otherwise with 'as', or give the column's own name to replace it`, { file: table.file, key: tr.as !== null ? `${key}.as` : key });
    }
    const v = numericColumn(table, tr.column, `the column of ${key} (${tr.op})`, true);
    const inputMissing = v.reduce((s, x) => s + (Number.isNaN(x) ? 1 : 0), 0);
    let out: Float64Array;
    let detail = '';
    switch (tr.op) {
      case 'group-standardize': case 'group-quantile': case 'group-range': {
        const r = perGroup(v, groups, tr);
        out = r.out;
        detail = `within each of ${groups.length} group(s)${r.flat ? `; ${r.flat} group(s) without spread get 0` : ''}${r.empty ? `; ${r.empty} group(s) without any value stay missing` : ''}`;
        break;
      }
      case 'diff': case 'rolling-mean': case 'rolling-std': {
        const depth = numericColumn(table, tr.along, `the depth column of ${key}`, true);
        const noDepth = depth.reduce((s, x) => s + (Number.isNaN(x) ? 1 : 0), 0);
        out = tr.op === 'diff' ? downhole(v, depth, groups) : rolling(v, depth, groups, tr.window, tr.op === 'rolling-std');
        detail = `along ${tr.along}${tr.op === 'diff' ? '' : ` over ${tr.window} (centred)`} within each group${noDepth ? `; ${count(noDepth)} row(s) without a depth get none` : ''}`;
        break;
      }
      case 'log10': {
        out = new Float64Array(v.length);
        let floored = 0;
        for (let r = 0; r < v.length; r++) {
          let x = v[r];
          if (tr.floor !== null && x < tr.floor) { x = tr.floor; floored++; }
          if (!(x > 0) && !Number.isNaN(x)) throw new InputError(`log10 needs a positive value, got ${x}: set a floor (e.g. "floor": 0.01) to raise such values first`, { file: table.file, row: fileRow(table, r), column: tr.column, key });
          out[r] = Math.log10(x);
        }
        detail = tr.floor !== null ? `with floor ${tr.floor}${floored ? ` (${count(floored)} value(s) raised to it)` : ' (no value below it)'}` : '';
        break;
      }
    }
    const missing = out.reduce((s, x) => s + (Number.isNaN(x) ? 1 : 0), 0);
    notes.push(`${key}: ${name} = ${tr.op} of ${tr.column}${detail ? ` ${detail}` : ''}; ${count(missing)} of ${count(out.length)} value(s) missing${inputMissing ? ` (${count(inputMissing)} missing in ${tr.column})` : ''}`);
    table = withColumn(table, name, out);
  });
  return table;
}

/** The table with a numeric column set (added at the end, or replaced in place); NaN is written as an empty cell. */
function withColumn(t: Table, name: string, values: Float64Array): Table {
  const columns = new Map(t.columns);
  columns.set(name, Array.from(values, (x) => (Number.isNaN(x) ? '' : String(x))));
  return { ...t, header: t.header.includes(name) ? t.header : [...t.header, name], columns };
}

/** Linear-interpolated percentile of sorted values (numpy's default). */
function percentile(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** group-standardize, group-quantile and group-range: each group's non-missing values against that group's own statistics. */
function perGroup(v: Float64Array, groups: number[][], tr: Extract<TransformConfig, { op: 'group-standardize' | 'group-quantile' | 'group-range' }>): { out: Float64Array; flat: number; empty: number } {
  const out = new Float64Array(v.length).fill(NaN);
  let flat = 0, empty = 0;
  for (const rows of groups) {
    const ok = rows.filter((r) => !Number.isNaN(v[r]));
    const n = ok.length;
    if (n === 0) { empty++; continue; }
    if (tr.op === 'group-standardize') {
      const mean = ok.reduce((s, r) => s + v[r], 0) / n;
      const ss = ok.reduce((s, r) => s + (v[r] - mean) ** 2, 0);
      const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
      if (!(sd > 0)) flat++;
      for (const r of ok) out[r] = sd > 0 ? (v[r] - mean) / sd : 0;
    } else if (tr.op === 'group-range') {
      const sorted = ok.map((r) => v[r]).sort((a, b) => a - b);
      const lo = percentile(sorted, tr.low), hi = percentile(sorted, tr.high);
      if (!(hi > lo)) flat++;
      for (const r of ok) out[r] = hi > lo ? (v[r] - lo) / (hi - lo) : 0;
    } else {
      // mean ranks of ties, from 1; quantile (rank − 1) / (n − 1)
      const order = ok.slice().sort((a, b) => v[a] - v[b]);
      for (let s = 0; s < n;) {
        let e = s;
        while (e + 1 < n && v[order[e + 1]] === v[order[s]]) e++;
        const rank = (s + e) / 2 + 1;
        for (let j = s; j <= e; j++) out[order[j]] = n > 1 ? (rank - 1) / (n - 1) : 0.5;
        s = e + 1;
      }
    }
  }
  return { out, flat, empty };
}

/** Each group's rows with a depth, ordered by depth (ties by row). */
function byDepth(rows: number[], depth: Float64Array): number[] {
  return rows.filter((r) => !Number.isNaN(depth[r])).sort((a, b) => depth[a] - depth[b] || a - b);
}

/** diff: value minus that of the sample just above (by depth) in the same group; NaN at each group's top and where either is missing. */
function downhole(v: Float64Array, depth: Float64Array, groups: number[][]): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  for (const rows of groups) {
    const order = byDepth(rows, depth);
    for (let k = 1; k < order.length; k++) out[order[k]] = v[order[k]] - v[order[k - 1]];
  }
  return out;
}

/**
 * rolling-mean / rolling-std over the samples of the same group within window/2 above and below
 * (inclusive, with a relative tolerance of 1e-9 for depths written in decimals), skipping missing
 * values: the mean of those present (NaN if none), the population standard deviation (NaN if fewer
 * than two). Prefix sums of deviations from the group's mean keep it O(n) and accurate.
 */
function rolling(v: Float64Array, depth: Float64Array, groups: number[][], window: number, std: boolean): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  const half = window / 2 + 1e-9 * window;
  for (const rows of groups) {
    const order = byDepth(rows, depth);
    const m = order.length;
    let center = 0, present = 0;
    for (const r of order) if (!Number.isNaN(v[r])) { center += v[r]; present++; }
    center = present ? center / present : 0;
    const c = new Float64Array(m + 1), s1 = new Float64Array(m + 1), s2 = new Float64Array(m + 1);
    order.forEach((r, k) => {
      const x = v[r] - center, ok = !Number.isNaN(x);
      c[k + 1] = c[k] + (ok ? 1 : 0); s1[k + 1] = s1[k] + (ok ? x : 0); s2[k + 1] = s2[k] + (ok ? x * x : 0);
    });
    let lo = 0, hi = 0;
    for (let k = 0; k < m; k++) {
      const z = depth[order[k]];
      while (depth[order[lo]] < z - half) lo++;
      while (hi < m && depth[order[hi]] <= z + half) hi++;
      const cnt = c[hi] - c[lo];
      const mu = (s1[hi] - s1[lo]) / cnt;
      if (!std) { if (cnt > 0) out[order[k]] = center + mu; } else if (cnt > 1) out[order[k]] = Math.sqrt(Math.max(0, (s2[hi] - s2[lo]) / cnt - mu * mu));
    }
  }
  return out;
}

/** Why a transform list cannot work, before any table is read (checked with the config): issues by key. */
export function transformIssues(transforms: TransformConfig[]): { key: string; message: string }[] {
  const out: { key: string; message: string }[] = [];
  transforms.forEach((tr, i) => {
    if (tr.op === 'group-range' && !(tr.high > tr.low)) out.push({ key: `data.transforms[${i}].high`, message: `is ${tr.high}, must be above low (${tr.low})` });
  });
  return out;
}
