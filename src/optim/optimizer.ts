import type { Tensor } from '../tensor/tensor';
import { allocFloat, type FloatArray } from '../util/float';

/** Shared base: the parameter list, per-parameter state buffers allocated once, and zeroGrad. */
export abstract class Optimizer {
  protected t = 0;

  /** Weight decay per parameter (parameter groups: e.g. only the first layer decays). */
  readonly decay: number[];

  constructor(readonly params: Tensor[], public lr: number, weightDecay: number | number[] = 0) {
    this.decay = typeof weightDecay === 'number' ? params.map(() => weightDecay) : weightDecay.slice();
    if (this.decay.length !== params.length) throw new Error(`${this.decay.length} weight-decay values for ${params.length} parameters`);
  }

  /** Zero gradients in place, keeping their buffers for the next epoch. */
  zeroGrad(): void {
    for (const p of this.params) if (p.grad) p.grad.fill(0);
  }

  step(): void {
    this.t++;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      if (p.grad) this.update(k, p.data, p.grad);
    }
  }

  protected abstract update(k: number, w: FloatArray, g: FloatArray): void;

  protected buffers(count: number): FloatArray[][] {
    return this.params.map((p) => Array.from({ length: count }, () => allocFloat(p.size, p.dtype)));
  }
}
