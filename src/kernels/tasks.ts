import { rowTasks, type TaskArray } from '../util/thread_pool';
import type { FloatArray } from '../util/float';
import { matmulRows, matmulTransARows, matmulTransBRows } from './matmul';
import { edgeSoftmaxBackwardRows, edgeSoftmaxRows } from './edge_softmax';
import { sddmmRows, spmmRows } from './spmm';

/* The dense and sparse kernels in the (arrays, sizes, r0, r1) form that worker threads run. */

export function matmul(a: TaskArray[], s: number[], r0: number, r1: number): void {
  matmulRows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], r0, r1);
}
export function matmulTransB(a: TaskArray[], s: number[], r0: number, r1: number): void {
  matmulTransBRows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], r0, r1);
}
export function matmulTransA(a: TaskArray[], s: number[], r0: number, r1: number): void {
  matmulTransARows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], s[2], r0, r1);
}
export function spmm(a: TaskArray[], s: number[], r0: number, r1: number): void {
  spmmRows(a[0] as Int32Array, a[1] as Int32Array, a[2] as FloatArray, a[3] as Int32Array | null, a[4] as FloatArray, a[5] as FloatArray, s[0], s[1], r0, r1);
}
export function sddmm(a: TaskArray[], s: number[], r0: number, r1: number): void {
  sddmmRows(a[0] as Int32Array, a[1] as Int32Array, a[2] as FloatArray, a[3] as FloatArray, a[4] as FloatArray, s[0], s[1], r0, r1);
}

export function edgeSoftmax(a: TaskArray[], s: number[], r0: number, r1: number): void {
  edgeSoftmaxRows(a[0] as Int32Array, a[1] as FloatArray, a[2] as FloatArray, s[0], r0, r1);
}
export function edgeSoftmaxBackward(a: TaskArray[], s: number[], r0: number, r1: number): void {
  edgeSoftmaxBackwardRows(a[0] as Int32Array, a[1] as FloatArray, a[2] as FloatArray, a[3] as FloatArray, s[0], r0, r1);
}

export const kernelTasks = rowTasks(__filename, { matmul, matmulTransB, matmulTransA, spmm, sddmm, edgeSoftmax, edgeSoftmaxBackward }, {
  matmul: 2, matmulTransB: 2, matmulTransA: 2, spmm: 5, sddmm: 4, edgeSoftmax: 2, edgeSoftmaxBackward: 3,
});
