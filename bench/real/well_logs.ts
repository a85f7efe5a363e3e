/*
 * Lithology and facies from well logs, judged on wells the models never saw.
 *   FORCE 2020 (30-well subset): training wells only for fitting and model selection (grouped
 *     3-fold cross-validation over wells), the leaderboard well 25/11-24 as the test. The hidden
 *     well 31/2-10 is dropped while reading: never fitted, tuned, selected or predicted.
 *   SEG 2016: facies_vectors.csv only, leave-one-well-out over its nine real wells (the
 *     "Recruit F9" pseudo-well of facies-9 samples always trains).
 * Graph: depth neighbours within each well plus the nearest samples of other wells (FORCE: in
 * X/Y/Z with depth exaggerated; SEG, which has no coordinates: in log space). Models: GCN, SAGE,
 * GAT, an MLP on the same features, and gradient-boosted trees (scikit-learn, a python peer).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numericColumn, readCsv } from '../../src/data/csv';
import type { NodeSet } from '../../src/data/node_set';
import { undirectedGraph } from '../../src/graph/graph';
import { lineKnnEdges } from '../../src/graph/line_knn';
import { crossGroupKnnEdges } from '../../src/graph/point_graphs';
import { GraphInput } from '../../src/nn/graph_input';
import { GridIndex } from '../../src/spatial/grid_index';
import { NeighbourHeap } from '../../src/spatial/neighbour_heap';
import { ModelSection, type ModelConfig } from '../../src/nn/model_config';
import type { Prepared } from '../../src/pipeline/prepare';
import { trainModel } from '../../src/pipeline/train_model';
import { Tensor } from '../../src/tensor/tensor';
import { MethodSection, type MethodConfig } from '../../src/train/method_config';
import { withDefaults } from '../../src/util/schema';
import { makeRng, shuffle } from '../../src/util/rng';

/** Samples of several wells: raw features (NaN = missing), labels, and where each sample sits. */
export interface WellSamples {
  wells: string[];
  well: Int32Array;
  depth: Float64Array;
  /** X, Y, Z per sample (FORCE) or null (SEG). */
  xyz: Float64Array | null;
  featureNames: string[];
  raw: Float64Array;
  labels: Int32Array;
  classes: string[];
}

/** A minimal .npy reader, enough for the little-endian float64 penalty matrix. */
function readNpyMatrix(file: string): number[][] {
  const b = readFileSync(file);
  const headerLen = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + headerLen).toString('latin1');
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header)!;
  if (!header.includes("'<f8'")) throw new Error(`${file}: expected little-endian float64, header ${header}`);
  const [r, c] = [Number(shape[1]), Number(shape[2])];
  const data = new Float64Array(b.buffer.slice(b.byteOffset + 10 + headerLen, b.byteOffset + 10 + headerLen + 8 * r * c));
  return Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, i * c + c)));
}

/** FORCE lithology codes in the penalty matrix's order. */
const FORCE_CODES = ['30000', '65030', '65000', '80000', '74000', '70000', '70032', '88000', '86000', '99000', '90000', '93000'];
const FORCE_LOGS = ['CALI', 'BS', 'DCAL', 'MUDWEIGHT', 'ROP', 'RDEP', 'RMED', 'RSHA', 'RMIC', 'SP', 'DTC', 'DTS', 'NPHI', 'PEF', 'GR', 'SGR', 'RHOB', 'DRHO'];
const RESISTIVITIES = new Set(['RDEP', 'RMED', 'RSHA', 'RMIC']);
export const FORCE_TEST_WELL = '25/11-24';
const FORCE_BLIND_WELL = '31/2-10';

/**
 * Per-well features a petrophysicist would add: GR normalised within its well (tool and borehole
 * effects differ between wells) and the down-hole change of GR and deep resistivity.
 */
function engineer(s: WellSamples, gr: string, res: string): WellSamples {
  const F = s.featureNames.length;
  const n = s.well.length;
  const gi = s.featureNames.indexOf(gr), ri = s.featureNames.indexOf(res);
  const extra = ['GR_well_norm', 'dGR', `d${res}`];
  const out = new Float64Array(n * (F + 3));
  const grNorm = new Float64Array(n).fill(NaN);
  for (let w = 0; w < s.wells.length; w++) {
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => s.well[i] === w);
    const v = rows.map((i) => s.raw[i * F + gi]).filter(Number.isFinite).sort((a, b) => a - b);
    if (v.length === 0) continue;
    const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
    const spread = Math.max(1e-6, q(0.95) - q(0.05));
    for (const i of rows) grNorm[i] = (s.raw[i * F + gi] - q(0.05)) / spread;
  }
  for (let i = 0; i < n; i++) {
    out.set(s.raw.subarray(i * F, i * F + F), i * (F + 3));
    const prev = i > 0 && s.well[i - 1] === s.well[i] ? i - 1 : i;
    out[i * (F + 3) + F] = grNorm[i];
    out[i * (F + 3) + F + 1] = s.raw[i * F + gi] - s.raw[prev * F + gi];
    out[i * (F + 3) + F + 2] = s.raw[i * F + ri] - s.raw[prev * F + ri];
  }
  return { ...s, featureNames: [...s.featureNames, ...extra], raw: out };
}

