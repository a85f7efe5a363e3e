import { Tensor } from '../tensor/tensor';
import { allocFloat } from '../util/float';
import { gradOf, record } from '../autograd/tape';
import type { Rng } from '../util/rng';
import type { CSR } from '../sparse/csr';
import { isDeclaredInput, setSparseForm, sparseFormOf } from './sparse_form';

/**
 * Inverted dropout: zero each element with probability p and scale the rest by 1/(1−p).
 * The mask comes from the given seeded RNG; with training false (or p = 0) it is the identity.
 * For a declared model input (node features, see sparse_form) only non-zero elements draw from
 * the RNG: dropping a zero changes nothing. A sparse input is visited through its CSR form, and
 * the output keeps that form, so bag-of-words features cost a draw per word, not per cell.
 */
export function dropout(x: Tensor, p: number, rng: Rng, training: boolean): Tensor {
  if (p < 0 || p >= 1) throw new Error(`dropout probability must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const keep = 1 / (1 - p);
  const sparse = sparseFormOf(x);
  if (sparse) return sparseDropout(x, sparse, p, keep, rng);
  const mask = new Uint8Array(x.size);
  const input = isDeclaredInput(x);
  // the dense path writes every element; an input's zeros are skipped, so its output starts cleared
  const out = input ? Tensor.zeros(x.shape, x.dtype) : Tensor.overwritten(x.shape, x.dtype);
  const xs = x.data, ys = out.data, n = x.size;
  if (input) {
    for (let i = 0; i < n; i++) {
      if (xs[i] === 0) continue;
      if (rng.next() >= p) { mask[i] = 1; ys[i] = xs[i] * keep; }
    }
  } else {
    // branch-free: a kept-or-dropped branch mispredicts half the time at p = 0.5. The draws are the
    // same, one per element in order; a dropped element is x·0 (−0 for a negative x, NaN for ±∞)
    for (let i = 0; i < n; i++) { const k = +(rng.next() >= p); mask[i] = k; ys[i] = xs[i] * keep * k; }
  }
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < n; i++) gx[i] += g[i] * keep * mask[i];
  });
}

/** Dropout of a sparse constant: draws for its stored entries in row order; no gradient to pass on. */
function sparseDropout(x: Tensor, a: CSR, p: number, keep: number, rng: Rng): Tensor {
  const out = Tensor.zeros(x.shape, x.dtype);
  const val = allocFloat(a.nnz, x.dtype);
  const m = x.shape[1];
  for (let i = 0; i < a.nRows; i++) {
    for (let q = a.rowPtr[i]; q < a.rowPtr[i + 1]; q++) {
      if (rng.next() < p) continue;
      val[q] = a.val[q] * keep;
      out.data[i * m + a.col[q]] = val[q];
    }
  }
  setSparseForm(out, a.withValues(val));
  return out;
}
