import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

/** Sum of all elements, as a one-element tensor. */
export function sum(x: Tensor): Tensor {
  const out = Tensor.zeros([1], x.dtype);
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  out.data[0] = s;
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < x.size; i++) gx[i] += g[0];
  });
}

/** Mean of all elements (0 for an empty tensor). */
export function mean(x: Tensor): Tensor {
  const out = Tensor.zeros([1], x.dtype);
  const n = x.size;
  let s = 0;
  for (let i = 0; i < n; i++) s += x.data[i];
  out.data[0] = n > 0 ? s / n : 0;
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < n; i++) gx[i] += g[0] / n;
  });
}

/** Mean over heads: [n, H·F] → [n, F] (GAT's non-concatenating output). */
export function headMean(x: Tensor, heads: number): Tensor {
  const n = x.shape[0];
  const W = x.size / Math.max(1, n);
  if (W % heads !== 0) throw new Error(`headMean: width ${W} is not a multiple of ${heads} heads`);
  const F = W / heads;
  const out = Tensor.zeros([n, F], x.dtype);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < heads; h++) for (let f = 0; f < F; f++) out.data[i * F + f] += x.data[i * W + h * F + f] / heads;
  }
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < n; i++) for (let h = 0; h < heads; h++) for (let f = 0; f < F; f++) gx[i * W + h * F + f] += g[i * F + f] / heads;
  });
}
