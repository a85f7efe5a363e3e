import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { outputArgument, rowKernels, type KernelArray, type RowKernelName } from './registry';

/*
 * Row-block parallelism over worker threads. Rows are cut into fixed contiguous blocks, one per
 * thread; each output row is written by exactly one thread with the same loop as the serial
 * kernel, so the bits do not depend on the thread count. The main thread runs block 0 and then
 * blocks (Atomics.wait) until the workers are done, keeping the autograd code synchronous.
 */

let workers: Worker[] = [];
let threads = 1;
/** How many kernel calls were actually split across threads (lets tests see that the parallel path ran). */
let parallelCalls = 0;
/** Below this much work (rows × columns touched) a kernel runs on the main thread alone. */
const MIN_PARALLEL_WORK = 1 << 16;

export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`threads must be a positive integer, got ${n}`);
  if (n === threads) return;
  shutdownThreads();
  threads = n;
  for (let t = 1; t < n; t++) workers.push(spawnWorker());
}

export function getThreads(): number {
  return threads;
}

export function parallelCallCount(): number {
  return parallelCalls;
}

/** Stop the workers (a process with live workers does not exit on its own). */
export function shutdownThreads(): void {
  for (const w of workers) void w.terminate();
  workers = [];
  threads = 1;
}

function spawnWorker(): Worker {
  const here = __filename;
  let w: Worker;
  if (here.endsWith('.ts')) {
    // Under ts-node or vitest the worker compiles the TypeScript kernels itself.
    const tsNode = require.resolve('ts-node');
    const file = path.join(__dirname, 'worker.ts');
    w = new Worker(`require(${JSON.stringify(tsNode)}).register({ transpileOnly: true }); require(${JSON.stringify(file)});`, { eval: true });
  } else {
    w = new Worker(path.join(__dirname, 'worker.js'));
  }
  w.unref();
  return w;
}

function isShared(a: KernelArray): boolean {
  return a === null || a.buffer instanceof SharedArrayBuffer;
}

/** A shared copy of a small read-only input (weights, say) so workers can see it. */
function sharedCopy(a: KernelArray): KernelArray {
  if (isShared(a)) return a;
  const c = new (a!.constructor as Float32ArrayConstructor)(new SharedArrayBuffer(a!.byteLength));
  c.set(a as Float32Array);
  return c;
}

/**
 * Run a row kernel over rows [0, nRows), split across the threads when it pays. The output must
 * live on shared memory (large buffers do, see allocFloat); read-only inputs that do not are copied.
 */
export function runRows(kernel: RowKernelName, arrays: KernelArray[], sizes: number[], nRows: number, work: number): void {
  const fn = rowKernels[kernel];
  if (threads === 1 || work < MIN_PARALLEL_WORK || nRows < threads || !isShared(arrays[outputArgument[kernel]])) {
    fn(arrays, sizes, 0, nRows);
    return;
  }
  arrays = arrays.map(sharedCopy);
  parallelCalls++;
  const block = Math.ceil(nRows / threads);
  const done = new Int32Array(new SharedArrayBuffer(4));
  let posted = 0;
  for (let t = 1; t < threads; t++) {
    const r0 = Math.min(nRows, t * block);
    const r1 = Math.min(nRows, r0 + block);
    if (r0 >= r1) continue;
    workers[t - 1].postMessage({ kernel, arrays, sizes, r0, r1, done });
    posted++;
  }
  fn(arrays, sizes, 0, Math.min(nRows, block));
  for (;;) {
    const d = Atomics.load(done, 0);
    if (d >= posted) break;
    Atomics.wait(done, 0, d);
  }
}
