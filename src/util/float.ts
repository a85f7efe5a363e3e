/** Element storage: Float32Array in training, Float64Array for the gradient audit; the same code runs on both. */
export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/**
 * Large buffers live on SharedArrayBuffer so kernels can hand row blocks to worker threads
 * without copying; small ones stay ordinary to keep allocation cheap.
 */
export const SHARED_MIN_ELEMENTS = 1 << 14;

export function allocFloat(n: number, dtype: DType): FloatArray {
  const bytes = dtype === 'float64' ? 8 : 4;
  if (n >= SHARED_MIN_ELEMENTS) {
    const buf = new SharedArrayBuffer(n * bytes);
    return dtype === 'float64' ? new Float64Array(buf) : new Float32Array(buf);
  }
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

export function allocInt(n: number): Int32Array {
  return n >= SHARED_MIN_ELEMENTS ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}
