import { Tensor } from '../../src/tensor/tensor';
import { backward } from '../../src/autograd/tape';
import { noGrad } from '../../src/autograd/tape';
import { makeRng } from '../../src/util/rng';

/**
 * Central finite-difference check in float64. The function maps input tensors to any output;
 * it is reduced to the scalar Σ out ⊙ R with fixed random R, so every output element matters.
 * Error per element: |analytic − numeric| / max(1, |analytic|, |numeric|).
 */
export function gradCheck(fn: (inputs: Tensor[]) => Tensor, inputs: Tensor[], seed = 0, h = 1e-6): number {
  for (const t of inputs) if (t.dtype !== 'float64') throw new Error('gradCheck needs float64 inputs');
  const probe = fn(inputs);
  const rng = makeRng(`probe-${seed}`);
  const R = new Float64Array(probe.size);
  for (let i = 0; i < R.length; i++) R[i] = rng.next() * 2 - 1;
  const scalar = (): number => noGrad(() => {
    const out = fn(inputs);
    let s = 0;
    for (let i = 0; i < out.size; i++) s += out.data[i] * R[i];
    return s;
  });
  for (const t of inputs) t.grad = null;
  const out = fn(inputs);
  if (!out.requiresGrad) throw new Error('gradCheck: output does not depend on any input that requires grad');
  backward(out, R);
  let worst = 0;
  for (const t of inputs) {
    if (!t.requiresGrad) continue;
    const analytic = t.grad ?? new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const x0 = t.data[i];
      t.data[i] = x0 + h;
      const fp = scalar();
      t.data[i] = x0 - h;
      const fm = scalar();
      t.data[i] = x0;
      const numeric = (fp - fm) / (2 * h);
      const err = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(analytic[i]), Math.abs(numeric));
      if (err > worst || Number.isNaN(err)) worst = Number.isNaN(err) ? Infinity : err;
    }
  }
  return worst;
}

/** Max |y32 − y64| / max(1, |y64|) between float32 and float64 forwards of the same case. */
export function precisionGap(y32: ArrayLike<number>, y64: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < y64.length; i++) worst = Math.max(worst, Math.abs(y32[i] - y64[i]) / Math.max(1, Math.abs(y64[i])));
  return worst;
}
