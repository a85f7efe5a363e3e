import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

/** Rows of x picked by index (index_select on dim 0); a row picked twice gets both gradients. */
export function indexSelect(x: Tensor, index: Int32Array): Tensor {
  const n = x.shape[0];
  const W = n > 0 ? x.size / n : x.shape.slice(1).reduce((a, b) => a * b, 1);
  for (let r = 0; r < index.length; r++) if (index[r] < 0 || index[r] >= n) throw new Error(`indexSelect: index ${index[r]} at position ${r} is out of range for ${n} rows`);
  const out = Tensor.zeros([index.length, ...x.shape.slice(1)], x.dtype);
  for (let r = 0; r < index.length; r++) out.data.set(x.data.subarray(index[r] * W, index[r] * W + W), r * W);
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let r = 0; r < index.length; r++) {
      const s = index[r] * W;
      for (let j = 0; j < W; j++) gx[s + j] += g[r * W + j];
    }
  });
}
