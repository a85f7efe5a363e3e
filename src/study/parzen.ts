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
export const normCdf = (z: number) => 0.5 * (1 + erf(z / SQRT2));

export interface ParzenOptions { priorWeight: number; considerPrior: boolean; magicClip: boolean; considerEndpoints: boolean }

/** Optuna's default_weights: flat for the newest 25 observations, a linear ramp below for older ones. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 25 - 1)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

export interface ParzenEstimator {
  sample(rng: Rng): number;
  logPdf(x: number): number;
}

/** Transformed bounds and the transform for a numerical distribution. */
export function numericalSpace(d: Distribution): { lo: number; hi: number; fwd: (v: number) => number; inv: (v: number) => number; step: number | null } {
  if (d.kind === 'categorical') throw new Error('numerical space of a categorical');
  const step = d.kind === 'int' ? (d.log ? null : d.step) : d.step;
  const fwd = d.log ? Math.log : (v: number) => v;
  const inv = d.log ? Math.exp : (v: number) => v;
  // discrete values own the bin [v − step/2, v + step/2]; integer log params get half-unit bins before the log
  const lo = d.log ? Math.log(d.low - (d.kind === 'int' ? 0.5 : 0)) : d.low - (step ? step / 2 : 0);
  const hi = d.log ? Math.log(d.high + (d.kind === 'int' ? 0.5 : 0)) : d.high + (step ? step / 2 : 0);
  return { lo, hi, fwd, inv, step };
}

/** Snap a value in the original space to the distribution's grid and bounds. */
export function snap(d: Distribution, v: number): number {
  if (d.kind === 'categorical') return v;
  if (d.kind === 'int') {
    const k = Math.round((v - d.low) / d.step);
    return Math.min(d.high, Math.max(d.low, d.low + k * d.step));
  }
  if (d.step !== null) {
    const k = Math.round((v - d.low) / d.step);
    return Math.min(d.high, Math.max(d.low, d.low + k * d.step));
  }
  return Math.min(d.high, Math.max(d.low, v));
}

export function buildParzen(d: Distribution, observations: number[], weights: number[], opts: ParzenOptions): ParzenEstimator {
  return d.kind === 'categorical' ? categoricalParzen(d.choices.length, observations, weights, opts) : numericalParzen(d, observations, weights, opts);
}

function categoricalParzen(C: number, obs: number[], w: number[], o: ParzenOptions): ParzenEstimator {
  const rows: number[][] = obs.map((c) => {
    const r = new Array<number>(C).fill(o.priorWeight / C);
    r[c] += 1;
    const z = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / z);
  });
  const kw = w.slice();
  if (o.considerPrior || rows.length === 0) { rows.push(new Array<number>(C).fill(1 / C)); kw.push(o.priorWeight); }
  const zw = kw.reduce((a, b) => a + b, 0);
  const p = new Array<number>(C).fill(0);
  rows.forEach((r, k) => r.forEach((v, c) => { p[c] += (kw[k] / zw) * v; }));
  return {
    sample(rng) {
      let u = rng.next();
      for (let c = 0; c < C; c++) { u -= p[c]; if (u < 0) return c; }
      return C - 1;
    },
    logPdf(x) { return Math.log(p[x]); },
  };
}

function numericalParzen(d: Distribution, observations: number[], weights: number[], o: ParzenOptions): ParzenEstimator {
  const { lo, hi, fwd, inv, step } = numericalSpace(d);
  const mus = observations.map(fwd);
  const n = mus.length;
  const sigmas = new Array<number>(n);
  if (n > 0) {
    const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
    const sorted = order.map((i) => mus[i]);
    const withEnds = [lo, ...sorted, hi];
    const s = sorted.map((_, j) => Math.max(withEnds[j + 1] - withEnds[j], withEnds[j + 2] - withEnds[j + 1]));
    if (!o.considerEndpoints && n >= 2) {
      s[0] = sorted[1] - sorted[0];
      s[n - 1] = sorted[n - 1] - sorted[n - 2];
    }
    order.forEach((i, j) => { sigmas[i] = s[j]; });
  }
  const maxSigma = hi - lo;
  const minSigma = o.magicClip ? (hi - lo) / Math.min(100, 1 + n + (o.considerPrior ? 1 : 0)) : 1e-12;
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]));
  const kw = weights.slice();
  if (o.considerPrior || n === 0) {
    mus.push(0.5 * (lo + hi));
    sigmas.push(hi - lo);
    kw.push(o.priorWeight);
  }
  const zw = kw.reduce((a, b) => a + b, 0);
  const w = kw.map((v) => v / zw);
  // normalising mass of each truncated kernel, and per-kernel constants of the density
  const mass = mus.map((m, k) => Math.max(1e-300, normCdf((hi - m) / sigmas[k]) - normCdf((lo - m) / sigmas[k])));
  const K = mus.length;
  const invSigma = Float64Array.from(sigmas, (sg) => 1 / sg);
  const wOverMass = Float64Array.from(w, (wk, k) => wk / mass[k]);
  const coef = Float64Array.from(w, (wk, k) => wk / (sigmas[k] * Math.sqrt(2 * Math.PI) * mass[k]));
  return {
    sample(rng) {
      let u = rng.next();
      let k = 0;
      for (; k < w.length - 1; k++) { u -= w[k]; if (u < 0) break; }
      // inverse-CDF draw from the truncated normal
      const a = normCdf((lo - mus[k]) / sigmas[k]), b = normCdf((hi - mus[k]) / sigmas[k]);
      const t = a + (b - a) * rng.next();
      const z = inverseNormCdf(Math.min(1 - 1e-16, Math.max(1e-16, t)));
      const x = Math.min(hi, Math.max(lo, mus[k] + sigmas[k] * z));
      return snap(d, inv(x));
    },
    logPdf(v) {
      const x = fwd(v);
      let p = 0;
      if (step !== null) {
        const a = Math.max(lo, x - step / 2), b = Math.min(hi, x + step / 2);
        for (let k = 0; k < K; k++) p += wOverMass[k] * (normCdf((b - mus[k]) * invSigma[k]) - normCdf((a - mus[k]) * invSigma[k]));
      } else {
        for (let k = 0; k < K; k++) {
          const z = (x - mus[k]) * invSigma[k];
          // beyond 12 σ a kernel adds less than 1e-31 of its weight: skip the exp
          if (z > -12 && z < 12) p += coef[k] * Math.exp(-0.5 * z * z);
        }
      }
      return Math.log(Math.max(p, 1e-300));
    },
  };
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
