import type { NodeTypes } from '../nn/graph_input';
import { InputError } from '../util/errors';
import type { DataConfig } from './data_config';
import { categoricalColumn, fileRow, numericColumn, requireColumn, type Table } from './csv';

export const SPLIT = { NONE: 0, TRAIN: 1, VAL: 2, TEST: 3 } as const;
export const SPLIT_NAMES = ['none', 'train', 'val', 'test'];

/** Nodes with their roles resolved: coordinates, raw features, labels, split and group. */
export interface NodeSet {
  source: string;
  n: number;
  ids: string[];
  x: Float64Array;
  y: Float64Array;
  z: Float64Array | null;
  featureNames: string[];
  /** n × F feature values after log transforms; NaN where missing (only with the impute policy, before imputation). */
  features: Float64Array;
  /** Class index per node, −1 when unlabelled. */
  labels: Int32Array;
  classes: string[];
  split: Uint8Array;
  group: Int32Array;
  groupNames: string[];
  /** Table row (1-based) each node came from, for column look-ups and messages; rows of joined tables are numbered on through them (nodeLocation gives the file and its row); 0 for a node of another type (data.types), which has no row in this table. */
  rowOf: Int32Array;
  table: Table;
  /** The node tables joined into this set, in order, with their row counts (absent: one table). */
  parts?: { file: string; rows: number }[];
  /** How string columns were mapped to integer codes. */
  codes: Record<string, string[]>;
  /** Node types of a heterogeneous graph (data.types): the survey's nodes first, type 0; absent with one type. */
  types?: NodeTypes;
}

/** What a loader may relax. */
export interface LoadOptions {
  /** Label and train/split columns may be absent (inference on an unlabelled survey): nodes are then unlabelled and not flagged. */
  optionalRoles?: boolean;
  /** Only coordinates are needed (building a graph): no feature is required. */
  coordinatesOnly?: boolean;
  /**
   * Coordinate cells may be empty (the node gets NaN coordinates): no graph is built from them (an
   * edge table gives it, or the recipe reads other columns). A coordinate used as a feature still
   * needs a value unless data.missing drops or imputes gaps.
   */
  optionalCoords?: boolean;
}

/** A coordinate column as numbers: empty cells are NaN where allowed, else an error saying why a value is needed. */
function coordinateColumn(t: Table, name: string, axis: 'x' | 'y' | 'z', cfg: DataConfig, optional: boolean): Float64Array {
  const asFeature = cfg.coordFeatures.includes(axis);
  const allowEmpty = optional && (!asFeature || cfg.missing !== 'error');
  const raw = requireColumn(t, name, `the ${axis} coordinate`);
  const out = new Float64Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const s = raw[r];
    if (s === '' || /^(nan|NaN|NA|null)$/.test(s)) {
      if (!allowEmpty) {
        const why = !optional ? 'the graph is built from the coordinates (with an edge table, coordinates may be empty)'
          : `the ${axis} coordinate is a feature (data.coordFeatures); set data.missing to drop or impute gaps`;
        throw new InputError(`empty or NaN ${axis} coordinate: ${why}`, { file: t.file, row: fileRow(t, r), column: name });
      }
      out[r] = NaN;
      continue;
    }
    const v = Number(s);
    if (!Number.isFinite(v)) throw new InputError(`non-numeric value '${s}' for the ${axis} coordinate`, { file: t.file, row: fileRow(t, r), column: name });
    out[r] = v;
  }
  return out;
}

/** The file and data row a node came from (for errors about one node). */
export function nodeLocation(ns: NodeSet, i: number): { file: string; row: number } {
  let row = ns.rowOf[i];
  // the file's own row numbers when rows were dropped (data.exclude, data.every), kept through joins
  const numbered = ns.table.rowNumbers ? ns.table.rowNumbers[row - 1] : null;
  for (const p of ns.parts ?? []) {
    if (row <= p.rows) return { file: p.file, row: numbered ?? row };
    row -= p.rows;
  }
  return { file: ns.source, row: numbered ?? row };
}

/** The first node without a finite coordinate (x, y, or z when the data has z) and that coordinate, or null. */
export function firstUnplaced(ns: Pick<NodeSet, 'n' | 'x' | 'y' | 'z'>): { node: number; axis: 'x' | 'y' | 'z' } | null {
  for (let i = 0; i < ns.n; i++) {
    if (!Number.isFinite(ns.x[i])) return { node: i, axis: 'x' };
    if (!Number.isFinite(ns.y[i])) return { node: i, axis: 'y' };
    if (ns.z && !Number.isFinite(ns.z[i])) return { node: i, axis: 'z' };
  }
  return null;
}

