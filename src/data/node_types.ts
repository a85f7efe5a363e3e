import type { NodeTypes } from '../nn/graph_input';
import { GridIndex } from '../spatial/grid_index';
import { NeighbourHeap } from '../spatial/neighbour_heap';
import { InputError } from '../util/errors';
import { readCsv, requireColumn, type Table } from './csv';
import type { DataConfig, NodeTypeConfig } from './data_config';
import { SYNTHETIC_BOREHOLE_TABLE } from './load';
import { SPLIT, buildNodeSet, type NodeSet } from './node_set';
import { generateBoreholeLogs } from './synthetic_survey';

/*
 * Heterogeneous data (issue #18): node types beside the survey's own (data.types), each read from
 * its own table with its own features, then joined with the survey's nodes into one node set whose
 * feature columns are laid out in blocks, one block per type (a node's columns of other types are
 * empty), plus a 0/1 column per extra type. A first layer reading these columns is a projection per
 * type with a bias per type, which is what heterogeneous models give each node type.
 */

/** Whether a joined feature column belongs to another node type (<type>:<feature>, is_<type>), not to the survey. */
export function isTypeColumn(feature: string, types: { name: string }[]): boolean {
  return types.some((t) => feature.startsWith(`${t.name}:`) || feature === `is_${t.name}`);
}

/** One extra type's nodes as read, before the join. */
export interface TypeNodes { name: string; nodes: NodeSet }

/** The tables of data.types (a synthetic survey's logged boreholes generated), read into node sets sharing the survey's classes. */
export async function loadNodeTypes(cfg: DataConfig, classes: string[], seed: number): Promise<TypeNodes[]> {
  const out: TypeNodes[] = [];
  for (const [k, spec] of cfg.types.entries()) {
    if (spec.name === cfg.type) throw new InputError(`a node type may not take the survey's own type name '${cfg.type}'`, { key: `data.types[${k}].name` });
    if (out.some((t) => t.name === spec.name)) throw new InputError(`node type '${spec.name}' is listed twice`, { key: `data.types[${k}].name` });
    const generated = cfg.source === 'synthetic' && spec.name === 'borehole' && cfg.synthetic.boreholeLogs > 0;
    if (!generated && spec.nodes === SYNTHETIC_BOREHOLE_TABLE) throw new InputError("the boreholes were generated with the model's synthetic survey: a node table of other data needs its own boreholes' table (data.types)", { key: `data.types[${k}].nodes` });
    const table: Table = generated ? generateBoreholeLogs(cfg.synthetic, seed) : await readCsv(spec.nodes);
    out.push({ name: spec.name, nodes: typeNodeSet(table, cfg, spec, classes) });
  }
  return out;
}

/** A type's node set: its own columns and features, the survey's classes, every labelled node training. */
function typeNodeSet(t: Table, cfg: DataConfig, spec: NodeTypeConfig, classes: string[]): NodeSet {
  const own: DataConfig = {
    ...cfg, source: 'csv', id: spec.id, coords: { x: spec.coords.x, y: spec.coords.y, z: spec.coords.z },
    features: spec.features, featurePattern: null, logFeatures: spec.logFeatures, coordFeatures: [],
    label: spec.label ?? cfg.label, classes, split: null, trainFlag: null, holdOut: null, exclude: null, group: spec.group,
    keep: [], transforms: [], every: 1, depth: null, doi: null, units: {}, types: [], missing: 'impute', missingIndicator: false,
  };
  // roles are set below, not read: only a named label column must exist
  if (spec.label !== null) requireColumn(t, spec.label, `the labels of node type '${spec.name}'`);
  const ns = buildNodeSet(t, own, { optionalRoles: true });
  if (spec.label === null) ns.labels.fill(-1);
  // the type's labels are training data: never held out, never validation
  for (let i = 0; i < ns.n; i++) ns.split[i] = ns.labels[i] >= 0 ? SPLIT.TRAIN : SPLIT.NONE;
  return ns;
}

/**
 * The survey's nodes (first, in their order) and each type's, as one node set: ids <type>:<id>;
 * features in blocks, NaN outside a node's own block (predictions.csv leaves those cells empty); the
 * group of an extra type's node is the survey line nearest it (so the report draws it on that line).
 * `scaled` gives, beside it, the n × F input a model reads: the survey's block as the survey was
 * scaled, each type's block standardised over all its nodes (no label is read) with gaps at the
 * type's median, 0 outside a node's block, and the type columns.
 */
