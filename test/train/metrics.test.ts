import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyBytes, readNpyFloat64 } from '../../src/data/npy';
import { readCostMatrix } from '../../src/train/cost_matrix';
import { classificationMetrics, groupMetrics, type CostMatrix } from '../../src/train/metrics';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

describe('classification metrics', () => {
  // truth and predictions for 8 nodes, 3 classes; node 7 is not evaluated
  const labels = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2]);
  const pred = Int32Array.from([0, 0, 1, 1, 2, 2, 2, 0]);
  const probs = Float64Array.from(Array.from(pred).flatMap((p) => [0, 1, 2].map((c) => (c === p ? 0.8 : 0.1))));
  const nodes = [0, 1, 2, 3, 4, 5, 6];
  const m = classificationMetrics(labels, pred, probs, nodes, ['a', 'b', 'c']);
  it('confusion matrix counts only the given nodes', () => {
    expect(m.confusion).toEqual([[2, 1, 0], [0, 1, 1], [0, 0, 2]]);
    expect(m.n).toBe(7);
  });
  it('accuracy, per-class precision/recall/F1 and the averages', () => {
    expect(m.accuracy).toBeCloseTo(5 / 7, 12);
    const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
    expect(m.perClass.map((c) => c.precision)).toEqual([1, 0.5, 2 / 3]);
    expect(m.perClass.map((c) => c.recall)).toEqual([2 / 3, 0.5, 1]);
    const f = [f1(1, 2 / 3), 0.5, f1(2 / 3, 1)];
    expect(m.macroF1).toBeCloseTo((f[0] + f[1] + f[2]) / 3, 12);
    expect(m.weightedF1).toBeCloseTo((3 * f[0] + 2 * f[1] + 2 * f[2]) / 7, 12);
    expect(m.balancedAccuracy).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 12);
  });
  it('log-loss is the mean negative log probability of the true class', () => {
    // correct nodes get 0.8, wrong ones 0.1
    expect(m.logLoss).toBeCloseTo((5 * -Math.log(0.8) + 2 * -Math.log(0.1)) / 7, 12);
  });
});

describe('per-group scores and the penalty of a cost matrix', () => {
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 0, 1]);
  const pred = Int32Array.from([0, 1, 1, 1, 0, 2, 0, 0]);
  const probs = new Float64Array(8 * 3).fill(1 / 3);
  const group = Int32Array.from([1, 1, 1, 0, 0, 0, 2, 2]);
  // FORCE-like: a wrong class costs more the further it is from the truth
  const cost: CostMatrix = { file: 'c', C: 3, values: Float64Array.from([0, 2, 4, 2, 0, 2, 4, 2, 0]) };
  it('the penalty is the mean cost of true → predicted, and its score minus that', () => {
    const m = classificationMetrics(labels, pred, probs, [0, 1, 2, 3, 4, 5], ['a', 'b', 'c'], cost);
    // costs 0, 2, 0, 0, 4, 0
    expect(m.penalty).toBeCloseTo(6 / 6, 12);
    expect(m.penaltyScore).toBeCloseTo(-1, 12);
    expect(classificationMetrics(labels, pred, probs, [0, 2], ['a', 'b', 'c'], cost).penaltyScore).toBe(0);
    expect('penalty' in classificationMetrics(labels, pred, probs, [0], ['a', 'b', 'c'])).toBe(false);
  });
  it('per group: each group\'s rows only, in group order, groups without rows left out', () => {
    const g = groupMetrics(labels, pred, probs, [0, 1, 2, 3, 4, 5], ['a', 'b', 'c'], group, ['W0', 'W1', 'W2'], cost);
    expect(g.map((x) => [x.group, x.n, x.accuracy, x.penalty])).toEqual([['W0', 3, 2 / 3, 4 / 3], ['W1', 3, 2 / 3, 2 / 3]]);
    // W1: a → a, a → b, b → b: F1 of a is 2/3, of b 2/3
    expect(g[1].macroF1).toBeCloseTo(2 / 3, 12);
  });
});

describe('cost matrix files', () => {
  const classes = ['30000', '65000', '70000'];
  it('a CSV in any row and column order, read by class name', async () => {
    const dir = tempDir('cost');
    writeFileSync(join(dir, 'c.csv'), ['true,70000,30000,65000', '65000,1,2,0', '30000,3,0,4', '70000,0,5,6'].join('\n'));
    const m = await readCostMatrix(join(dir, 'c.csv'), classes);
    expect(Array.from(m.values)).toEqual([0, 4, 3, 2, 0, 1, 5, 6, 0]);
  });
  it('a .npy: C or Fortran order, little- or big-endian; anything else names the file', async () => {
    const dir = tempDir('npy');
    const f = join(dir, 'a.npy');
    writeFileSync(f, npyBytes([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(readNpyFloat64(f)).toEqual({ shape: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    // np.asfortranarray(a) of the same values, big-endian: the bytes go column by column
    const fortran = npyBytes([2, 3], [1, 4, 2, 5, 3, 6]);
    const text = fortran.toString('latin1').replace("'descr': '<f8', 'fortran_order': False", "'descr': '>f8', 'fortran_order': True ");
    const body = Buffer.from(text, 'latin1');
    const start = body.length - 48;
    for (let k = 0; k < 6; k++) body.writeDoubleBE(fortran.readDoubleLE(start + 8 * k), start + 8 * k);
    writeFileSync(f, body);
    expect(Array.from(readNpyFloat64(f).data)).toEqual([1, 2, 3, 4, 5, 6]);
    writeFileSync(f, Buffer.from(npyBytes([2], [1, 2]).toString('latin1').replace("'<f8'", "'<i8'"), 'latin1'));
    expect(() => readNpyFloat64(f)).toThrow(/a\.npy: not a float64 NumPy array: its dtype is '<i8'/);
    writeFileSync(f, 'not numpy');
    expect(() => readNpyFloat64(f)).toThrow(InputError);
    writeFileSync(f, npyBytes([3, 3], [0, 1, 1, 1, 0, 1, 1, 1, NaN]));
    await expect(readCostMatrix(f, classes)).rejects.toThrow(/a\.npy: the cost of 70000 → 70000 is NaN, not a finite number/);
  });
  it('a .npy over more classes than the data has, named by costMatrixClasses: the classes the data lacks are left out', async () => {
    const f = join(tempDir('npy'), 'big.npy');
    // rows/columns a, b, c; cost = 10 × true index + predicted index
    writeFileSync(f, npyBytes([3, 3], [0, 1, 2, 10, 11, 12, 20, 21, 22]));
    const m = await readCostMatrix(f, ['c', 'a'], ['a', 'b', 'c']);
    expect(Array.from(m.values)).toEqual([22, 20, 2, 0]);
    await expect(readCostMatrix(f, ['a', 'd'], ['a', 'b', 'c'])).rejects.toThrow(/does not name 'd'/);
    await expect(readCostMatrix(f, ['a'], ['a', 'b'])).rejects.toThrow(/must be 2 × 2/);
  });
});
