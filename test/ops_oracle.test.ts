import { describe, expect, it } from 'vitest';
import * as math from 'mathjs';
import * as ops from '../src/ops';
import type { Tensor } from '../src/tensor/tensor';
import { makeRng } from '../src/util/rng';
import { randGraph, randTensor } from './helpers/random';

/** mathjs as an independent dense oracle for forward values. */
function toRows(t: Tensor): number[][] {
  const [n, m] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * m, i * m + m)));
}

function expectClose(a: number[][], b: number[][], digits = 12): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) expect(a[i][j]).toBeCloseTo(b[i][j], digits);
}

describe('forward values against mathjs', () => {
  for (const seed of [1, 2, 3]) {
    it(`matmul, seed ${seed}`, () => {
      const rng = makeRng(seed);
      const a = randTensor(rng, [5, 7], 'float64', false);
      const b = randTensor(rng, [7, 3], 'float64', false);
      expectClose(toRows(ops.matmul(a, b)), math.multiply(toRows(a), toRows(b)) as number[][]);
    });
    it(`matmul of a mostly-zero constant (the sparse path), seed ${seed}`, () => {
      const rng = makeRng(seed);
      const a = randTensor(rng, [90, 70], 'float64', false);
      for (let i = 0; i < a.size; i++) if (rng.next() > 0.04) a.data[i] = 0;
      ops.declareInput(a);
      const b = randTensor(rng, [70, 6], 'float64', false);
      expectClose(toRows(ops.matmul(a, b)), math.multiply(toRows(a), toRows(b)) as number[][]);
    });
    it(`spmm, seed ${seed}`, () => {
      const A = randGraph(seed, 9, 3, 'float64', [2]);
      const x = randTensor(makeRng(seed), [9, 4], 'float64', false);
      const D = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
      for (let i = 0; i < 9; i++) for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) D[i][A.col[p]] += A.val[p];
      expectClose(toRows(ops.spmm(A, x)), math.multiply(D, toRows(x)) as number[][]);
    });
    it(`softmax, seed ${seed}`, () => {
      const x = randTensor(makeRng(seed), [4, 6], 'float64', false, -5, 5);
      const ref = toRows(x).map((r) => {
        const e = r.map((v) => math.exp(v) as number);
        const z = math.sum(e) as number;
        return e.map((v) => v / z);
      });
      expectClose(toRows(ops.softmax(x)), ref);
    });
  }
  it('log_softmax stays finite for large scores', () => {
    const x = randTensor(makeRng(1), [2, 3], 'float32', false, 500, 1000);
    for (const v of ops.logSoftmax(x).data) expect(Number.isFinite(v)).toBe(true);
  });
});