export function joinNodeTypes(survey: NodeSet, surveyScaled: Float32Array, surveyType: string, extra: TypeNodes[]): { nodes: NodeSet; scaled: Float32Array; types: NodeTypes } {
  const F0 = survey.featureNames.length;
  const blocks = extra.map((t) => t.nodes.featureNames.length);
  const F = F0 + blocks.reduce((a, b) => a + b, 0) + extra.length;
  const n = survey.n + extra.reduce((s, t) => s + t.nodes.n, 0);
  const features = new Float64Array(n * F).fill(NaN);
  const scaled = new Float32Array(n * F);
  for (let i = 0; i < survey.n; i++) {
    features.set(survey.features.subarray(i * F0, (i + 1) * F0), i * F);
    scaled.set(surveyScaled.subarray(i * F0, (i + 1) * F0), i * F);
  }
  const of = new Int32Array(n);
  const ids = survey.ids.slice(), group = new Int32Array(n);
  group.set(survey.group);
  const x = new Float64Array(n), y = new Float64Array(n);
  x.set(survey.x);
  y.set(survey.y);
  const z = survey.z ? new Float64Array(n) : null;
  if (z) z.set(survey.z!);
  const labels = new Int32Array(n), split = new Uint8Array(n);
  labels.set(survey.labels);
  split.set(survey.split);
  const onMap = mapIndex(survey);
  // the samples of a borehole share a place: its nearest survey node is looked for once
  const nearest = new Map<string, number>();
  const nearestAt = (px: number, py: number) => {
    const key = `${px},${py}`;
    return nearest.get(key) ?? nearest.set(key, onMap(px, py)).get(key)!;
  };
  let row = survey.n, col = F0;
  extra.forEach((t, k) => {
    const ns = t.nodes, B = ns.featureNames.length;
    if ((ns.z === null) !== (survey.z === null)) throw new InputError(`node type '${t.name}' ${ns.z ? 'has' : 'has no'} z where the survey ${survey.z ? 'has' : 'has none'}`, { file: ns.source });
    const { centre, spread } = typeScaling(ns);
    for (let i = 0; i < ns.n; i++) {
      const r = row + i;
      of[r] = k + 1;
      ids.push(`${t.name}:${ns.ids[i]}`);
      x[r] = ns.x[i]; y[r] = ns.y[i];
      if (z) z[r] = ns.z![i];
      labels[r] = ns.labels[i];
      split[r] = ns.split[i];
      group[r] = survey.group[nearestAt(ns.x[i], ns.y[i])];
      for (let f = 0; f < B; f++) {
        const v = ns.features[i * B + f];
        features[r * F + col + f] = v;
        scaled[r * F + col + f] = ((Number.isNaN(v) ? centre[f] : v) - centre[f]) / spread[f];
      }
      scaled[r * F + F0 + blocks.reduce((a, b) => a + b, 0) + k] = 1;
    }
    row += ns.n;
    col += B;
  });
  const featureNames = [...survey.featureNames, ...extra.flatMap((t) => t.nodes.featureNames.map((f) => `${t.name}:${f}`)), ...extra.map((t) => `is_${t.name}`)];
  // type columns read as features too (0 or 1)
  for (let r = 0; r < n; r++) for (let k = 0; k < extra.length; k++) features[r * F + F - extra.length + k] = of[r] === k + 1 ? 1 : 0;
  return {
    nodes: {
      ...survey, source: [survey.source, ...extra.map((t) => t.nodes.source)].join(' + '), n, ids, x, y, z, featureNames, features, labels, split, group,
      // survey rows keep their table rows; other types' rows have none there (rowOf 0 reads nothing)
      rowOf: Int32Array.from({ length: n }, (_, i) => (i < survey.n ? survey.rowOf[i] : 0)),
    },
    scaled,
    types: { of, names: [surveyType, ...extra.map((t) => t.name)] },
  };
}

/** Per feature of one type: the median (the centre, and what fills its gaps) and the standard deviation (1 for a constant). */
function typeScaling(ns: NodeSet): { centre: number[]; spread: number[] } {
  const B = ns.featureNames.length;
  const centre: number[] = [], spread: number[] = [];
  for (let f = 0; f < B; f++) {
    const v: number[] = [];
    for (let i = 0; i < ns.n; i++) if (!Number.isNaN(ns.features[i * B + f])) v.push(ns.features[i * B + f]);
    v.sort((a, b) => a - b);
    const median = v.length ? v[Math.floor(v.length / 2)] : 0;
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    centre.push(median);
    spread.push(sd > 0 ? sd : 1);
  }
  return { centre, spread };
}

/** The survey node nearest a point on the map (x, y; the lower index on a tie), by a grid index over the survey's nodes with coordinates. */
function mapIndex(survey: NodeSet): (x: number, y: number) => number {
  const placed = Int32Array.from({ length: survey.n }, (_, i) => i).filter((i) => Number.isFinite(survey.x[i]) && Number.isFinite(survey.y[i]));
  if (placed.length === 0) return () => 0;
  const index = new GridIndex(Float64Array.from({ length: 2 * placed.length }, (_, k) => (k % 2 ? survey.y : survey.x)[placed[k >> 1]]), 2);
  const heap = new NeighbourHeap(1);
  return (x, y) => {
    index.searchKnn(Float64Array.of(x, y), 0, -1, heap);
    return placed[heap.idx[0]];
  };
}
