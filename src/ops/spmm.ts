import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import { runRows } from '../util/thread_pool';
import { kernelTasks } from '../kernels/tasks';
import type { CSR } from '../sparse/csr';

/**
 * Y = A · X with A sparse. With `values` ([nnz] or [nnz, H]) the edge values are a tensor that can
 * carry a gradient (attention, learnable edge weights) and X is read as H heads side by side
 * ([n, H·F]); without, A's stored values are constants. Gradients: X gets Aᵀ·G (through the
 * cached transpose), the values get SDDMM(G, X) on A's pattern.
 */
export function spmm(a: CSR, x: Tensor, values: Tensor | null = null, heads = 1): Tensor {
  if (x.shape.length !== 2 || x.shape[0] !== a.nCols) throw new Error(`spmm: X has shape [${x.shape}], expected [${a.nCols}, F]`);
  const W = x.shape[1];
  if (W % heads !== 0) throw new Error(`spmm: width ${W} is not a multiple of ${heads} heads`);
  const F = W / heads;
  if (values !== null && values.size !== a.nnz * heads) throw new Error(`spmm: ${values.size} edge values for ${a.nnz} entries × ${heads} heads`);
  if (values === null && heads !== 1) throw new Error('spmm: several heads need per-head edge values');
  const v = values === null ? a.val : values.data;
  const out = Tensor.zeros([a.nRows, W], x.dtype);
  runRows(kernelTasks.spmm, [a.rowPtr, a.col, v, null, x.data, out.data], [heads, F], a.nRows, a.nnz * W);
  const parents = values === null ? [x] : [x, values];
  return record(out, parents, (g) => {
    if (x.requiresGrad) {
      const t = a.transpose();
      runRows(kernelTasks.spmm, [t.rowPtr, t.col, v, t.perm, g, gradOf(x)], [heads, F], a.nCols, a.nnz * W);
    }
    if (values !== null && values.requiresGrad) {
      runRows(kernelTasks.sddmm, [a.rowPtr, a.col, g, x.data, gradOf(values)], [heads, F], a.nRows, a.nnz * W);
    }
  });
}
