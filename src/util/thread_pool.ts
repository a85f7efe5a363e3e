import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
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

/*
 * Failures. A worker catches an exception from its task, posts the message on its own port and
 * marks its slot FAILED; the caller reads the message with receiveMessageOnPort once every block is
 * done and throws it. A worker that dies outright (process.exit, out of memory, a crash at start-up)
 * cannot report anything itself, and the blocked main thread cannot see the 'exit' event, so the
 * workers are children of a small supervisor thread whose event loop stays free: on a child's
 * 'exit' it posts the reason and marks the slot DEAD, which wakes the caller at once, and the caller
 * rebuilds the pool. No timeouts are needed, and none could tell a long kernel from a dead worker.
 */

/** Per-worker slot values in Pool.state; state[0] is bumped on every change so waits never miss one. */
const IDLE = 0;
const RUNNING = 1;
const FAILED = 2;
const DEAD = 3;

interface Pool {
  supervisor: Worker;
  /** ports[i] talks to the worker in slot i + 1: tasks go out, error messages come back. */
  ports: MessagePort[];
  /** Where the supervisor reports a worker's exit ({ slot, code, error }). */
  reports: MessagePort;
  state: Int32Array;
}

let pool: Pool | null = null;
let threads = 1;
let parallelCalls = 0;

export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`threads must be a positive integer, got ${n}`);
  if (n === threads) return;
  shutdownThreads();
  threads = n;
  if (n > 1) pool = spawnPool(n - 1);
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
  if (pool) {
    // Terminating the supervisor also stops its child workers.
    void pool.supervisor.terminate();
    for (const p of pool.ports) p.close();
    pool.reports.close();
  }
  pool = null;
  scratch = null;
  threads = 1;
}

const WORKER_SOURCE = `
const { workerData: { port, state, slot } } = require('node:worker_threads');
const loaded = new Map();
port.on('message', (t) => {
  let status = ${IDLE};
  try {
    let mod = loaded.get(t.module);
    if (!mod) { mod = require(t.module); loaded.set(t.module, mod); }
    mod[t.name](t.arrays, t.sizes, t.r0, t.r1);
  } catch (e) {
    port.postMessage(e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e), stack: String(e) });
    status = ${FAILED};
  }
  Atomics.store(state, slot, status);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
});`;

const SUPERVISOR_SOURCE = `
const { Worker, workerData: { source, ports, reports, state } } = require('node:worker_threads');
const dead = (slot) => { Atomics.store(state, slot, ${DEAD}); Atomics.add(state, 0, 1); Atomics.notify(state, 0); };
// If the supervisor itself fails (a worker cannot be created, say), every slot is dead.
process.on('exit', () => { for (let s = 1; s < state.length; s++) dead(s); });
ports.forEach((port, i) => {
  const w = new Worker(source, { eval: true, workerData: { port, state, slot: i + 1 }, transferList: [port] });
  let error = '';
  w.on('error', (e) => { error = e instanceof Error ? e.message : String(e); });
  w.on('exit', (code) => { reports.postMessage({ slot: i + 1, code, error }); dead(i + 1); });
});`;

