import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/pipeline/run';
import type { EpochRecord } from '../../src/train/fit';
import { smallRunConfig } from '../helpers/run_config';

/** Epochs (1-based) at which the validation loss reached a new low (≤) or the accuracy a new high (≥). */
function gains(h: EpochRecord[]): { both: number[]; either: number[] } {
  let lo = Infinity, hi = -Infinity;
  const both: number[] = [], either: number[] = [];
  for (const r of h) {
    const l = r.val_loss! <= lo, a = r.val_accuracy! >= hi;
    if (l && a) both.push(r.epoch);
    if (l || a) either.push(r.epoch);
    lo = Math.min(lo, r.val_loss!);
    hi = Math.max(hi, r.val_accuracy!);
  }
  return { both, either };
}

describe('which epoch is kept', () => {
  it('loss: the first epoch with the lowest validation loss; patience counts from it', async () => {
    const r = await runExperiment(smallRunConfig((c) => { Object.assign(c.method, { epochs: 120, patience: 8, baselines: [] }); }), { log: () => {} });
    const h = r.main.history;
    const losses = h.map((e) => e.val_loss!);
    expect(r.main.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(h.length).toBeLessThan(120);
    expect(h.length - r.main.bestEpoch).toBe(8);
  }, 120_000);

  it("loss-and-accuracy (the GAT paper's rule): the last epoch that improved both; patience counts from the last that improved either", async () => {
    const r = await runExperiment(smallRunConfig((c) => { Object.assign(c.method, { epochs: 120, patience: 8, baselines: [], selection: 'loss-and-accuracy' }); }), { log: () => {} });
    const h = r.main.history;
    const g = gains(h);
    expect(r.main.bestEpoch).toBe(g.both[g.both.length - 1]);
    expect(h.length).toBeLessThan(120); // it stopped early, so the patience rule can be checked
    expect(h.length - g.either[g.either.length - 1]).toBe(8);
    // some epoch improved only one of the two, or this run would not tell the rules apart
    expect(g.either.length).toBeGreaterThan(g.both.length);
  }, 120_000);

  it.each(['accuracy', 'macro-f1'] as const)('%s: the first epoch with the highest validation score; patience counts from it', async (selection) => {
    // seed 2: a survey where the highest score and the lowest loss fall on different epochs
    const r = await runExperiment(smallRunConfig((c) => { c.seed = 2; Object.assign(c.method, { epochs: 120, patience: 8, baselines: [], selection }); }), { log: () => {} });
    const h = r.main.history;
    const scores = h.map((e) => (selection === 'accuracy' ? e.val_accuracy! : e.val_macro_f1!));
    expect(r.main.bestEpoch).toBe(scores.indexOf(Math.max(...scores)) + 1);
    expect(h.length).toBeLessThan(120);
    expect(h.length - r.main.bestEpoch).toBe(8);
    // the loss rule would have kept another epoch here, or the test would not tell the rules apart
    const losses = h.map((e) => e.val_loss!);
    expect(losses.indexOf(Math.min(...losses)) + 1).not.toBe(r.main.bestEpoch);
  }, 120_000);
});
