import { Worker } from 'node:worker_threads';
import * as path from 'node:path';

/*
 * Row-block parallelism over worker threads. A task is a function exported by some module, with
 * the signature (arrays, sizes, r0, r1) => void, that computes rows [r0, r1) of its output. Rows
 * are cut into fixed contiguous blocks, one per thread; each output row is written by exactly one
 * thread with the same loop as the serial code, so the bits do not depend on the thread count.
 * The main thread runs block 0 and then blocks (Atomics.wait) until the workers are done, which
 * keeps callers (autograd, graph builders) synchronous.
 */

export type TaskArray = Float32Array | Float64Array | Int32Array | null;
export type RowFunction = (arrays: TaskArray[], sizes: number[], r0: number, r1: number) => void;

/** Where a row function lives, so a worker can load it, and which argument it writes. */
export interface RowTask {
  module: string;
  name: string;
  fn: RowFunction;
  /** Index of the array the function writes (the others are read only). */
  output: number | number[];
}

let workers: Worker[] = [];
let threads = 1;
let parallelCalls = 0;

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

/** How many calls were actually split across threads (lets tests see that the parallel path ran). */
export function parallelCallCount(): number {
  return parallelCalls;
}

/** Stop the workers. */
export function shutdownThreads(): void {
  for (const w of workers) void w.terminate();
  workers = [];
  threads = 1;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const loaded = new Map();
parentPort.on('message', (t) => {
  try {
    let mod = loaded.get(t.module);
    if (!mod) { mod = require(t.module); loaded.set(t.module, mod); }
    mod[t.name](t.arrays, t.sizes, t.r0, t.r1);
  } finally {
    Atomics.add(t.done, 0, 1);
    Atomics.notify(t.done, 0);
  }
});`;

function spawnWorker(): Worker {
  // Under ts-node or vitest the worker compiles the TypeScript modules itself.
  const prelude = __filename.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true });` : '';
  const w = new Worker(prelude + WORKER_SOURCE, { eval: true });
  w.unref();
  return w;
}

function isShared(a: TaskArray): boolean {
  return a === null || a.buffer instanceof SharedArrayBuffer;
}

/** A shared copy of a small read-only input (weights, say) so workers can see it. */
function sharedCopy(a: TaskArray): TaskArray {
  if (isShared(a)) return a;
  const c = new (a!.constructor as Float64ArrayConstructor)(new SharedArrayBuffer(a!.byteLength));
  c.set(a as Float64Array);
  return c;
}

/** Below this much work a call runs on the main thread alone. */
const MIN_PARALLEL_WORK = 1 << 16;

/**
 * Run a task over rows [0, nRows), split across the threads when it pays. Outputs must live on
 * shared memory (large buffers do, see allocFloat); read-only inputs that do not are copied.
 */
export function runRows(task: RowTask, arrays: TaskArray[], sizes: number[], nRows: number, work: number): void {
  const outputs = typeof task.output === 'number' ? [task.output] : task.output;
  if (threads === 1 || work < MIN_PARALLEL_WORK || nRows < threads || !outputs.every((o) => isShared(arrays[o]))) {
    task.fn(arrays, sizes, 0, nRows);
    return;
  }
  parallelCalls++;
  arrays = arrays.map(sharedCopy);
  const block = Math.ceil(nRows / threads);
  const done = new Int32Array(new SharedArrayBuffer(4));
  let posted = 0;
  for (let t = 1; t < threads; t++) {
    const r0 = Math.min(nRows, t * block);
    const r1 = Math.min(nRows, r0 + block);
    if (r0 >= r1) continue;
    workers[t - 1].postMessage({ module: task.module, name: task.name, arrays, sizes, r0, r1, done });
    posted++;
  }
  task.fn(arrays, sizes, 0, Math.min(nRows, block));
  for (;;) {
    const d = Atomics.load(done, 0);
    if (d >= posted) break;
    Atomics.wait(done, 0, d);
  }
}

/** Describe the row functions a module exports, for runRows. */
export function rowTasks<T extends Record<string, RowFunction>>(moduleFile: string, fns: T, outputs: Record<keyof T, number | number[]>): Record<keyof T, RowTask> {
  const out = {} as Record<keyof T, RowTask>;
  for (const name of Object.keys(fns) as (keyof T)[]) out[name] = { module: path.resolve(moduleFile), name: name as string, fn: fns[name], output: outputs[name] };
  return out;
}
