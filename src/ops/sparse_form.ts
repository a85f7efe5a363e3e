import type { Tensor } from '../tensor/tensor';
import { csrFromDense } from '../sparse/coo';
import type { CSR } from '../sparse/csr';

/** An input with at most this fraction of non-zeros is handled as a sparse matrix. */
const SPARSE_DENSITY = 0.1;
/** Below this many elements dense kernels are cheaper than building a CSR. */
const SPARSE_MIN_SIZE = 1 << 12;

/**
 * Model inputs (node features) declared constant, with their CSR form when mostly zeros (bag of
 * words, one-hot) or null when dense: found by one scan at declaration, so an epoch does not
 * rescan millions of zeros. Declaration is explicit, not inferred from requiresGrad, so dropout
 * draws the same mask whether or not gradients are being recorded. Declared tensors must not be
 * changed in place afterwards.
 */
const forms = new WeakMap<Tensor, CSR | null>();

export function declareInput(t: Tensor): void {
  if (forms.has(t)) return;
  if (t.requiresGrad) throw new Error('declareInput: a model input must not require a gradient');
  const sparse = t.shape.length === 2 && t.size >= SPARSE_MIN_SIZE;
  forms.set(t, sparse ? csrFromDense(t.data, t.shape[0], t.shape[1], SPARSE_DENSITY) : null);
}

export function isDeclaredInput(t: Tensor): boolean {
  return forms.has(t);
}

/** The CSR form of a declared input, or null (dense, or not declared). */
export function sparseFormOf(t: Tensor): CSR | null {
  return forms.get(t) ?? null;
}

/** Declare t, built by an op from a declared input, with the given CSR form. */
export function setSparseForm(t: Tensor, f: CSR): void {
  forms.set(t, f);
}