/** Wells in file order, samples sorted by depth within each well (the files are). */
export async function loadForce(dataDir: string, stride: number): Promise<{ samples: WellSamples; test: Int32Array; penalty: number[][]; penaltyIndex: number[] }> {
  const t = await readCsv(join(dataDir, 'force2020_subset/force2020_30wells_labelled.csv.gz'));
  const wellCol = t.columns.get('WELL')!;
  const codes = t.columns.get('FORCE_2020_LITHOFACIES_LITHOLOGY')!;
  const depth = numericColumn(t, 'DEPTH_MD', 'depth');
  const xyzCols = ['X_LOC', 'Y_LOC', 'Z_LOC'].map((c) => numericColumn(t, c, c, true));
  const logs = FORCE_LOGS.map((c) => numericColumn(t, c, c, true));
  const keep: number[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < t.rows; r++) {
    if (wellCol[r] === FORCE_BLIND_WELL) continue; // out of bounds: never read further
    const c = seen.get(wellCol[r]) ?? 0;
    seen.set(wellCol[r], c + 1);
    if (c % stride === 0) keep.push(r);
  }
  const wells = [...new Set(keep.map((r) => wellCol[r]))];
  const present = FORCE_CODES.filter((c) => keep.some((r) => codes[r] === c));
  const n = keep.length, F = logs.length;
  const s: WellSamples = {
    wells, well: Int32Array.from(keep, (r) => wells.indexOf(wellCol[r])), depth: Float64Array.from(keep, (r) => depth[r]),
    xyz: new Float64Array(3 * n), featureNames: [...FORCE_LOGS.map((c) => (RESISTIVITIES.has(c) ? `log10_${c}` : c)), 'Z_LOC'],
    raw: new Float64Array(n * (F + 1)), labels: Int32Array.from(keep, (r) => present.indexOf(codes[r])), classes: present,
  };
  keep.forEach((r, i) => {
    logs.forEach((col, f) => { s.raw[i * (F + 1) + f] = RESISTIVITIES.has(FORCE_LOGS[f]) ? Math.log10(Math.max(col[r], 1e-3)) : col[r]; });
    s.raw[i * (F + 1) + F] = xyzCols[2][r];
    for (let d = 0; d < 3; d++) s.xyz![3 * i + d] = xyzCols[d][r];
  });
  fillPositions(s);
  const testWell = wells.indexOf(FORCE_TEST_WELL);
  return {
    samples: engineer(s, 'GR', 'log10_RDEP'),
    test: Int32Array.from({ length: n }, (_, i) => i).filter((i) => s.well[i] === testWell),
    penalty: readNpyMatrix(join(dataDir, 'force2020_subset/penalty_matrix.npy')),
    penaltyIndex: present.map((c) => FORCE_CODES.indexOf(c)),
  };
}

/** X/Y/Z are missing on a few rows: take the nearest row of the same well that has them. */
function fillPositions(s: WellSamples): void {
  const n = s.well.length;
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(s.xyz![3 * i + d])) continue;
      let best = NaN;
      for (let o = 1; o < n && Number.isNaN(best); o++) {
        for (const j of [i - o, i + o]) if (j >= 0 && j < n && s.well[j] === s.well[i] && Number.isFinite(s.xyz![3 * j + d])) { best = s.xyz![3 * j + d]; break; }
        if (o > 5000) break;
      }
      s.xyz![3 * i + d] = Number.isNaN(best) ? -s.depth[i] * (d === 2 ? 1 : 0) : best;
    }
  }
}

const SEG_LOGS = ['GR', 'ILD_log10', 'DeltaPHI', 'PHIND', 'PE', 'NM_M', 'RELPOS'];
export const SEG_PSEUDO_WELL = 'Recruit F9';