/** Whether each node has finite coordinates (x, y, and z when the data has z). */
export function placedNodes(ns: Pick<NodeSet, 'n' | 'x' | 'y' | 'z'>): Uint8Array {
  const out = new Uint8Array(ns.n);
  for (let i = 0; i < ns.n; i++) out[i] = Number(Number.isFinite(ns.x[i]) && Number.isFinite(ns.y[i]) && (!ns.z || Number.isFinite(ns.z[i])));
  return out;
}

/** Resolve column roles; every problem is an InputError naming the file, row and column. */
export function buildNodeSet(t: Table, cfg: DataConfig, opts: LoadOptions = {}): NodeSet {
  const optionalRoles = Boolean(opts.optionalRoles);
  const file = t.file;
  // data without coordinates (citation graphs) sits at the origin; spatial builders then have nothing to use
  const optionalCoords = Boolean(opts.optionalCoords);
  const x = cfg.coords.x === null ? new Float64Array(t.rows) : coordinateColumn(t, cfg.coords.x, 'x', cfg, optionalCoords);
  const y = cfg.coords.y === null ? new Float64Array(t.rows) : coordinateColumn(t, cfg.coords.y, 'y', cfg, optionalCoords);
  const z = cfg.coords.z === null ? null : coordinateColumn(t, cfg.coords.z, 'z', cfg, optionalCoords);
  // columns copied into predictions.csv: every table must have them
  for (const c of cfg.keep ?? []) requireColumn(t, c, 'data.keep (copied into predictions.csv)');
  // the report draws wells by it: a bad cell is found now, not after training (empty cells are gaps)
  if (cfg.depth) numericColumn(t, cfg.depth, 'data.depth (depth down each well)', true);
  if (cfg.doi) numericColumn(t, cfg.doi, 'data.doi (depth of investigation)', true);
  const idCol = cfg.id ?? (t.columns.has('') ? '' : null);
  // without an id column a node's id is its data row in the file, from 0 (rows dropped by data.exclude or data.every keep their numbers)
  const ids = idCol === null ? Array.from({ length: t.rows }, (_, i) => String(fileRow(t, i) - 1)) : requireColumn(t, idCol, 'node ids').slice();
  const seen = new Map<string, number>();
  ids.forEach((id, r) => {
    if (id === '') throw new InputError('empty node id', { file, row: fileRow(t, r), column: idCol ?? '(row order)' });
    const prev = seen.get(id);
    if (prev !== undefined) throw new InputError(`duplicate node id '${id}' (first seen in row ${fileRow(t, prev)})`, { file, row: fileRow(t, r), column: idCol ?? '(row order)' });
    seen.set(id, r);
  });

  // features: explicit list, then pattern matches, then coordinates
  const names = cfg.features.slice();
  if (cfg.featurePattern) {
    let re: RegExp;
    // a quantified group that itself repeats ((a+)+, (a|aa)*) can take exponential time on a column name
    if (/\([^()]*[+*}][^()]*\)[+*{]/.test(cfg.featurePattern) || /\([^()]*\|[^()]*\)[+*{]/.test(cfg.featurePattern)) {
      throw new InputError('a repeated group that repeats inside can take forever to match; write the pattern without nesting repetitions', { key: 'data.featurePattern' });
    }
    try {
      re = new RegExp(cfg.featurePattern);
    } catch (e) {
      throw new InputError(`not a regular expression: ${(e as Error).message}`, { key: 'data.featurePattern' });
    }
    for (const h of t.header) if (re.test(h) && !names.includes(h)) names.push(h);
  }
  for (const l of cfg.logFeatures) if (!names.includes(l)) throw new InputError(`logFeatures names '${l}', which is not a feature`, { file, key: 'data.logFeatures' });
  for (const u of Object.keys(cfg.units ?? {})) if (!names.includes(u) && !cfg.coordFeatures.includes(u as 'x')) throw new InputError(`units names '${u}', which is not a feature (features: ${names.join(', ')})`, { file, key: 'data.units' });
  const coordCols = { x, y, z };
  const featureNames = [...names.map((nm) => (cfg.logFeatures.includes(nm) ? `log10_${nm}` : nm)), ...cfg.coordFeatures];
  if (featureNames.length === 0 && !opts.coordinatesOnly) throw new InputError('no features: set data.features, data.featurePattern or data.coordFeatures', { file, key: 'data.features' });
  const F = featureNames.length;
  const n = t.rows;
  const features = new Float64Array(n * F);
  names.forEach((nm, f) => {
    const v = numericColumn(t, nm, 'a feature', cfg.missing !== 'error');
    const log = cfg.logFeatures.includes(nm);
    for (let r = 0; r < n; r++) {
      let val = v[r];
      if (log && !Number.isNaN(val)) {
        if (!(val > 0)) throw new InputError(`log feature needs a positive value, got ${val}`, { file, row: fileRow(t, r), column: nm });
        val = Math.log10(val);
      }
      features[r * F + f] = val;
    }
  });
  cfg.coordFeatures.forEach((c, j) => {
    const col = coordCols[c];
    if (!col) throw new InputError(`coordinate '${c}' is used as a feature but has no column`, { file, key: 'data.coordFeatures' });
    for (let r = 0; r < n; r++) features[r * F + names.length + j] = col[r];
  });

  const codes: Record<string, string[]> = {};
  const labelled = !optionalRoles || t.columns.has(cfg.label);
  const { labels, classes } = labelled ? readLabels(t, cfg) : { labels: new Int32Array(n).fill(-1), classes: cfg.classes ?? [] };
  codes[cfg.label] = classes;
  const splitCol = cfg.holdOut?.column ?? cfg.split ?? cfg.trainFlag;
  const split = !optionalRoles || (splitCol !== null && t.columns.has(splitCol)) ? readSplit(t, cfg) : new Uint8Array(n);
  let group: Int32Array = new Int32Array(n);
  let groupNames = ['all'];
  if (cfg.group !== null && t.columns.has(cfg.group)) {
    const g = categoricalColumn(t, cfg.group, 'the group');
    group = g.codes;
    groupNames = g.names;
    codes[cfg.group] = g.names;
  }
  // without a group column all nodes form one group, and validation nodes are drawn at random
  return {
    source: file, n, ids, x, y, z, featureNames, features, labels, classes, split, group, groupNames,
    rowOf: Int32Array.from({ length: n }, (_, i) => i + 1), table: t, codes,
  };
}

function readLabels(t: Table, cfg: DataConfig): { labels: Int32Array; classes: string[] } {
  const raw = requireColumn(t, cfg.label, 'labels');
  const none = new Set(cfg.unlabelled);
  let classes = cfg.classes;
  if (classes === null) {
    const distinct = [...new Set(raw.filter((s) => !none.has(s)))];
    const numeric = distinct.every((s) => /^-?\d+(\.\d+)?$/.test(s));
    classes = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    if (none.has(raw[r])) { labels[r] = -1; continue; }
    const c = index.get(raw[r]);
    if (c === undefined) throw new InputError(`label '${raw[r]}' is not in the class list [${classes.join(', ')}]`, { file: t.file, row: fileRow(t, r), column: cfg.label });
    labels[r] = c;
  }
  return { labels, classes };
}

function readSplit(t: Table, cfg: DataConfig): Uint8Array {
  const split = new Uint8Array(t.rows);
  if (cfg.holdOut) {
    const raw = requireColumn(t, cfg.holdOut.column, 'data.holdOut');
    const held = new Set(cfg.holdOut.values);
    for (let r = 0; r < raw.length; r++) split[r] = held.has(raw[r]) ? SPLIT.TEST : SPLIT.TRAIN;
    return split;
  }
  if (cfg.split !== null) {
    const raw = requireColumn(t, cfg.split, 'the split');
    for (let r = 0; r < raw.length; r++) {
      const s = SPLIT_NAMES.indexOf(raw[r].toLowerCase());
      if (s < 0) throw new InputError(`split value '${raw[r]}' is not one of train, val, test, none`, { file: t.file, row: fileRow(t, r), column: cfg.split });
      split[r] = s;
    }
    return split;
  }
  if (cfg.trainFlag === null) throw new InputError('set data.split or data.trainFlag to say which nodes train', { file: t.file, key: 'data.trainFlag' });
  const raw = requireColumn(t, cfg.trainFlag, 'the train flag');
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r].toLowerCase();
    if (v === '1' || v === 'true') split[r] = SPLIT.TRAIN;
    else if (v === '0' || v === 'false') split[r] = SPLIT.TEST;
    else throw new InputError(`train flag '${raw[r]}' is not 1/0 or true/false`, { file: t.file, row: fileRow(t, r), column: cfg.trainFlag });
  }
  return split;
}

