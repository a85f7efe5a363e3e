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

/*
 * Recycled buffers. Training hands back the buffers of each epoch's tape once backward is done and
 * of its evaluation pass once scored (recycleFloat), and the next epoch's tensors of the same size
 * take them (zeroed, as fresh ones are) instead of new memory: an epoch then allocates, faults in
 * and leaves for the collector little beyond its first. Whole buffers of POOL_MIN_ELEMENTS or more
 * are kept, POOL_MAX_BYTES at most; clearFloatPool lets the collector have them when training ends.
 */
const POOL_MIN_ELEMENTS = 1 << 12;
const POOL_MAX_BYTES = 512 * 1024 * 1024;
const pool = new Map<number, FloatArray[]>();
let pooledBytes = 0;
const poolKey = (n: number, dtype: DType) => (dtype === 'float64' ? -n : n);

/**
 * A float buffer of n zeros; with `zeroed` false, a recycled one keeps its old values, for a
 * caller that writes every element before anything reads it (saves a pass over the buffer).
 */
export function allocFloat(n: number, dtype: DType, zeroed = true): FloatArray {
  if (n >= POOL_MIN_ELEMENTS) {
    const a = pool.get(poolKey(n, dtype))?.pop();
    if (a) {
      pooledBytes -= a.byteLength;
      return zeroed ? a.fill(0) : a;
    }
  }
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Give back a buffer nothing will read or write again (the caller's promise), for allocFloat to reuse. */
export function recycleFloat(a: FloatArray): void {
  // only whole, private buffers: never a view into another array, never shared memory
  if (a.length < POOL_MIN_ELEMENTS || a.byteOffset !== 0 || a.buffer.byteLength !== a.byteLength || !(a.buffer instanceof ArrayBuffer)) return;
  if (pooledBytes + a.byteLength > POOL_MAX_BYTES) return;
  const k = poolKey(a.length, dtypeOf(a));
  let list = pool.get(k);
  if (!list) pool.set(k, (list = []));
  if (list.includes(a)) return; // given back twice: keep one
  list.push(a);
  pooledBytes += a.byteLength;
}

/** Drop the recycled buffers (end of training): the collector frees them. */
export function clearFloatPool(): void {
  pool.clear();
  pooledBytes = 0;
}

/** Bytes held for reuse (tests). */
export function pooledFloatBytes(): number {
  return pooledBytes;
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/**
 * Index arrays (CSR structure, built once per graph and read by every kernel call) stay shared above
 * a size, so parallel calls need not copy them. One-shot structures (a mini-batch's blocks) pass
 * shared = false: shared memory is not counted towards the collector's limit, so thousands of
 * them would pile up before a collection.
 */
export function allocInt(n: number, shared = true): Int32Array {
  return shared && n >= SHARED_MIN_ELEMENTS ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}
