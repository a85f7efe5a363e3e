import { InputError } from '../util/errors';
import type { DataConfig } from './data_config';
import { readCsv, requireColumn, type Table } from './csv';
import { readEdgeTable } from './edge_table';
import { buildNodeSet, concatNodeSets, dropMissing, type LoadOptions, type NodeSet } from './node_set';
import { applyTransforms, everyNth, excludeRows } from './transforms';

export type { LoadOptions } from './node_set';
import { generateSurvey, surveyClasses } from './synthetic_survey';

/** Nodes and, when the data has edge tables, their edges; `notes` says what the loader did. */
export interface LoadedData {
  nodes: NodeSet;
  edges: EdgeTable | null;
  notes: string[];
  /** The data config as applied: a synthetic survey's column roles filled in (what a model must be given again). */
  roles: DataConfig;
}

/** Edges read from tables, as node indices. */
export interface EdgeTable { src: Int32Array; dst: Int32Array; weight: Float64Array | null }

/** Synthetic survey defaults that make its columns play their roles. */
export function syntheticRoles(cfg: DataConfig, survey: Table): DataConfig {
  // the units this survey reaches, top to bottom (a shallow or small survey may miss some)
  const present = new Set(survey.columns.get('label'));
  const features = cfg.features.length ? cfg.features : ['cond', 'cond_unc', 'depth', 'doi'];
  const surveyUnits = Object.entries({ cond: 'S/m', depth: 'm', doi: 'm' }).filter(([f]) => features.includes(f));
  return {
    ...cfg,
    id: cfg.id ?? 'id',
    features,
    logFeatures: cfg.features.length ? cfg.logFeatures : ['cond', 'cond_unc'],
    coordFeatures: cfg.features.length ? cfg.coordFeatures : [],
    label: 'label', group: 'Line', trainFlag: 'train', split: null,
    classes: cfg.classes ?? surveyClasses(cfg.synthetic).filter((u) => present.has(u)),
    coords: { x: 'x', y: 'y', z: 'z' },
    doi: cfg.doi ?? 'doi',
    // the units of the survey's own columns that are features; the config's win
    units: { ...Object.fromEntries(surveyUnits), ...cfg.units },
    types: cfg.synthetic.boreholeLogs > 0 && !cfg.types.some((t) => t.name === 'borehole') ? [...cfg.types, SYNTHETIC_BOREHOLES] : cfg.types,
  };
}

/** Where a synthetic survey's boreholes come from: generated with it, no file. */
export const SYNTHETIC_BOREHOLE_TABLE = '(synthetic borehole logs)';

/** The logged boreholes of a synthetic survey (synthetic.boreholeLogs) as a node type: log10 of the logged conductivity, and depth. */
const SYNTHETIC_BOREHOLES: DataConfig['types'][number] = {
  name: 'borehole', nodes: SYNTHETIC_BOREHOLE_TABLE, id: 'id', coords: { x: 'x', y: 'y', z: 'z' },
  features: ['cond', 'depth'], logFeatures: ['cond'], label: 'label', group: 'hole',
};

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Load the node tables (or generate the survey), resolve roles, apply the missing-value policy and
 * map edge tables to node indices. Several node tables form one disjoint graph: ids and groups are
 * prefixed with the table's position ("0:", "1:", …) and the class list is the union of labels.
 */
