import { describe, expect, it } from 'vitest';
import * as math from 'mathjs';
import { csrFromCOO } from '../../src/sparse/coo';
import { CSR, transposeCSR } from '../../src/sparse/csr';
import { addSelfLoops, gcnNormalize, rowNormalize } from '../../src/sparse/normalize';
import { randGraph } from '../helpers/random';

function dense(a: CSR): number[][] {
  const d = Array.from({ length: a.nRows }, () => new Array<number>(a.nCols).fill(0));
  for (let i = 0; i < a.nRows; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) d[i][a.col[p]] += a.val[p];
  return d;
}

describe('CSR from COO', () => {
  it('sums duplicates and sorts each row by column', () => {
    const a = csrFromCOO(3, 4, [2, 0, 2, 0, 2], [1, 3, 1, 0, 0], [1, 2, 3, 4, 5]);
    expect(Array.from(a.rowPtr)).toEqual([0, 2, 2, 4]);
    expect(Array.from(a.col)).toEqual([0, 3, 0, 1]);
    expect(Array.from(a.val)).toEqual([4, 2, 5, 4]);
  });
  it('rejects duplicates when asked, naming the entries', () => {
    expect(() => csrFromCOO(2, 2, [1, 0, 1], [0, 1, 0], null, { duplicates: 'error' })).toThrow(/duplicate entry \(1, 0\) at COO entries 0 and 2/);
  });
  it('rejects indices out of range with the entry', () => {
    expect(() => csrFromCOO(2, 2, [0, 5], [0, 1])).toThrow(/row index out of range at entry 1: 5/);
    expect(() => csrFromCOO(2, 2, [0, 1], [0, -1])).toThrow(/column index out of range at entry 1: -1/);
  });
});

describe('CSR validation', () => {
  it('names the index where the row pointer goes backwards', () => {
    expect(() => new CSR(3, 3, Int32Array.from([0, 2, 1, 3]), Int32Array.from([0, 1, 2]), new Float32Array(3))).toThrow(/not monotone at index 2/);
  });
  it('names the entry whose column is out of range', () => {
    expect(() => new CSR(2, 2, Int32Array.from([0, 1, 2]), Int32Array.from([0, 7]), new Float32Array(2))).toThrow(/out of range at entry 1: 7/);
  });
  it('rejects a row pointer that does not end at nnz', () => {
    expect(() => new CSR(2, 2, Int32Array.from([0, 1, 1]), Int32Array.from([0, 1]), new Float32Array(2))).toThrow(/rowPtr\[2\] is 1/);
  });
});

describe('transpose and normalisations agree with dense mathjs', () => {
  const a = randGraph(7, 12, 3, 'float64', [4, 9]);
  it('transpose', () => {
    expect(dense(transposeCSR(a))).toEqual((math.transpose(math.matrix(dense(a))) as math.Matrix).toArray());
  });
  it('self-loops keep existing diagonals and add the missing ones', () => {
    const b = csrFromCOO(3, 3, [0, 1, 2], [0, 2, 1], [5, 1, 1]);
    expect(dense(addSelfLoops(b))).toEqual([[5, 0, 0], [0, 1, 1], [0, 1, 1]]);
  });
  it('symmetric GCN normalisation D^-1/2 (A+I) D^-1/2 with weights', () => {
    const A = math.add(math.matrix(dense(a)), math.identity(12)) as math.Matrix;
    const deg = (A.toArray() as number[][]).map((r) => r.reduce((s, v) => s + v, 0));
    const Dm = math.diag(deg.map((d) => 1 / Math.sqrt(d)));
    const ref = (math.multiply(math.multiply(Dm, A), Dm) as math.Matrix).toArray() as number[][];
    const got = dense(gcnNormalize(a));
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) expect(got[i][j]).toBeCloseTo(ref[i][j], 12);
  });
  it('row normalisation sums rows to one and leaves empty rows empty', () => {
    expect(a.rowPtr[5] - a.rowPtr[4]).toBe(0);
    const d = dense(rowNormalize(a));
    for (let i = 0; i < 12; i++) {
      const s = d[i].reduce((x, y) => x + y, 0);
      if (a.rowPtr[i] === a.rowPtr[i + 1]) expect(s).toBe(0);
      else expect(s).toBeCloseTo(1, 12);
    }
  });
});
