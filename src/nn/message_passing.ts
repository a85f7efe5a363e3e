import type { Tensor } from '../tensor/tensor';
import { indexSelect, spmm } from '../ops';
import { CSR } from '../sparse/csr';
import { allocFloat, allocInt, type DType } from '../util/float';

/**
 * The general message → aggregate → update scheme over a graph A (row i = edges into node i):
 *   m_e = message(x_src(e), x_dst(e), e)   for every stored edge e (gathered rows, [nnz, F])
 *   a_i = Σ_{e into i} w_e · m_e           (sum, or mean with w = 1/deg)
 *   out = update(a, x)
 * Gathering makes one row per edge, which costs memory; when the message is x_src scaled by an
 * edge value the whole thing is one SpMM, and the built-in layers take that fused path.
 */
export interface MessagePassingSpec {
  message: (xSrc: Tensor, xDst: Tensor) => Tensor;
  aggregate: 'sum' | 'mean';
  update?: (aggregated: Tensor, x: Tensor) => Tensor;
}

/** Edge endpoints of A: src[e] = column, dst[e] = row, for every stored entry in order. */
export function edgeEndpoints(a: CSR): { src: Int32Array; dst: Int32Array } {
  const src = allocInt(a.nnz), dst = allocInt(a.nnz);
  for (let i = 0; i < a.nRows; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) { src[p] = a.col[p]; dst[p] = i; }
  return { src, dst };
}

/**
 * The aggregation matrix S (nRows × nnz): S[i, e] = weight of edge e when e enters node i, so that
 * S · M sums (or averages) the per-edge messages M into their target nodes.
 */
export function aggregationMatrix(a: CSR, mode: 'sum' | 'mean', dtype: DType, weights?: ArrayLike<number>): CSR {
  const col = allocInt(a.nnz);
  const val = allocFloat(a.nnz, dtype);
  for (let i = 0; i < a.nRows; i++) {
    const deg = a.rowPtr[i + 1] - a.rowPtr[i];
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      col[p] = p;
      val[p] = (weights ? weights[p] : 1) * (mode === 'mean' ? 1 / deg : 1);
    }
  }
  return new CSR(a.nRows, a.nnz, a.rowPtr, col, val);
}

export function propagate(a: CSR, x: Tensor, spec: MessagePassingSpec): Tensor {
  const { src, dst } = edgeEndpoints(a);
  const messages = spec.message(indexSelect(x, src), indexSelect(x, dst));
  const aggregated = spmm(aggregationMatrix(a, spec.aggregate, x.dtype), messages);
  return spec.update ? spec.update(aggregated, x) : aggregated;
}
