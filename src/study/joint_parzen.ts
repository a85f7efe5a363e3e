import type { Rng } from '../util/rng';
import type { Distribution } from './distributions';
import { inverseNormCdf, normCdf, numericalSpace, snap, type ParzenOptions } from './parzen';

/*
 * The joint (multivariate) Parzen estimator of Optuna's TPE with multivariate=True: one kernel per
 * observation over all parameters at once (a product of per-parameter components), plus a prior
 * kernel; numerical bandwidths follow Scott's rule, 0.2 · n^(−1/(d+4)) · range, clipped below by
 * the magic clip. Sampling picks a kernel and draws every parameter from it, so parameters that
 * worked together are proposed together.
 */
export interface JointEstimator {
  sample(rng: Rng): number[];
  logPdf(x: number[]): number;
}

interface Dim {
  d: Distribution;
  /** numerical: transformed kernel centres and bandwidth; categorical: per-kernel probabilities */
  mus?: number[];
  sigma?: number;
  lo?: number;
  hi?: number;
  rows?: number[][];
}

export function buildJointParzen(ds: Distribution[], obs: number[][], weights: number[], o: ParzenOptions): JointEstimator {
  const n = obs.length;
  const D = ds.length;
  const dims: Dim[] = ds.map((d, j) => {
    if (d.kind === 'categorical') {
      const C = d.choices.length;
      const rows = obs.map((x) => {
        const r = new Array<number>(C).fill(o.priorWeight / C);
        r[x[j]] += 1;
        const z = r.reduce((a, b) => a + b, 0);
        return r.map((v) => v / z);
      });
      if (o.considerPrior || n === 0) rows.push(new Array<number>(C).fill(1 / C));
      return { d, rows };
    }
    const sp = numericalSpace(d);
    const range = sp.hi - sp.lo;
    const minSigma = o.magicClip ? range / Math.min(100, 1 + n + (o.considerPrior ? 1 : 0)) : 1e-12;
    const sigma = Math.min(range, Math.max(minSigma, 0.2 * Math.pow(Math.max(n, 1), -1 / (D + 4)) * range));
    const mus = obs.map((x) => sp.fwd(x[j]));
    return { d, mus, sigma, lo: sp.lo, hi: sp.hi };
  });
  const kw = weights.slice();
  const hasPrior = o.considerPrior || n === 0;
  if (hasPrior) kw.push(o.priorWeight);
  const zw = kw.reduce((a, b) => a + b, 0);
  const logW = kw.map((v) => Math.log(v / zw));
  const K = kw.length;
  // kernel k's centre and bandwidth in a numerical dimension (the prior is wide and central)
  const centre = (dim: Dim, k: number) => (k < n ? dim.mus![k] : 0.5 * (dim.lo! + dim.hi!));
  const width = (dim: Dim, k: number) => (k < n ? dim.sigma! : dim.hi! - dim.lo!);
  const logComponent = (dim: Dim, k: number, v: number): number => {
    if (dim.rows) return Math.log(dim.rows[k][v]);
    const sp = numericalSpace(dim.d);
    const x = sp.fwd(v), m = centre(dim, k), s = width(dim, k);
    const mass = Math.max(1e-300, normCdf((dim.hi! - m) / s) - normCdf((dim.lo! - m) / s));
    if (sp.step !== null) {
      const a = Math.max(dim.lo!, x - sp.step / 2), b = Math.min(dim.hi!, x + sp.step / 2);
      return Math.log(Math.max(1e-300, (normCdf((b - m) / s) - normCdf((a - m) / s)) / mass));
    }
    const z = (x - m) / s;
    return -0.5 * z * z - Math.log(s * Math.sqrt(2 * Math.PI) * mass);
  };
  return {
    sample(rng) {
      let u = rng.next();
      let k = 0;
      for (; k < K - 1; k++) { u -= Math.exp(logW[k]); if (u < 0) break; }
      return dims.map((dim) => {
        if (dim.rows) {
          let r = rng.next();
          const row = dim.rows[k];
          for (let c = 0; c < row.length; c++) { r -= row[c]; if (r < 0) return c; }
          return row.length - 1;
        }
        const sp = numericalSpace(dim.d);
        const m = centre(dim, k), s = width(dim, k);
        const a = normCdf((dim.lo! - m) / s), b = normCdf((dim.hi! - m) / s);
        const z = inverseNormCdf(Math.min(1 - 1e-16, Math.max(1e-16, a + (b - a) * rng.next())));
        return snap(dim.d, sp.inv(Math.min(dim.hi!, Math.max(dim.lo!, m + s * z))));
      });
    },
    logPdf(x) {
      // log Σ_k exp(log w_k + Σ_d log p_kd(x_d)), computed stably
      const terms = new Array<number>(K);
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        let t = logW[k];
        for (let j = 0; j < D; j++) t += logComponent(dims[j], k, x[j]);
        terms[k] = t;
        if (t > mx) mx = t;
      }
      let s = 0;
      for (const t of terms) s += Math.exp(t - mx);
      return mx + Math.log(s);
    },
  };
}
