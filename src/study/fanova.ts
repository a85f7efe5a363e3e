import { isSingle, type Distribution } from './distributions';
import { growForest, type RegressionTree } from './random_forest';
import { TrialState, type FrozenTrial } from './trial';

/*
 * Parameter importances by fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014) over a random
 * forest, the way Optuna's FanovaImportanceEvaluator assesses them: parameters present in every
 * complete trial with one distribution, categoricals one-hot encoded, numbers on their own scale
 * (no log); a forest of 64 trees of depth ≤ 64 fitted to the objective; a parameter's importance
 * is the mean over trees of the variance of its marginal over the tree's total variance; the
 * importances are then scaled to sum to 1.
 */

export interface Importances {
  /** Parameter names, most important first, with their share of the explained variance. */
  ranked: { name: string; importance: number }[];
  /** Complete trials with every assessed parameter and a finite value: the forest's rows. */
  trials: number;
  /** Parameters left out, and why: absent from some complete trial, or with more than one distribution. */
  skipped: { name: string; why: string }[];
  /** The forest the importances were read from. */
  forest: { trees: number; seed: number };
}

/** The tree seen as fANOVA sees it: each node's share of the search space and its mean. */
class FanovaTree {
  private readonly mean: Float64Array;
  private readonly volume: Float64Array;
  /** Per node, whether its subtree splits on each feature (nodes × d). */
  private readonly splitsOn: Uint8Array;
  readonly variance: number;

  constructor(private readonly t: RegressionTree, private readonly bounds: Float64Array, private readonly d: number) {
    const n = t.nodes;
    this.mean = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.splitsOn = new Uint8Array(n * d);
    // nodes are numbered parents before children: the boxes go down, the statistics come up
    const box: Float64Array[] = new Array(n);
    box[0] = bounds.slice();
    for (let i = 0; i < n; i++) {
      const f = t.feature[i];
      if (f < 0) { this.mean[i] = t.value[i]; this.volume[i] = cardinality(box[i], d); continue; }
      box[t.left[i]] = narrowed(box[i], f, 1, t.threshold[i]);
      box[t.right[i]] = narrowed(box[i], f, 0, t.threshold[i]);
    }
    for (let i = n - 1; i >= 0; i--) {
      const f = t.feature[i];
      if (f < 0) continue;
      const l = t.left[i], r = t.right[i];
      this.volume[i] = this.volume[l] + this.volume[r];
      this.mean[i] = (this.mean[l] * this.volume[l] + this.mean[r] * this.volume[r]) / this.volume[i];
      for (let k = 0; k < d; k++) this.splitsOn[i * d + k] = this.splitsOn[l * d + k] | this.splitsOn[r * d + k];
      this.splitsOn[i * d + f] = 1;
    }
    const leaves: number[] = [];
    for (let i = 0; i < n; i++) if (t.feature[i] < 0) leaves.push(i);
    this.variance = weightedVariance(leaves.map((i) => this.mean[i]), leaves.map((i) => this.volume[i]));
  }

  /** Variance of the tree's mean over all other features, as a function of the features `cols` (one parameter's columns). */
  marginalVariance(cols: number[]): number {
    const { t, d } = this;
    // the cells between neighbouring thresholds of each column: midpoints and widths
    const cells = cols.map((f) => {
      const cuts = [...new Set(Array.from({ length: t.nodes }, (_, i) => i).filter((i) => t.feature[i] === f).map((i) => t.threshold[i]))].sort((a, b) => a - b);
      const edges = [this.bounds[2 * f], ...cuts, this.bounds[2 * f + 1]];
      return edges.slice(1).map((e, k) => ({ mid: (e + edges[k]) / 2, size: e - edges[k] }));
    });
    const values: number[] = [], weights: number[] = [];
    const x = new Float64Array(d).fill(NaN);
    const pick = new Array<number>(cols.length).fill(0);
    for (;;) {
      let size = 1;
      cols.forEach((f, k) => { x[f] = cells[k][pick[k]].mid; size *= cells[k][pick[k]].size; });
      const [v, w] = this.marginalAt(x, cols);
      values.push(v); weights.push(w * size);
      let k = 0;
      while (k < cols.length && ++pick[k] === cells[k].length) pick[k++] = 0;
      if (k === cols.length) break;
    }
    return weightedVariance(values, weights);
  }

  /** The tree's mean over the features that are NaN in x, with x's other features fixed; and the weight of that mean. */
  private marginalAt(x: Float64Array, cols: number[]): [number, number] {
    const { t, d } = this;
    // only the fixed features' extents matter: the others count as [0, 1]
    const start = new Float64Array(2 * d);
    for (let f = 0; f < d; f++) { start[2 * f] = 0; start[2 * f + 1] = 1; }
    for (const f of cols) { start[2 * f] = this.bounds[2 * f]; start[2 * f + 1] = this.bounds[2 * f + 1]; }
    const stack: [number, Float64Array][] = [[0, start]];
    let sum = 0, wsum = 0;
    while (stack.length) {
      const [i, box] = stack.pop()!;
      const f = t.feature[i];
      if (f >= 0) {
        if (!Number.isNaN(x[f])) {
          const goLeft = x[f] <= t.threshold[i];
          stack.push([goLeft ? t.left[i] : t.right[i], narrowed(box, f, goLeft ? 1 : 0, t.threshold[i])]);
          continue;
        }
        if (cols.some((c) => this.splitsOn[i * d + c])) {
          stack.push([t.left[i], box], [t.right[i], box]);
          continue;
        }
      }
      const w = this.volume[i] / cardinality(box, d);
      sum += this.mean[i] * w; wsum += w;
    }
    return [sum / wsum, wsum];
  }
}