function spawnPool(nWorkers: number): Pool {
  // Under ts-node or vitest the workers compile the TypeScript modules themselves.
  const prelude = __filename.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true });` : '';
  const channels = Array.from({ length: nWorkers }, () => new MessageChannel());
  const reports = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(4 * (nWorkers + 1)));
  const workerPorts = channels.map((c) => c.port2);
  const supervisor = new Worker(SUPERVISOR_SOURCE, {
    eval: true,
    workerData: { source: prelude + WORKER_SOURCE, ports: workerPorts, reports: reports.port2, state },
    transferList: [...workerPorts, reports.port2],
  });
  supervisor.unref();
  return { supervisor, ports: channels.map((c) => c.port1), reports: reports.port1, state };
}

function isShared(a: TaskArray): boolean {
  return a === null || a.buffer instanceof SharedArrayBuffer;
}

/*
 * The parallel path's scratch: one SharedArrayBuffer, grown when a call needs more and reused by
 * every call after. Tensors live on ordinary buffers (see allocFloat: V8 frees those promptly, but
 * not SharedArrayBuffers), so a split call copies its non-shared arrays in here, outputs included
 * (kernels add into them), and copies the outputs back. The copies are memcpy-fast beside the
 * kernels they feed; a fresh SharedArrayBuffer per call, as before, was memory V8 did not reclaim.
 */
let scratch: SharedArrayBuffer | null = null;

/** The arrays as workers can see them (non-shared ones copied into the scratch) and the outputs to copy back. */
function onScratch(arrays: TaskArray[], outputs: number[]): { views: TaskArray[]; back: [Exclude<TaskArray, null>, Exclude<TaskArray, null>][] } {
  const offsets = new Map<Exclude<TaskArray, null>, number>();
  let bytes = 0;
  for (const a of arrays) {
    if (isShared(a) || offsets.has(a!)) continue;
    offsets.set(a!, bytes);
    bytes += Math.ceil(a!.byteLength / 8) * 8;
  }
  if (bytes > 0 && (scratch === null || scratch.byteLength < bytes)) scratch = new SharedArrayBuffer(Math.max(bytes, Math.floor((scratch?.byteLength ?? 0) * 1.5)));
  const views = new Map<Exclude<TaskArray, null>, Exclude<TaskArray, null>>();
  for (const [a, off] of offsets) {
    const v = new (a.constructor as Float64ArrayConstructor)(scratch!, off, a.length);
    v.set(a as Float64Array);
    views.set(a, v);
  }
  const back: [Exclude<TaskArray, null>, Exclude<TaskArray, null>][] = [];
  for (const o of new Set(outputs.map((i) => arrays[i]))) if (o !== null && views.has(o)) back.push([views.get(o)!, o]);
  return { views: arrays.map((a) => (a === null ? null : views.get(a) ?? a)), back };
}

/** Below this much work a call runs on the main thread alone. */
const MIN_PARALLEL_WORK = 1 << 16;

/**
 * Run a task over rows [0, nRows), split across the threads when it pays. Arrays not on shared
 * memory go through the reused scratch buffer (outputs copied back when every block is done).
 */
export function runRows(task: RowTask, arrays: TaskArray[], sizes: number[], nRows: number, work: number): void {
  const outputs = typeof task.output === 'number' ? [task.output] : task.output;
  if (threads === 1 || work < MIN_PARALLEL_WORK || nRows < threads) {
    task.fn(arrays, sizes, 0, nRows);
    return;
  }
  let p = pool!;
  // A worker that died between calls (after finishing its block) is replaced before it is needed.
  for (let slot = 1; slot < p.state.length; slot++) {
    if (Atomics.load(p.state, slot) === DEAD) {
      restartPool();
      p = pool!;
      break;
    }
  }
  parallelCalls++;
  const { views, back } = onScratch(arrays, outputs);
  arrays = views;
  const block = Math.ceil(nRows / threads);
  const blocks: { slot: number; r0: number; r1: number }[] = [];
  for (let slot = 1; slot < threads; slot++) {
    const r0 = Math.min(nRows, slot * block);
    const r1 = Math.min(nRows, r0 + block);
    if (r0 >= r1) continue;
    blocks.push({ slot, r0, r1 });
    // Fails only if the worker has just died; its slot then stays DEAD and is reported below.
    if (Atomics.compareExchange(p.state, slot, IDLE, RUNNING) === IDLE) {
      p.ports[slot - 1].postMessage({ module: task.module, name: task.name, arrays, sizes, r0, r1 });
    }
  }
  let mainFailed = false;
  let mainError: unknown;
  try {
    task.fn(arrays, sizes, 0, Math.min(nRows, block));
  } catch (e) {
    mainFailed = true;
    mainError = e;
  }
  // Wait for every block, even after a failure, so that nothing writes to the caller's buffers later.
  for (;;) {
    const seq = Atomics.load(p.state, 0);
    if (blocks.every((b) => Atomics.load(p.state, b.slot) !== RUNNING)) break;
    Atomics.wait(p.state, 0, seq);
  }
  // what the blocks wrote, also after a failure (as a shared output would hold it)
  for (const [view, out] of back) out.set(view as Float64Array);
  const failures: string[] = [];
  let cause: Error | undefined;
  let exits: Map<number, string> | undefined;
  for (const b of blocks) {
    const where = `${task.module}#${task.name} rows [${b.r0}, ${b.r1})`;
    const status = Atomics.load(p.state, b.slot);
    if (status === FAILED) {
      const err = receiveMessageOnPort(p.ports[b.slot - 1])!.message as { message: string; stack: string };
      failures.push(`${where} failed on a worker thread: ${err.message}`);
      if (!cause) {
        cause = new Error(err.message);
        cause.stack = err.stack;
      }
      // The worker caught the error and is still alive (unless it has died meanwhile).
      Atomics.compareExchange(p.state, b.slot, FAILED, IDLE);
    } else if (status === DEAD) {
      exits ??= exitReasons(p);
      failures.push(`${where}: worker thread died${exits.get(b.slot) ?? ''}; the thread pool was restarted`);
    }
  }
  if (exits) restartPool();
  if (mainFailed) throw mainError;
  if (failures.length > 0) throw new Error(failures.join('\n'), { cause });
}

/** Why workers exited, by slot, as the supervisor reported it. */
function exitReasons(p: Pool): Map<number, string> {
  const reasons = new Map<number, string>();
  for (let m = receiveMessageOnPort(p.reports); m; m = receiveMessageOnPort(p.reports)) {
    const r = m.message as { slot: number; code: number; error: string };
    reasons.set(r.slot, ` (exit code ${r.code}${r.error ? `: ${r.error}` : ''})`);
  }
  return reasons;
}

function restartPool(): void {
  const n = threads;
  shutdownThreads();
  setThreads(n);
}

/** Describe the row functions a module exports, for runRows. */
export function rowTasks<T extends Record<string, RowFunction>>(moduleFile: string, fns: T, outputs: Record<keyof T, number | number[]>): Record<keyof T, RowTask> {
  const out = {} as Record<keyof T, RowTask>;
  for (const name of Object.keys(fns) as (keyof T)[]) out[name] = { module: path.resolve(moduleFile), name: name as string, fn: fns[name], output: outputs[name] };
  return out;
}
