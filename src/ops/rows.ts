import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

/**
 * The first n rows of x (x[:n]). A sampled block lists its destination nodes first among its
 * sources, so a layer's own-node term (SAGE's root weight, GAT's destination score) reads them so.
 * Returns x itself when it has exactly n rows.
 */
export function leadingRows(x: Tensor, n: number): Tensor {
  const rows = x.shape[0];
  if (!Number.isInteger(n) || n < 0 || n > rows) throw new Error(`leadingRows: ${n} rows asked of a tensor with ${rows}`);
  if (n === rows) return x;
  const W = rows > 0 ? x.size / rows : 0;
  const out = Tensor.overwritten([n, ...x.shape.slice(1)], x.dtype);
  out.data.set(x.data.subarray(0, n * W));
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let k = 0; k < n * W; k++) gx[k] += g[k];
  });
}