export async function loadSeg(dataDir: string): Promise<WellSamples> {
  const t = await readCsv(join(dataDir, 'seg2016_facies/facies_vectors.csv'));
  const wellCol = t.columns.get('Well Name')!;
  const facies = numericColumn(t, 'Facies', 'facies');
  const logs = SEG_LOGS.map((c) => numericColumn(t, c, c, true));
  const wells = [...new Set(wellCol)];
  const n = t.rows, F = logs.length;
  const raw = new Float64Array(n * F);
  for (let i = 0; i < n; i++) logs.forEach((col, f) => { raw[i * F + f] = col[i]; });
  const s: WellSamples = {
    wells, well: Int32Array.from(wellCol, (w) => wells.indexOf(w)), depth: numericColumn(t, 'Depth', 'depth'), xyz: null,
    featureNames: SEG_LOGS, raw, labels: Int32Array.from(facies, (f) => f - 1), classes: ['SS', 'CSiS', 'FSiS', 'SiSh', 'MS', 'WS', 'D', 'PS', 'BS'],
  };
  return engineer(s, 'GR', 'ILD_log10');
}

/**
 * Model inputs: missing values imputed with the training median plus a 0/1 indicator for every
 * feature that has gaps, then standardised with training statistics only.
 */
export function modelInputs(s: WellSamples, train: Int32Array, engineered = true): Tensor {
  const F0 = s.featureNames.length;
  const use = s.featureNames.map((_, f) => f).filter((f) => engineered || !/^(GR_well_norm|d)/.test(s.featureNames[f]));
  const n = s.well.length;
  const cols: Float64Array[] = [];
  for (const f of use) {
    const v = Float64Array.from({ length: n }, (_, i) => s.raw[i * F0 + f]);
    const tv = Array.from(train, (i) => v[i]).filter(Number.isFinite).sort((a, b) => a - b);
    const median = tv.length ? tv[Math.floor(tv.length / 2)] : 0;
    const missing = v.some((x) => !Number.isFinite(x));
    if (missing) cols.push(Float64Array.from(v, (x) => (Number.isFinite(x) ? 0 : 1)));
    cols.push(Float64Array.from(v, (x) => (Number.isFinite(x) ? x : median)));
  }
  const F = cols.length;
  const x = new Float32Array(n * F);
  cols.forEach((c, f) => {
    let m = 0, q = 0;
    for (const i of train) m += c[i];
    m /= train.length;
    for (const i of train) q += (c[i] - m) ** 2;
    const sd = Math.sqrt(q / train.length) || 1;
    for (let i = 0; i < n; i++) x[i * F + f] = (c[i] - m) / sd;
  });
  return new Tensor(x, [n, F]);
}

/** Depth neighbours within each well plus the k nearest samples of other wells in the given space. */
export function wellGraph(s: WellSamples, crossPoints: Float64Array, crossDim: number, crossK: number, depthK: number): GraphInput {
  const depthEdges = lineKnnEdges([s.depth], [1], s.well, depthK, 1);
  const cross = crossK > 0 ? crossGroupKnnEdges({ coords: crossPoints, dim: crossDim }, s.well, crossK) : { src: new Int32Array(0), dst: new Int32Array(0) };
  const src = new Int32Array([...depthEdges.src, ...cross.src]);
  const dst = new Int32Array([...depthEdges.dst, ...cross.dst]);
  return new GraphInput(undirectedGraph(s.well.length, src, dst, null).adj);
}

/**
 * The models every well-log task fits. "+ labels" reads the training wells' lithology through the
 * graph (method.labelInput: whole wells hidden each epoch, learnt from their neighbours).
 */
export const WELL_MODELS: Record<string, { model: Partial<ModelConfig>; method?: Partial<MethodConfig> }> = {
  gcn: { model: { type: 'gcn', hidden: 64, layers: 2, dropout: 0.2 } },
  sage: { model: { type: 'sage', hidden: 64, layers: 2, dropout: 0.2 } },
  gat: { model: { type: 'gat', hidden: 16, heads: 4, layers: 2, dropout: 0.2 } },
  'sage + labels': { model: { type: 'sage', hidden: 64, layers: 2, dropout: 0.2 }, method: { labelInput: true } },
  mlp: { model: { type: 'mlp', hidden: 64, layers: 2, dropout: 0.2 } },
};
const METHOD: Partial<MethodConfig> = { epochs: 150, lr: 0.01, weightDecay: 5e-4, patience: 25, baseline: false };