export async function loadData(dataCfg: DataConfig, seed: number, opts: LoadOptions = {}): Promise<LoadedData> {
  let cfg = dataCfg;
  let tables: Table[];
  if (cfg.source === 'synthetic') {
    tables = [generateSurvey(cfg.synthetic, seed)];
    cfg = syntheticRoles(cfg, tables[0]);
  } else {
    tables = [];
    for (const f of asList(cfg.nodes)) tables.push(await readCsv(f));
  }
  const notes: string[] = [];
  const edgeFiles = asList(cfg.edges);
  if (cfg.source === 'csv' && edgeFiles.length > 0 && edgeFiles.length !== tables.length) {
    throw new InputError(`${tables.length} node table(s) but ${edgeFiles.length} edge table(s): give one edge table per node table`, { key: 'data.edges' });
  }
  if (cfg.every > 1 && cfg.source === 'csv' && edgeFiles.length > 0) throw new InputError('thins the rows that an edge table links: not with data.edges', { key: 'data.every' });
  // rows dropped before anything else, then per-group transforms, then thinning (after the transforms, so windows see every sample)
  const excluded = new Set<string>();
  tables = tables.map((t, k) => {
    const { table, ids } = excludeRows(t, cfg, notes, tables.length > 1 ? `${k}:` : '');
    for (const id of ids) excluded.add(id);
    return everyNth(applyTransforms(table, cfg.transforms, cfg.group, notes), cfg.every, cfg.group, notes);
  });
  if (cfg.holdOut) notes.push(holdOutNote(tables, cfg.holdOut));
  if (tables.length > 1 && cfg.classes === null) cfg = { ...cfg, classes: unionOfLabels(tables, cfg) };
  if (opts.optionalRoles) {
    const absent = (col: string | null) => col !== null && tables.some((t) => !t.columns.has(col));
    if (absent(cfg.label)) notes.push(`no '${cfg.label}' column: every node is unlabelled`);
    if (cfg.split !== null ? absent(cfg.split) : absent(cfg.trainFlag)) notes.push(`no '${cfg.split ?? cfg.trainFlag}' column: no node is flagged for training`);
  }
  // with an edge table nothing is built from the coordinates: they may be empty
  const optionalCoords = Boolean(opts.optionalCoords) || (cfg.source === 'csv' && edgeFiles.length > 0);
  const parts = tables.map((t) => buildNodeSet(t, cfg, { ...opts, optionalCoords }));
  const raw = parts.length === 1 ? parts[0] : concatNodeSets(parts);
  if (parts.length > 1) notes.push(`${parts.length} graphs joined as one disjoint graph (${parts.map((p) => p.n).join(' + ')} nodes)`);
  // 'impute' leaves the gaps (NaN) to prepare, which fits the medians on the training nodes
  const { nodes, dropped } = cfg.missing === 'drop' ? dropMissing(raw) : { nodes: raw, dropped: 0 };
  if (dropped) notes.push(`dropped ${dropped} node(s) with missing features`);
  for (const [col, names] of Object.entries(nodes.codes)) {
    if (names.some((s) => !/^-?\d+$/.test(s))) notes.push(`column '${col}' mapped to codes: ${names.slice(0, 12).map((s, i) => `${s}=${i}`).join(', ')}${names.length > 12 ? ', …' : ''}`);
  }
  let edges: LoadedData['edges'] = null;
  if (cfg.source === 'csv' && edgeFiles.length > 0) {
    const kept = new Set(nodes.ids);
    const removed = new Set([...raw.ids.filter((id) => !kept.has(id)), ...excluded]);
    const src: number[] = [], dst: number[] = [], w: number[] = [];
    let weighted = false, droppedEdges = 0;
    for (let k = 0; k < edgeFiles.length; k++) {
      const e = readEdgeTable(await readCsv(edgeFiles[k]), cfg, nodes, removed, parts.length > 1 ? `${k}:` : '');
      droppedEdges += e.dropped;
      weighted ||= e.weight !== null;
      for (let j = 0; j < e.src.length; j++) { src.push(e.src[j]); dst.push(e.dst[j]); w.push(e.weight ? e.weight[j] : 1); }
    }
    if (droppedEdges) notes.push(`dropped ${droppedEdges} edge(s) of removed nodes`);
    edges = { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: weighted ? Float64Array.from(w) : null };
  }
  return { nodes, edges, notes, roles: cfg };
}

/** How many rows data.holdOut holds out, and any value no row has (a misspelt well name). */
function holdOutNote(tables: Table[], rule: NonNullable<DataConfig['holdOut']>): string {
  const cells = tables.flatMap((t) => t.columns.get(rule.column) ?? []);
  const held = new Set(rule.values);
  const n = cells.reduce((s, c) => s + (held.has(c) ? 1 : 0), 0);
  const seen = new Set(cells);
  const absent = rule.values.filter((v) => !seen.has(v));
  return `data.holdOut: ${n.toLocaleString('en')} row(s) whose ${rule.column} is ${rule.values.map((v) => `'${v}'`).join(', ')} held out for testing, the other ${(cells.length - n).toLocaleString('en')} train${absent.length ? `; no row has ${absent.map((v) => `'${v}'`).join(', ')}` : ''}`;
}

/** Distinct labels over all tables, sorted (numerically when all are numbers). */
function unionOfLabels(tables: Table[], cfg: DataConfig): string[] {
  const none = new Set(cfg.unlabelled);
  const all = new Set<string>();
  for (const t of tables) for (const v of requireColumn(t, cfg.label, 'labels')) if (!none.has(v)) all.add(v);
  const list = [...all];
  return list.every((s) => /^-?\d+(\.\d+)?$/.test(s)) ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}
