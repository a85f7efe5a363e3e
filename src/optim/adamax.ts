import type { FloatArray } from '../util/float';
import { TwoMomentOptimizer } from './adam';

/** torch.optim.Adamax: m = β1·m + (1−β1)·g; u = max(β2·u, |g| + ε); w −= lr/(1−β1ᵗ) · m/u. */
export class Adamax extends TwoMomentOptimizer {
  protected update(k: number, w: FloatArray, grad: FloatArray): void {
    const { beta1, beta2, eps } = this.o;
    const weightDecay = this.decay[k];
    const [m, u] = this.state[k];
    const clr = this.lr / (1 - Math.pow(beta1, this.t));
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] + weightDecay * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      u[i] = Math.max(beta2 * u[i], Math.abs(g) + eps);
      w[i] -= (clr * m[i]) / u[i];
    }
  }
}
