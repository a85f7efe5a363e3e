import { makeRng, type Rng } from '../util/rng';

/*
 * A random forest of regression trees (CART, squared error), as scikit-learn's
 * RandomForestRegressor grows it by default: each tree on a bootstrap sample, every feature
 * considered at every split, thresholds halfway between neighbouring values, a leaf holds the
 * mean of its samples. fANOVA reads the trees' structure, so trees are flat arrays.
 */

/** One tree: node i splits on feature[i] at threshold[i] (x ≤ threshold goes left), or is a leaf (feature -1) holding value[i]. */
export interface RegressionTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  nodes: number;
}

export interface ForestOptions { trees: number; maxDepth: number; minSamplesSplit: number; minSamplesLeaf: number; seed: number }

/** Scikit-learn's test for a constant feature within a node, and its smallest impurity worth splitting. */
const CONSTANT = 1e-7;
const EPSILON = 2 ** -52;

/** Grow one tree on rows X (n × d, row-major) with per-row weights (bootstrap counts; rows of weight 0 are absent). */
export function growTree(X: Float64Array, d: number, y: Float64Array, weight: Float64Array, opts: ForestOptions, rng: Rng): RegressionTree {
  const feature: number[] = [], threshold: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (weight[i] > 0) rows.push(i);
  const newNode = () => { feature.push(-1); threshold.push(NaN); left.push(-1); right.push(-1); value.push(NaN); return feature.length - 1; };
  // explicit stack of (node, rows, depth)
  const stack: { node: number; rows: number[]; depth: number }[] = [{ node: newNode(), rows, depth: 0 }];
  const order = Array.from({ length: d }, (_, j) => j);
  while (stack.length) {
    const { node, rows: r, depth } = stack.pop()!;
    let w = 0, s = 0, ss = 0;
    for (const i of r) { w += weight[i]; s += weight[i] * y[i]; ss += weight[i] * y[i] * y[i]; }
    value[node] = s / w;
    const impurity = ss / w - (s / w) ** 2;
    if (depth >= opts.maxDepth || r.length < opts.minSamplesSplit || r.length < 2 * opts.minSamplesLeaf || impurity <= EPSILON) continue;
    // features in a random order, as scikit-learn draws them; the first best split is kept
    for (let j = d - 1; j > 0; j--) { const k = rng.int(j + 1); [order[j], order[k]] = [order[k], order[j]]; }
    // as scikit-learn: the best split is taken even when it gains nothing (pure interactions need it)
    let bestGain = -Infinity, bestF = -1, bestT = NaN;
    for (const f of order) {
      const sorted = r.slice().sort((a, b) => X[a * d + f] - X[b * d + f] || a - b);
      if (X[sorted[sorted.length - 1] * d + f] - X[sorted[0] * d + f] <= CONSTANT) continue;
      // sum of squared errors removed by the split = wL·meanL² + wR·meanR² − w·mean²
      let wl = 0, sl = 0;
      for (let p = 0; p < sorted.length - 1; p++) {
        const i = sorted[p];
        wl += weight[i]; sl += weight[i] * y[i];
        const a = X[i * d + f], b = X[sorted[p + 1] * d + f];
        if (b <= a + CONSTANT || p + 1 < opts.minSamplesLeaf || sorted.length - p - 1 < opts.minSamplesLeaf) continue;
        const wr = w - wl, sr = s - sl;
        const gain = (sl * sl) / wl + (sr * sr) / wr - (s * s) / w;
        if (gain > bestGain) {
          bestGain = gain; bestF = f;
          const mid = a / 2 + b / 2;
          bestT = mid >= b || !Number.isFinite(mid) ? a : mid;
        }
      }
    }
    if (bestF < 0) continue;
    feature[node] = bestF; threshold[node] = bestT;
    const lo: number[] = [], hi: number[] = [];
    for (const i of r) (X[i * d + bestF] <= bestT ? lo : hi).push(i);
    left[node] = newNode(); right[node] = newNode();
    stack.push({ node: right[node], rows: hi, depth: depth + 1 }, { node: left[node], rows: lo, depth: depth + 1 });
  }
  return { feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value), nodes: feature.length };
}

/** A seeded forest: tree t is grown on its own bootstrap sample of the n rows. */
export function growForest(X: Float64Array, d: number, yRaw: Float64Array, opts: ForestOptions): RegressionTree[] {
  const rng = makeRng(`forest:${opts.seed}`);
  const n = yRaw.length;
  // centred, so a node's variance (a mean of squares less a squared mean) does not cancel away on a large offset
  const mean = yRaw.reduce((a, b) => a + b, 0) / n;
  const y = yRaw.map((v) => v - mean);
  const trees: RegressionTree[] = [];
  for (let t = 0; t < opts.trees; t++) {
    const weight = new Float64Array(n);
    for (let i = 0; i < n; i++) weight[rng.int(n)]++;
    const tree = growTree(X, d, y, weight, opts, rng);
    for (let i = 0; i < tree.nodes; i++) tree.value[i] += mean;
    trees.push(tree);
  }
  return trees;
}

/** The tree's prediction for row x. */
export function predictTree(t: RegressionTree, x: ArrayLike<number>): number {
  let i = 0;
  while (t.feature[i] >= 0) i = x[t.feature[i]] <= t.threshold[i] ? t.left[i] : t.right[i];
  return t.value[i];
}
