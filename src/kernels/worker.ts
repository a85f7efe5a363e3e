import { parentPort } from 'node:worker_threads';
import { rowKernels, type KernelArray, type RowKernelName } from './registry';

/** A kernel worker: runs the row block it is sent, then counts itself done on the shared flag. */
interface Task { kernel: RowKernelName; arrays: KernelArray[]; sizes: number[]; r0: number; r1: number; done: Int32Array }

parentPort!.on('message', (t: Task) => {
  try {
    rowKernels[t.kernel](t.arrays, t.sizes, t.r0, t.r1);
  } finally {
    Atomics.add(t.done, 0, 1);
    Atomics.notify(t.done, 0);
  }
});
