import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../src/train/metrics';

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
