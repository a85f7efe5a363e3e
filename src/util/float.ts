/** Element storage: Float32Array in training, Float64Array for the gradient audit; the same code runs on both. */
export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/**
 * Float buffers (tensor values, gradients, optimiser state) live on ordinary ArrayBuffers. They
 * used to go on SharedArrayBuffer above a size so that worker threads could read them in place,
 * but V8 does not count SharedArrayBuffer memory towards the external-memory limit that triggers
 * a collection: the short-lived tensors of every epoch piled up, gigabytes for a few-megabyte data
 * set (issue #19). Ordinary buffers are freed as the heap collects them; runRows copies what a
 * parallel call needs into its one reused shared scratch buffer instead.
 */
export const SHARED_MIN_ELEMENTS = 1 << 14;

export function allocFloat(n: number, dtype: DType): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** Index arrays (CSR structure, built once per graph and read by every kernel call) stay shared above a size, so parallel calls need not copy them. */
export function allocInt(n: number): Int32Array {
  return n >= SHARED_MIN_ELEMENTS ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}
