/**
 * The depth-only baseline: the class frequencies of the training nodes at each depth, and nothing
 * else. Depths are binned (each distinct depth when there are few, as in a layered inversion, else
 * quantile bins of the training depths); a node takes the class frequencies of its bin. It says how much of a section depth alone explains.
 */
export interface DepthClassifier { edges: Float64Array; probs: Float64Array; C: number; /** Class frequencies of all training nodes: for a node without a depth. */ prior: Float64Array }

const MAX_BINS = 64;

/**
 * Fitted on the training nodes with a depth (a node without coordinates has none, NaN); null when
 * no training node has one.
 */
export function fitDepthClassifier(depth: Float64Array, labels: Int32Array, trainAll: Int32Array, C: number): DepthClassifier | null {
  const prior = new Float64Array(C);
  for (const i of trainAll) prior[labels[i]] += 1 / trainAll.length;
  const train = trainAll.filter((i) => Number.isFinite(depth[i]));
  if (train.length === 0) return null;
  const d = Array.from(train, (i) => depth[i]).sort((a, b) => a - b);
  const distinct = [...new Set(d.map((v) => Math.round(v * 100) / 100))];
  // bin edges: midpoints between distinct depths, or between quantiles when there are many
  const centres = distinct.length <= MAX_BINS ? distinct : Array.from({ length: MAX_BINS }, (_, b) => d[Math.floor(((b + 0.5) * d.length) / MAX_BINS)]);
  const uniq = [...new Set(centres)];
  const edges = Float64Array.from(uniq.slice(1), (c, b) => (uniq[b] + c) / 2);
  const counts = new Float64Array(uniq.length * C);
  for (const i of train) counts[binOf(edges, depth[i]) * C + labels[i]]++;
  // every bin holds its centre, a training depth, so no bin is empty
  const probs = new Float64Array(uniq.length * C);
  for (let b = 0; b < uniq.length; b++) {
    let n = 0;
    for (let c = 0; c < C; c++) n += counts[b * C + c];
    for (let c = 0; c < C; c++) probs[b * C + c] = counts[b * C + c] / n;
  }
  return { edges, probs, C, prior };
}

/** Index of the bin holding depth v (binary search over the edges). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v < edges[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * Class probabilities (n × C) and the most probable class (ties: the lower index) of every node; a
 * node without a depth (NaN) gets the training class frequencies.
 */
export function predictByDepth(m: DepthClassifier, depth: Float64Array): { probs: Float64Array; pred: Int32Array } {
  const n = depth.length, C = m.C;
  const probs = new Float64Array(n * C), pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const known = Number.isFinite(depth[i]);
    const b = known ? binOf(m.edges, depth[i]) : 0;
    let best = 0;
    for (let c = 0; c < C; c++) {
      probs[i * C + c] = known ? m.probs[b * C + c] : m.prior[c];
      if (probs[i * C + c] > probs[i * C + best]) best = c;
    }
    pred[i] = best;
  }
  return { probs, pred };
}
