import type { Tensor } from '../tensor/tensor';
import type { FloatArray } from '../util/float';
import { Optimizer } from './optimizer';

export interface SGDOptions { lr: number; momentum?: number; dampening?: number; weightDecay?: number | number[]; nesterov?: boolean }

/** torch.optim.SGD: g += wd·w; b = μ·b + (1−τ)·g (b = g on the first step); w −= lr·(nesterov ? g + μ·b : b). */
export class SGD extends Optimizer {
  private state: FloatArray[][];
  private readonly o: Required<SGDOptions>;

  constructor(params: Tensor[], opts: SGDOptions) {
    super(params, opts.lr, opts.weightDecay ?? 0);
    this.o = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...opts };
    this.state = this.buffers(1);
  }

  protected update(k: number, w: FloatArray, grad: FloatArray): void {
    const { momentum, dampening, nesterov } = this.o;
    const weightDecay = this.decay[k];
    const b = this.state[k][0];
    for (let i = 0; i < w.length; i++) {
      let g = grad[i] + weightDecay * w[i];
      if (momentum !== 0) {
        b[i] = this.t === 1 ? g : momentum * b[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * b[i] : b[i];
      }
      w[i] -= this.lr * g;
    }
  }
}
