import type { Rng } from '../util/rng';
import type { Distribution } from './distributions';
import { categoricalKernels, kernelWeights, normCdf, numericalKernels, pickKernel, snap, truncatedMass, truncatedNormalDraw, type NumericalKernels, type ParzenOptions } from './parzen';

/*
 * The joint (multivariate) Parzen estimator of Optuna's TPE with multivariate=True: one kernel per
 * observation over all parameters at once (a product of per-parameter components), plus a prior
 * kernel. Each parameter's components are built exactly as in the univariate estimator (Optuna 5
 * shares that code), so only the mixture differs: sampling picks a kernel and draws every
 * parameter from it, so parameters that worked together are proposed together.
 */
export interface JointEstimator {
  sample(rng: Rng): number[];
  logPdf(x: number[]): number;
}

type Dim = { d: Distribution; num: NumericalKernels; rows?: undefined } | { d: Distribution; rows: number[][]; num?: undefined };

export function buildJointParzen(ds: Distribution[], obs: number[][], weights: number[], o: ParzenOptions): JointEstimator {
  const dims: Dim[] = ds.map((d, j) => {
    const column = obs.map((x) => x[j]);
    return d.kind === 'categorical' ? { d, rows: categoricalKernels(d.choices.length, column, o) } : { d, num: numericalKernels(d, column, o) };
  });
  const K = dims.length > 0 ? (dims[0].rows ?? dims[0].num!.mus).length : 0;
  const w = kernelWeights(weights, K, o);
  const logW = w.map(Math.log);
  // each kernel's truncated mass per numerical dimension, once (logPdf runs per candidate)
  const masses = dims.map((dim) => (dim.num ? dim.num.mus.map((m, k) => truncatedMass(dim.num!.lo, dim.num!.hi, m, dim.num!.sigmas[k])) : null));
  const logComponent = (j: number, k: number, v: number): number => {
    const dim = dims[j];
    if (dim.rows) return Math.log(dim.rows[k][v]);
    const { fwd, bin, mus, sigmas } = dim.num;
    const m = mus[k], s = sigmas[k];
    const mass = masses[j]![k];
    if (bin !== null) {
      const [a, b] = bin(v);
      return Math.log(Math.max(1e-300, (normCdf((b - m) / s) - normCdf((a - m) / s)) / mass));
    }
    const z = (fwd(v) - m) / s;
    return -0.5 * z * z - Math.log(s * Math.sqrt(2 * Math.PI) * mass);
  };
  return {
    sample(rng) {
      const k = pickKernel(rng, w);
      return dims.map((dim) => {
        if (dim.rows) return pickKernel(rng, dim.rows[k]);
        const { lo, hi, inv, mus, sigmas } = dim.num;
        return snap(dim.d, inv(truncatedNormalDraw(rng, lo, hi, mus[k], sigmas[k])));
      });
    },
    logPdf(x) {
      // log Σ_k exp(log w_k + Σ_d log p_kd(x_d)), computed stably
      const terms = new Float64Array(K);
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        let t = logW[k];
        for (let j = 0; j < dims.length; j++) t += logComponent(j, k, x[j]);
        terms[k] = t;
        if (t > mx) mx = t;
      }
      let s = 0;
      for (const t of terms) s += Math.exp(t - mx);
      return mx + Math.log(s);
    },
  };
}
