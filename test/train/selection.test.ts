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
});
