import type { Tensor } from '../tensor/tensor';
import type { FloatArray } from '../util/float';
import { Optimizer } from './optimizer';

export interface AdamOptions { lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number | number[] }

/** torch's defaults for the Adam family. */
export function adamDefaults(opts: AdamOptions): Required<AdamOptions> {
  return { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, ...opts };
}

/** Shared by Adam and Adamax: torch's options and two moment buffers per parameter. */
export abstract class TwoMomentOptimizer extends Optimizer {
  protected readonly state: FloatArray[][];
  protected readonly o: Required<AdamOptions>;

  constructor(params: Tensor[], opts: AdamOptions) {
    super(params, opts.lr, opts.weightDecay ?? 0);
    this.o = adamDefaults(opts);
    this.state = this.buffers(2);
  }
}

/**
 * torch.optim.Adam, and AdamW when `decoupled`: m, v moment estimates with bias correction;
 * w −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε). Adam adds wd·w to the gradient; AdamW instead
 * shrinks w by (1 − lr·wd) before the step.
 */
export class Adam extends TwoMomentOptimizer {
  constructor(params: Tensor[], opts: AdamOptions, private readonly decoupled = false) {
    super(params, opts);
  }

  protected update(k: number, w: FloatArray, grad: FloatArray): void {
    const { beta1, beta2, eps } = this.o;
    const weightDecay = this.decay[k];
    const [m, v] = this.state[k];
    const bc1 = 1 - Math.pow(beta1, this.t);
    const sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, this.t));
    const stepSize = this.lr / bc1;
    const coupledWd = this.decoupled ? 0 : weightDecay;
    const shrink = this.decoupled ? 1 - this.lr * weightDecay : 1;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] + coupledWd * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      w[i] = w[i] * shrink - (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtBc2 + eps);
    }
  }
}

/** torch.optim.AdamW (decoupled weight decay, default 0.01). */
export class AdamW extends Adam {
  constructor(params: Tensor[], opts: AdamOptions) {
    super(params, { weightDecay: 0.01, ...opts }, true);
  }
}