/**
 * Several node sets as one (a disjoint union of graphs): ids and group names are prefixed with the
 * set's position so they stay unique; features, classes and coordinates must agree.
 */
export function concatNodeSets(parts: NodeSet[]): NodeSet {
  const first = parts[0];
  for (const p of parts) {
    if (p.featureNames.join() !== first.featureNames.join()) throw new InputError(`features [${p.featureNames.join(', ')}] differ from ${first.source}'s [${first.featureNames.join(', ')}]`, { file: p.source });
    if (p.classes.join() !== first.classes.join()) throw new InputError('class lists differ between node tables', { file: p.source });
    if ((p.z === null) !== (first.z === null)) throw new InputError('some node tables have a z column and others not', { file: p.source });
  }
  const cat = <T extends Float64Array | Int32Array | Uint8Array>(get: (p: NodeSet) => T): T => {
    const arrays = parts.map(get);
    const out = new (arrays[0].constructor as new (n: number) => T)(arrays.reduce((s, a) => s + a.length, 0));
    let o = 0;
    for (const a of arrays) { out.set(a as never, o); o += a.length; }
    return out;
  };
  const groupNames: string[] = [];
  const group = new Int32Array(parts.reduce((s, p) => s + p.n, 0));
  let o = 0;
  parts.forEach((p, k) => {
    const base = groupNames.length;
    groupNames.push(...p.groupNames.map((g) => `${k}:${g}`));
    for (let i = 0; i < p.n; i++) group[o + i] = base + p.group[i];
    o += p.n;
  });
  // one table for column look-ups (line-knn), rows renumbered through rowOf
  const header = first.table.header;
  const columns = new Map(header.map((h) => [h, parts.flatMap((p) => p.table.columns.get(h) ?? new Array<string>(p.table.rows).fill(''))]));
  let rowBase = 0;
  const rowOf = new Int32Array(group.length);
  o = 0;
  for (const p of parts) {
    for (let i = 0; i < p.n; i++) rowOf[o + i] = rowBase + p.rowOf[i];
    rowBase += p.table.rows;
    o += p.n;
  }
  const renumbered = parts.some((p) => p.table.rowNumbers);
  const rowNumbers = renumbered ? Int32Array.from(parts.flatMap((p) => Array.from({ length: p.table.rows }, (_, r) => fileRow(p.table, r)))) : undefined;
  return {
    ...first,
    source: parts.map((p) => p.source).join(' + '),
    n: group.length,
    ids: parts.flatMap((p, k) => p.ids.map((id) => `${k}:${id}`)),
    x: cat((p) => p.x), y: cat((p) => p.y), z: first.z ? cat((p) => p.z!) : null,
    features: cat((p) => p.features), labels: cat((p) => p.labels), split: cat((p) => p.split),
    group, groupNames, rowOf,
    table: { file: parts.map((p) => p.source).join(' + '), header, rows: rowBase, columns, ...(rowNumbers ? { rowNumbers } : {}) },
    parts: parts.flatMap((p) => p.parts ?? [{ file: p.source, rows: p.table.rows }]),
    // the group column's mapping now lists the prefixed names (same array identity as groupNames)
    codes: Object.fromEntries(Object.entries(first.codes).map(([k, v]) => [k, v === first.groupNames ? groupNames : v])),
  };
}

