import type { FloatArray } from '../util/float';
import { matmulRows, matmulTransARows, matmulTransBRows } from './matmul';
import { sddmmRows, spmmRows } from './spmm';

export type KernelArray = FloatArray | Int32Array | null;

/**
 * The kernels that may run on worker threads, by name. Each takes its arrays, its integer
 * sizes and the row range it owns; the main thread and the workers run this same table.
 */
export const rowKernels = {
  matmul: (a: KernelArray[], s: number[], r0: number, r1: number) =>
    matmulRows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], r0, r1),
  matmulTransB: (a: KernelArray[], s: number[], r0: number, r1: number) =>
    matmulTransBRows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], r0, r1),
  matmulTransA: (a: KernelArray[], s: number[], r0: number, r1: number) =>
    matmulTransARows(a[0] as FloatArray, a[1] as FloatArray, a[2] as FloatArray, s[0], s[1], s[2], r0, r1),
  spmm: (a: KernelArray[], s: number[], r0: number, r1: number) =>
    spmmRows(a[0] as Int32Array, a[1] as Int32Array, a[2] as FloatArray, a[3] as Int32Array | null, a[4] as FloatArray, a[5] as FloatArray, s[0], s[1], r0, r1),
  sddmm: (a: KernelArray[], s: number[], r0: number, r1: number) =>
    sddmmRows(a[0] as Int32Array, a[1] as Int32Array, a[2] as FloatArray, a[3] as FloatArray, a[4] as FloatArray, s[0], s[1], r0, r1),
};

export type RowKernelName = keyof typeof rowKernels;

/** Which argument each kernel writes (the rest are read only). */
export const outputArgument: Record<RowKernelName, number> = { matmul: 2, matmulTransB: 2, matmulTransA: 2, spmm: 5, sddmm: 4 };