/** Train on `train` (early stopping on `val`), predict every sample. */
export async function fitPredict(name: string, s: WellSamples, graph: GraphInput, x: Tensor, train: Int32Array, val: Int32Array, seed: number): Promise<Int32Array> {
  const spec = WELL_MODELS[name];
  const model = withDefaults(ModelSection, spec.model);
  const method = withDefaults(MethodSection, { ...METHOD, ...spec.method });
  const nodes = { labels: s.labels, classes: s.classes, group: s.well } as NodeSet;
  const split = { train, val, test: new Int32Array(0), role: new Uint8Array(s.labels.length) };
  return (await trainModel({ nodes, split, features: x, input: graph } as Prepared, model, method, seed)).pred;
}

/**
 * Gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, which takes the NaNs as they
 * are) on the same raw and engineered features, one fit per task; null when python lacks it.
 */
export function treePredict(s: WellSamples, tasks: { train: Int32Array; test: Int32Array }[]): (Int32Array | null)[] | null {
  const dir = mkdtempSync(join(tmpdir(), 'trees-'));
  try {
    const F = s.featureNames.length, n = s.well.length;
    const lines = [[...s.featureNames.map((_, f) => `f${f}`), 'label', ...tasks.map((_, t) => `t${t}`)].join(',')];
    const role = tasks.map((t) => {
      const r = new Array<string>(n).fill('');
      for (const i of t.train) r[i] = 'train';
      for (const i of t.test) r[i] = 'test';
      return r;
    });
    for (let i = 0; i < n; i++) {
      const f = Array.from(s.raw.subarray(i * F, i * F + F), (v) => (Number.isFinite(v) ? String(v) : ''));
      lines.push([...f, s.labels[i], ...role.map((r) => r[i])].join(','));
    }
    writeFileSync(join(dir, 'samples.csv'), lines.join('\n') + '\n');
    const r = spawnSync('python3', [join(__dirname, '../peers/tree_baseline.py'), join(dir, 'samples.csv'), join(dir, 'pred.json')], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`tree baseline skipped: ${r.stderr.trim().split('\n').pop()}`);
      return null;
    }
    const pred = JSON.parse(readFileSync(join(dir, 'pred.json'), 'utf8')) as number[][];
    return tasks.map((t, k) => {
      const full = new Int32Array(n).fill(-1);
      t.test.forEach((i, j) => { full[i] = pred[k][j]; });
      return full;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A graph-free spatial baseline for models that read neighbours' labels: each test sample takes
 * the majority class of its k nearest training samples in the given space (ties to the nearest).
 */
export function nearestLabelPredict(s: WellSamples, points: Float64Array, dim: number, train: Int32Array, test: Int32Array, k: number): Int32Array {
  const sub = new Float64Array(train.length * dim);
  train.forEach((i, r) => sub.set(points.subarray(i * dim, i * dim + dim), r * dim));
  const index = new GridIndex(sub, dim);
  const heap = new NeighbourHeap(k);
  const pred = new Int32Array(s.well.length).fill(-1);
  const votes = new Float64Array(s.classes.length);
  for (const i of test) {
    index.searchKnn(points, i * dim, -1, heap);
    votes.fill(0);
    for (let j = 0; j < heap.size; j++) votes[s.labels[train[heap.idx[j]]]] += 1 + 1e-6 * (heap.size - j);
    pred[i] = votes.indexOf(Math.max(...votes));
  }
  return pred;
}

export function accuracy(labels: Int32Array, pred: Int32Array, rows: ArrayLike<number>): number {
  let ok = 0;
  for (let j = 0; j < rows.length; j++) if (labels[rows[j]] === pred[rows[j]]) ok++;
  return ok / rows.length;
}

/** The competition score: minus the mean penalty of (true, predicted) over the rows. */
export function penaltyScore(labels: Int32Array, pred: Int32Array, rows: ArrayLike<number>, penalty: number[][], index: number[]): number {
  let s = 0;
  for (let j = 0; j < rows.length; j++) s += penalty[index[labels[rows[j]]]][index[pred[rows[j]]]];
  return -s / rows.length;
}

/** Split wells into k groups after a seeded shuffle. */
export function wellFolds(wells: number[], k: number, seed: number): number[][] {
  const w = wells.slice();
  shuffle(w, makeRng(`folds-${seed}`));
  return Array.from({ length: k }, (_, f) => w.filter((_, i) => i % k === f).sort((a, b) => a - b));
}

export const rowsOf = (s: WellSamples, wells: Set<number>) => Int32Array.from({ length: s.well.length }, (_, i) => i).filter((i) => wells.has(s.well[i]));
