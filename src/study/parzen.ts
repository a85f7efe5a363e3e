import type { Rng } from '../util/rng';
import type { Distribution } from './distributions';

/*
 * Parzen estimators of one parameter, as Optuna's TPE builds them: in the transformed space (log
 * for log-scaled parameters), a weighted mixture of Gaussians truncated to the bounds, one per
 * observation plus a wide prior, with bandwidths from the distance to neighbouring observations
 * clipped by the "magic clip"; categorical parameters get a weighted mixture of smoothed one-hot
 * distributions. Discrete (stepped or integer) parameters use the probability mass of their bin.
 */

const SQRT2 = Math.SQRT2;

/** erf with |error| < 1.5e-7 (Abramowitz–Stegun 7.1.26) — enough for comparing candidates. */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}
/** Standard normal CDF; beyond ±8.3 σ it is 0 or 1 to double precision, so skip the exp. */
export const normCdf = (z: number) => (z > 8.3 ? 1 : z < -8.3 ? 0 : 0.5 * (1 + erf(z / SQRT2)));

export interface ParzenOptions { priorWeight: number; considerPrior: boolean; magicClip: boolean; considerEndpoints: boolean }

/** Optuna's default_weights: flat for the newest 25 observations, a linear ramp below for older ones. */
export function defaultWeights(n: number): number[] {
  const w = new Array<number>(n).fill(1);
  const ramp = n - 25;
  if (ramp === 1) w[0] = 1 / n;
  else for (let i = 0; i < ramp; i++) w[i] = 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

export interface ParzenEstimator {
  sample(rng: Rng): number;
  logPdf(x: number): number;
}

/**
 * A numerical distribution's transformed space (log for log-scaled parameters), its bounds there
 * (widened by half a step for discrete ones, as Optuna does), and for discrete parameters the bin
 * a value owns: [v − step/2, v + step/2], taken before the log for log-scaled integers.
 */
export interface NumericalSpace {
  lo: number;
  hi: number;
  fwd: (v: number) => number;
  inv: (v: number) => number;
  bin: ((v: number) => [number, number]) | null;
}

export function numericalSpace(d: Distribution): NumericalSpace {
  if (d.kind === 'categorical') throw new Error('numerical space of a categorical');
  const step = d.step;
  const half = step === null ? 0 : step / 2;
  const fwd = d.log ? Math.log : (v: number) => v;
  const inv = d.log ? Math.exp : (v: number) => v;
  const bin = step === null ? null : (v: number): [number, number] => [fwd(v - half), fwd(v + half)];
  return { lo: fwd(d.low - half), hi: fwd(d.high + half), fwd, inv, bin };
}

/** Snap a value in the original space to the distribution's grid and bounds. */
export function snap(d: Distribution, v: number): number {
  if (d.kind === 'categorical') return v;
  if (d.step !== null) {
    const k = Math.round((v - d.low) / d.step);
    return Math.min(d.high, Math.max(d.low, d.low + k * d.step));
  }
  return Math.min(d.high, Math.max(d.low, v));
}

/**
 * One numerical parameter's kernels, as Optuna 5 builds them for both univariate and multivariate
 * TPE: centred on the transformed observations, each as wide as the larger gap to its sorted
 * neighbours, clipped to [range / min(100, n + 2), range] by the magic clip; the prior kernel,
 * central and as wide as the range, comes last. `rank` is each kernel's place in centre order.
 */
export interface NumericalKernels extends NumericalSpace { mus: number[]; sigmas: number[]; rank: number[]; nObs: number }

export function numericalKernels(d: Distribution, observations: number[], o: ParzenOptions): NumericalKernels {
  const sp = numericalSpace(d);
  const { lo, hi } = sp;
  const n = observations.length;
  const mus = observations.map(sp.fwd);
  const { sigmas, rank } = bandwidths(mus, lo, hi, o.considerEndpoints);
  const minSigma = o.magicClip ? (hi - lo) / Math.min(100, n + 2) : 1e-12;
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(hi - lo, Math.max(minSigma, sigmas[i]));
  if (o.considerPrior || n === 0) {
    mus.push(0.5 * (lo + hi));
    sigmas.push(hi - lo);
    rank.push(n);
  }
  return { ...sp, mus, sigmas, rank, nObs: n };
}

/**
 * One categorical parameter's kernels: each observation's one-hot row smoothed by
 * priorWeight / (n + 1) in every category and normalised (Optuna 5), the prior row uniform.
 */
export function categoricalKernels(C: number, obs: number[], o: ParzenOptions): number[][] {
  const fill = o.priorWeight / (obs.length + 1);
  const rows = obs.map((c) => {
    const r = new Array<number>(C).fill(fill);
    r[c] += 1;
    const z = 1 + C * fill;
    return r.map((v) => v / z);
  });
  if (o.considerPrior || rows.length === 0) rows.push(new Array<number>(C).fill(1 / C));
  return rows;
}

/** Mixture weights: the observations' weights and the prior's, normalised. */
export function kernelWeights(weights: number[], nKernels: number, o: ParzenOptions): number[] {
  const kw = weights.slice();
  if (nKernels > weights.length) kw.push(o.priorWeight);
  const z = kw.reduce((a, b) => a + b, 0);
  return kw.map((v) => v / z);
}

/** Probability mass of N(m, s²) between the bounds, never exactly zero. */
export function truncatedMass(lo: number, hi: number, m: number, s: number): number {
  return Math.max(1e-300, normCdf((hi - m) / s) - normCdf((lo - m) / s));
}

/** Draw from N(m, s²) truncated to [lo, hi] by inverting its CDF. */
export function truncatedNormalDraw(rng: Rng, lo: number, hi: number, m: number, s: number): number {
  const a = normCdf((lo - m) / s), b = normCdf((hi - m) / s);
  const z = inverseNormCdf(Math.min(1 - 1e-16, Math.max(1e-16, a + (b - a) * rng.next())));
  return Math.min(hi, Math.max(lo, m + s * z));
}

/** Index of the mixture component a uniform draw falls in. */
export function pickKernel(rng: Rng, w: ArrayLike<number>): number {
  let u = rng.next();
  let k = 0;
  for (; k < w.length - 1; k++) { u -= w[k]; if (u < 0) break; }
  return k;
}

export function buildParzen(d: Distribution, observations: number[], weights: number[], opts: ParzenOptions): ParzenEstimator {
  return d.kind === 'categorical' ? categoricalParzen(d.choices.length, observations, weights, opts) : numericalParzen(d, observations, weights, opts);
}

function categoricalParzen(C: number, obs: number[], weights: number[], o: ParzenOptions): ParzenEstimator {
  const rows = categoricalKernels(C, obs, o);
  const w = kernelWeights(weights, rows.length, o);
  const p = new Array<number>(C).fill(0);
  rows.forEach((r, k) => r.forEach((v, c) => { p[c] += w[k] * v; }));
  return {
    sample: (rng) => pickKernel(rng, p),
    logPdf: (x) => Math.log(p[x]),
  };
}

function numericalParzen(d: Distribution, observations: number[], weights: number[], o: ParzenOptions): ParzenEstimator {
  const { lo, hi, fwd, inv, bin, mus, sigmas, rank, nObs: n } = numericalKernels(d, observations, o);
  const K = mus.length;
  const w = kernelWeights(weights, K, o);
  // density terms stored in kernel-centre order (the prior last), so logPdf visits only the
  // kernels within reach of x, found by binary search
  const sMu = new Float64Array(K), sInvSigma = new Float64Array(K), sWOverMass = new Float64Array(K), sCoef = new Float64Array(K);
  let widest = 0;
  for (let k = 0; k < K; k++) {
    const j = rank[k];
    const mass = truncatedMass(lo, hi, mus[k], sigmas[k]);
    sMu[j] = mus[k];
    sInvSigma[j] = 1 / sigmas[k];
    sWOverMass[j] = w[k] / mass;
    sCoef[j] = w[k] / (sigmas[k] * Math.sqrt(2 * Math.PI) * mass);
    if (k < n) widest = Math.max(widest, sigmas[k]);
  }
  // beyond 12 σ a kernel adds less than 1e-31 of its weight (and its bin mass is exactly 0)
  const reach = 12 * widest;
  const firstWithin = (x: number) => {
    let a = 0, b = n;
    while (a < b) { const m = (a + b) >> 1; if (sMu[m] < x) a = m + 1; else b = m; }
    return a;
  };
  const binMass = (j: number, a: number, b: number) => sWOverMass[j] * (normCdf((b - sMu[j]) * sInvSigma[j]) - normCdf((a - sMu[j]) * sInvSigma[j]));
  const density = (j: number, x: number) => {
    const z = (x - sMu[j]) * sInvSigma[j];
    return z > -12 && z < 12 ? sCoef[j] * Math.exp(-0.5 * z * z) : 0;
  };
  return {
    sample(rng) {
      const k = pickKernel(rng, w);
      return snap(d, inv(truncatedNormalDraw(rng, lo, hi, mus[k], sigmas[k])));
    },
    logPdf(v) {
      let p = 0;
      if (bin !== null) {
        const [a, b] = bin(v);
        for (let j = firstWithin(a - reach); j < n && sMu[j] <= b + reach; j++) p += binMass(j, a, b);
        if (K > n) p += binMass(n, a, b);
      } else {
        const x = fwd(v);
        for (let j = firstWithin(x - reach); j < n && sMu[j] <= x + reach; j++) p += density(j, x);
        if (K > n) p += density(n, x);
      }
      return Math.log(Math.max(p, 1e-300));
    },
  };
}

/**
 * Each observation's bandwidth: the larger gap to its neighbours in sorted order, the bounds
 * counting as neighbours unless endpoints are ignored; and its rank in that order. Ties keep
 * index order (a stable argsort), found with a native numeric sort and a binary search.
 */
function bandwidths(mus: number[], lo: number, hi: number, considerEndpoints: boolean): { sigmas: number[]; rank: number[] } {
  const n = mus.length;
  const sigmas = new Array<number>(n), rank = new Array<number>(n);
  const sorted = new Float64Array(mus).sort();
  const at = (j: number) => (j < 0 ? lo : j >= n ? hi : sorted[j]);
  const taken = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0, b = n;
    while (a < b) { const m = (a + b) >> 1; if (sorted[m] < mus[i]) a = m + 1; else b = m; }
    const j = a + taken[a]++;
    let s = Math.max(at(j) - at(j - 1), at(j + 1) - at(j));
    if (!considerEndpoints && n >= 2) {
      if (j === 0) s = sorted[1] - sorted[0];
      else if (j === n - 1) s = sorted[n - 1] - sorted[n - 2];
    }
    sigmas[i] = s;
    rank[i] = j;
  }
  return { sigmas, rank };
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function inverseNormCdf(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const dd = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
  }
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
