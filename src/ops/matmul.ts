import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import { runRows } from '../util/thread_pool';
import { kernelTasks } from '../kernels/tasks';
import type { CSR } from '../sparse/csr';
import { sparseFormOf } from './sparse_form';

/**
 * A[n,k] · B[k,m] for 2-D tensors. When A is a declared model input that is mostly zeros
 * (bag-of-words or one-hot node features, also after dropout), it is multiplied as CSR: only its non-zeros are visited, and
 * each output element is still the sum over p in increasing order, so the values equal the dense
 * kernel's to rounding.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
  const [n, k] = a.shape;
  const [k2, m] = b.shape;
  if (k !== k2) throw new Error(`matmul inner sizes differ: [${a.shape}] · [${b.shape}]`);
  const sparse = sparseFormOf(a);
  if (sparse) return sparseMatmul(sparse, b);
  const out = Tensor.zeros([n, m], a.dtype);
  runRows(kernelTasks.matmul, [a.data, b.data, out.data], [k, m], n, n * k * m);
  return record(out, [a, b], (g) => {
    if (a.requiresGrad) runRows(kernelTasks.matmulTransB, [g, b.data, gradOf(a)], [k, m], n, n * k * m);
    if (b.requiresGrad) runRows(kernelTasks.matmulTransA, [a.data, g, gradOf(b)], [n, k, m], k, n * k * m);
  });
}

/** A · B with A a constant CSR; B's gradient is Aᵀ · G through A's transposed structure. */
function sparseMatmul(a: CSR, b: Tensor): Tensor {
  const m = b.shape[1];
  const out = Tensor.zeros([a.nRows, m], b.dtype);
  runRows(kernelTasks.spmm, [a.rowPtr, a.col, a.val, null, b.data, out.data], [1, m], a.nRows, a.nnz * m);
  return record(out, [b], (g) => {
    const t = a.transpose();
    runRows(kernelTasks.spmm, [t.rowPtr, t.col, a.val, t.perm, g, gradOf(b)], [1, m], a.nCols, a.nnz * m);
  });
}
