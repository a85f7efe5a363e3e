import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import { kernelTasks } from '../kernels/tasks';
import { runRows } from '../util/thread_pool';
import type { CSR } from '../sparse/csr';

/** Softmax of edge scores ([nnz, H]) over the incoming edges of each node, per head. */
export function edgeSoftmax(a: CSR, scores: Tensor, heads = 1): Tensor {
  if (scores.size !== a.nnz * heads) throw new Error(`edgeSoftmax: ${scores.size} scores for ${a.nnz} edges × ${heads} heads`);
  const out = Tensor.zeros(scores.shape, scores.dtype);
  // rows split across threads: each row's softmax is one thread's, so the values do not depend on the split
  runRows(kernelTasks.edgeSoftmax, [a.rowPtr, scores.data, out.data], [heads], a.nRows, a.nnz * heads * 8);
  return record(out, [scores], (g) => {
    runRows(kernelTasks.edgeSoftmaxBackward, [a.rowPtr, out.data, g, gradOf(scores)], [heads], a.nRows, a.nnz * heads * 4);
  });
}

/**
 * GAT's unnormalised edge scores: e[p, h] = dst[i, h] + src[col[p], h] for entry p in row i,
 * where dst and src ([n, H]) are each node's attention projections.
 */
export function edgeScores(a: CSR, dst: Tensor, src: Tensor, heads: number): Tensor {
  if (dst.size !== a.nRows * heads || src.size !== a.nCols * heads) throw new Error(`edgeScores: projections [${dst.shape}] and [${src.shape}] do not fit ${a.nRows}×${a.nCols} with ${heads} heads`);
  const out = Tensor.zeros([a.nnz, heads], dst.dtype);
  const o = out.data, d = dst.data, s = src.data;
  for (let i = 0; i < a.nRows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const j = a.col[p];
      for (let h = 0; h < heads; h++) o[p * heads + h] = d[i * heads + h] + s[j * heads + h];
    }
  }
  return record(out, [dst, src], (g) => {
    const gd = dst.requiresGrad ? gradOf(dst) : null;
    const gs = src.requiresGrad ? gradOf(src) : null;
    for (let i = 0; i < a.nRows; i++) {
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
        const j = a.col[p];
        for (let h = 0; h < heads; h++) {
          if (gd) gd[i * heads + h] += g[p * heads + h];
          if (gs) gs[j * heads + h] += g[p * heads + h];
        }
      }
    }
  });
}

/** Per-head dot product: out[i, h] = Σ_f x[i, h·F + f] · w[h, f]  (x: [n, H·F], w: [H, F]). */
export function headDot(x: Tensor, w: Tensor, heads: number): Tensor {
  const n = x.shape[0];
  const F = w.size / heads;
  if (x.size !== n * heads * F) throw new Error(`headDot: x [${x.shape}] does not match ${heads} heads of ${F}`);
  const out = Tensor.zeros([n, heads], x.dtype);
  const xs = x.data, ws = w.data, o = out.data;
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < heads; h++) {
      let s = 0;
      const xo = i * heads * F + h * F;
      for (let f = 0; f < F; f++) s += xs[xo + f] * ws[h * F + f];
      o[i * heads + h] = s;
    }
  }
  return record(out, [x, w], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : null;
    const gw = w.requiresGrad ? gradOf(w) : null;
    for (let i = 0; i < n; i++) {
      for (let h = 0; h < heads; h++) {
        const gi = g[i * heads + h];
        const xo = i * heads * F + h * F;
        if (gx) for (let f = 0; f < F; f++) gx[xo + f] += gi * ws[h * F + f];
        if (gw) for (let f = 0; f < F; f++) gw[h * F + f] += gi * xs[xo + f];
      }
    }
  });
}
