import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import { runRows } from '../util/thread_pool';
import { kernelTasks } from '../kernels/tasks';

/** A[n,k] · B[k,m] for 2-D tensors. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
  const [n, k] = a.shape;
  const [k2, m] = b.shape;
  if (k !== k2) throw new Error(`matmul inner sizes differ: [${a.shape}] · [${b.shape}]`);
  const out = Tensor.zeros([n, m], a.dtype);
  runRows(kernelTasks.matmul, [a.data, b.data, out.data], [k, m], n, n * k * m);
  return record(out, [a, b], (g) => {
    if (a.requiresGrad) runRows(kernelTasks.matmulTransB, [g, b.data, gradOf(a)], [k, m], n, n * k * m);
    if (b.requiresGrad) runRows(kernelTasks.matmulTransA, [a.data, g, gradOf(b)], [n, k, m], k, n * k * m);
  });
}