/** The box with one side of feature f moved to the threshold (side 1: the upper end, for the left child). */
function narrowed(box: Float64Array, f: number, side: 0 | 1, at: number): Float64Array {
  const b = box.slice();
  b[2 * f + side] = at;
  return b;
}

function cardinality(box: Float64Array, d: number): number {
  let v = 1;
  for (let f = 0; f < d; f++) v *= box[2 * f + 1] - box[2 * f];
  return v;
}

function weightedVariance(v: number[], w: number[]): number {
  let sw = 0, s = 0;
  for (let i = 0; i < v.length; i++) { sw += w[i]; s += w[i] * v[i]; }
  const m = s / sw;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += w[i] * (v[i] - m) ** 2;
  return Math.max(0, q / sw);
}

/** Parameters in every complete trial, each with one distribution (Optuna's intersection search space), by name; and those left out. */
function commonParams(done: FrozenTrial[]): { names: string[]; skipped: Importances['skipped'] } {
  const all = [...new Set(done.flatMap((t) => Object.keys(t.distributions)))].sort();
  const names: string[] = [], skipped: Importances['skipped'] = [];
  for (const name of all) {
    const first = JSON.stringify(done.find((t) => Object.hasOwn(t.distributions, name))!.distributions[name]);
    if (!done.every((t) => Object.hasOwn(t.distributions, name))) skipped.push({ name, why: 'absent from some complete trials' });
    else if (!done.every((t) => JSON.stringify(t.distributions[name]) === first)) skipped.push({ name, why: 'its range or choices changed between trials' });
    else names.push(name);
  }
  return { names, skipped };
}

/** Importances of the parameters of a study's complete trials (objective 0); null when fewer than two trials qualify. */
export function fanovaImportances(trials: FrozenTrial[], opts: { seed?: number; trees?: number; maxDepth?: number } = {}): Importances | null {
  const complete = trials.filter((t) => t.state === TrialState.COMPLETE && t.values);
  if (!complete.length) return null;
  const forestOf = { trees: opts.trees ?? 64, seed: opts.seed ?? 0 };
  const { names, skipped } = commonParams(complete);
  const done = complete.filter((t) => Number.isFinite(t.values![0]));
  if (done.length <= 1 || !names.length) return null;
  const dist = (name: string): Distribution => done[0].distributions[name];
  const varying = names.filter((n) => !isSingle(dist(n)));
  const ranked = names.filter((n) => isSingle(dist(n))).map((name) => ({ name, importance: 0 }));
  if (varying.length) {
    // encoded columns: a categorical's choices one-hot, a number as it is
    const columns: number[][] = [];
    const bounds: number[] = [];
    for (const name of varying) {
      const d = dist(name);
      const width = d.kind === 'categorical' ? d.choices.length : 1;
      columns.push(Array.from({ length: width }, (_, k) => bounds.length / 2 + k));
      for (let k = 0; k < width; k++) bounds.push(...(d.kind === 'categorical' ? [0, 1] : [d.low, d.high]));
    }
    const D = bounds.length / 2;
    const X = new Float64Array(done.length * D);
    done.forEach((t, r) => varying.forEach((name, p) => {
      const d = dist(name);
      if (d.kind === 'categorical') X[r * D + columns[p][t.internal[name]]] = 1;
      else X[r * D + columns[p][0]] = t.params[name] as number;
    }));
    const y = Float64Array.from(done, (t) => t.values![0]);
    const forest = growForest(X, D, y, { trees: forestOf.trees, maxDepth: opts.maxDepth ?? 64, minSamplesSplit: 2, minSamplesLeaf: 1, seed: forestOf.seed });
    const trees = forest.map((t) => new FanovaTree(t, Float64Array.from(bounds), D)).filter((t) => t.variance > 0);
    const raw = columns.map((cols) => (trees.length ? trees.reduce((a, t) => a + t.marginalVariance(cols) / t.variance, 0) / trees.length : 0));
    const total = raw.reduce((a, b) => a + b, 0);
    varying.forEach((name, p) => ranked.push({ name, importance: raw[p] }));
    // Optuna's normalisation: shares of the sum, or equal shares when all are zero
    for (const r of ranked) r.importance = total > 0 ? r.importance / total : 1 / ranked.length;
  } else {
    for (const r of ranked) r.importance = 1 / ranked.length;
  }
  ranked.sort((a, b) => b.importance - a.importance || (a.name < b.name ? -1 : 1));
  return { ranked, trials: done.length, skipped, forest: forestOf };
}