/** Keep only the nodes where keep[i] is true (all per-node arrays, in order). */
export function selectNodes(ns: NodeSet, keep: Uint8Array): NodeSet {
  const idx: number[] = [];
  for (let i = 0; i < ns.n; i++) if (keep[i]) idx.push(i);
  const F = ns.featureNames.length;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (len: number) => T)(idx.length);
    idx.forEach((i, r) => { out[r] = a[i]; });
    return out;
  };
  const features = new Float64Array(idx.length * F);
  idx.forEach((i, r) => features.set(ns.features.subarray(i * F, i * F + F), r * F));
  return {
    ...ns, n: idx.length, ids: idx.map((i) => ns.ids[i]), x: pick(ns.x), y: pick(ns.y), z: ns.z ? pick(ns.z) : null,
    features, labels: pick(ns.labels), split: pick(ns.split), group: pick(ns.group), rowOf: pick(ns.rowOf),
  };
}

/** The 'drop' missing-value policy: nodes with any missing feature are removed ('impute' is fitted later, on training nodes: impute.ts). */
export function dropMissing(ns: NodeSet): { nodes: NodeSet; dropped: number } {
  const F = ns.featureNames.length;
  const keep = new Uint8Array(ns.n);
  for (let i = 0; i < ns.n; i++) {
    keep[i] = 1;
    for (let f = 0; f < F; f++) if (Number.isNaN(ns.features[i * F + f])) keep[i] = 0;
  }
  const nodes = selectNodes(ns, keep);
  return { nodes, dropped: ns.n - nodes.n };
}
