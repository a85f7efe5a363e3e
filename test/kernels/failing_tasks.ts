import { rowTasks, type TaskArray } from '../../src/util/thread_pool';

/* Row tasks that go wrong on purpose, for the thread pool's failure tests. Each writes out[r] = r. */

/** Throws once its rows reach row sizes[0]. */
export function throwAt(a: TaskArray[], s: number[], r0: number, r1: number): void {
  const out = a[0] as Float64Array;
  for (let r = r0; r < r1; r++) {
    if (r === s[0]) throw new Error(`bad row ${r}`);
    out[r] = r;
  }
}

/** Kills the thread running any block but the first (block 0 runs on the caller's thread). */
export function exitWorker(a: TaskArray[], s: number[], r0: number, r1: number): void {
  if (r0 > 0) process.exit(7);
  const out = a[0] as Float64Array;
  for (let r = r0; r < r1; r++) out[r] = r;
}

export const failingTasks = rowTasks(__filename, { throwAt, exitWorker }, { throwAt: 0, exitWorker: 0 });
