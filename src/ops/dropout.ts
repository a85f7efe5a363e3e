import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import type { Rng } from '../util/rng';

/**
 * Inverted dropout: zero each element with probability p and scale the rest by 1/(1−p).
 * The mask comes from the given seeded RNG; with training false (or p = 0) it is the identity.
 */
export function dropout(x: Tensor, p: number, rng: Rng, training: boolean): Tensor {
  if (p < 0 || p >= 1) throw new Error(`dropout probability must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const keep = 1 / (1 - p);
  const mask = new Uint8Array(x.size);
  const out = Tensor.zeros(x.shape, x.dtype);
  for (let i = 0; i < x.size; i++) {
    if (rng.next() >= p) {
      mask[i] = 1;
      out.data[i] = x.data[i] * keep;
    }
  }
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < x.size; i++) if (mask[i] === 1) gx[i] += g[i] * keep;
  });
}
