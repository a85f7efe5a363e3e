import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoUtc } from '../../src/study/heartbeat';
import { isoNow, JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { MedianPruner, SuccessiveHalvingPruner, percentile, type Pruner } from '../../src/study/pruners';
import { RandomSampler, TPESampler, type Sampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study, TrialPruned } from '../../src/study/study';
import { TrialState, type FrozenTrial } from '../../src/study/trial';
import { NopPruner } from '../../src/study/pruners';
import { tempDir } from '../helpers/run_config';

const space = parseSpace({
  x: { type: 'float', low: -5, high: 5 },
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  n: { type: 'int', low: 1, high: 9, step: 2 },
  kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
  heads: { type: 'int', low: 1, high: 8, when: { kind: 'c' } },
});

function objective(p: Record<string, unknown>): number {
  const x = p.x as number, lr = p.lr as number, n = p.n as number;
  return (x - 1.5) ** 2 + (Math.log10(lr) + 2) ** 2 + (n - 5) ** 2 / 10 + (p.kind === 'b' ? 0 : 1) + (p.heads ? 0.1 * (p.heads as number) : 0);
}

async function makeStudy(file: string, sampler: Sampler, name = 's'): Promise<Study> {
  return Study.open({ storage: await JournalStorage.open(new JournalFileBackend(file), `w-${Math.random()}`), name, direction: 'minimize', sampler, pruner: new NopPruner(), space });
}

const strip = (t: FrozenTrial) => ({ number: t.number, state: t.state, params: t.params, values: t.values, intermediate: [...t.intermediate] });

describe('journal storage', () => {
  it('replays to the same state from a fresh reader, and tolerates a torn last line', async () => {
    const file = join(tempDir('journal'), 'study.jsonl');
    const s = await makeStudy(file, new RandomSampler(1));
    await s.optimize(4, async (ctx) => { await ctx.report(0, 3); await ctx.report(1, 2); return objective(ctx.params); });
    appendFileSync(file, '{"op_code":4,"worker_id":"dead","study_id":0,"datetime_st');
    const again = await JournalStorage.open(new JournalFileBackend(file), 'reader');
    const trials = again.allTrials(again.findStudy('s')!);
    expect(trials.map(strip)).toEqual(s.trials().map(strip));
    expect(trials).toHaveLength(4);
    expect(trials[0].intermediate.get(1)).toBe(2);
    // every line is Optuna's compact JSON with an op code and a worker id
    const lines = readFileSync(file, 'utf8').split('\n').slice(0, -2);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('op_code');
    expect(JSON.parse(lines[0])).toMatchObject({ op_code: 0, study_name: 's', directions: [1] });
  });

  it('resumes: a trial left RUNNING by a dead process becomes FAIL and is replaced; finished trials stay', async () => {
    const file = join(tempDir('journal'), 'study.jsonl');
    const s1 = await makeStudy(file, new RandomSampler(2));
    await s1.optimize(3, (ctx) => objective(ctx.params));
    // a worker died mid-trial two minutes ago: its last heartbeat is that old
    const then = Date.now() - 120_000;
    await new JournalFileBackend(file).appendLogs([{ op_code: 4, worker_id: 'dead-worker', study_id: 0, datetime_start: isoNow(then), system_attrs: { heartbeat: isoUtc(then) } }]);
    const s2 = await makeStudy(file, new RandomSampler(2));
    const failed = await s2.failStale();
    expect(failed.map((t) => t.number)).toEqual([3]);
    expect(s2.trials()[3].userAttrs.fail_reason).toMatch(/^no heartbeat for 120 s \(grace period 60 s\): the process running it \(worker dead-worker\) is gone$/);
    await s2.optimize(5, (ctx) => objective(ctx.params));
    const states = s2.trials().map((t) => t.state);
    expect(states).toEqual([1, 1, 1, TrialState.FAIL, 1, 1]);
    expect(s2.trials().slice(0, 3).map(strip)).toEqual(s1.trials().slice(0, 3).map(strip));
  });

  it('runs its operations one at a time: concurrent syncs never replay a range twice', async () => {
    const file = join(tempDir('journal'), 'study.jsonl');
    const writer = await makeStudy(file, new RandomSampler(3));
    const reader = await JournalStorage.open(new JournalFileBackend(file), 'reader');
    await writer.optimize(4, (ctx) => objective(ctx.params));
    await Promise.all([reader.sync(), reader.sync(), reader.sync()]);
    expect(reader.allTrials(reader.findStudy('s')!).map(strip)).toEqual(writer.trials().map(strip));
  });

  it('report() rejects with TrialPruned when the pruner says stop, and the trial is PRUNED', async () => {
    const file = join(tempDir('journal'), 'study.jsonl');
    const pruner: Pruner = { shouldPrune: (_t, step) => step >= 2 };
    const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(file), 'w'), name: 's', direction: 'minimize', sampler: new RandomSampler(0), pruner, space });
    let thrown: unknown = null;
    await study.optimize(1, async (ctx) => {
      try {
        for (let step = 0; step < 5; step++) await ctx.report(step, 10 - step);
      } catch (e) {
        thrown = e;
        throw e;
      }
      return 0;
    });
    expect(thrown).toBeInstanceOf(TrialPruned);
    const [t] = study.trials();
    expect(t.state).toBe(TrialState.PRUNED);
    expect([...t.intermediate]).toEqual([[0, 10], [1, 9], [2, 8]]);
  });
});

  it('writes intermediate values with the trial\'s next write, or at once when flushMs has passed', async () => {
    const file = join(tempDir('journal'), 'study.jsonl');
    const held = await JournalStorage.open(new JournalFileBackend(file), 'held', { flushMs: Infinity });
    const sid = await held.loadOrCreateStudy('s', [1]);
    const tid = await held.createTrial(sid);
    await held.report(tid, 0, 0.5);
    await held.report(tid, 1, 0.25);
    // visible here at once, not yet in the file
    expect([...held.trial(tid).intermediate]).toEqual([[0, 0.5], [1, 0.25]]);
    const reader = async () => { const r = await JournalStorage.open(new JournalFileBackend(file), 'r'); return r.allTrials(r.findStudy('s')!)[0]; };
    expect((await reader()).intermediate.size).toBe(0);
    await held.setState(tid, TrialState.COMPLETE, [0.25]);
    expect(await reader()).toMatchObject({ state: TrialState.COMPLETE, values: [0.25] });
    expect([...(await reader()).intermediate]).toEqual([[0, 0.5], [1, 0.25]]);

    const eager = await JournalStorage.open(new JournalFileBackend(file), 'eager', { flushMs: 0 });
    const t2 = await eager.createTrial(sid);
    await eager.report(t2, 0, 0.75);
    const r = await JournalStorage.open(new JournalFileBackend(file), 'r2');
    expect([...r.trial(t2).intermediate]).toEqual([[0, 0.75]]);
    await eager.setState(t2, TrialState.COMPLETE, [0.75]);
  });

/** Median over 5 seeds of the best value after 40 trials. */
async function medianBest(mk: (seed: number) => Sampler): Promise<number> {
  const vals: number[] = [];
  for (let seed = 0; seed < 5; seed++) {
    const s = await makeStudy(join(tempDir('cmp'), 'j.jsonl'), mk(seed));
    await s.optimize(40, (ctx) => objective(ctx.params));
    vals.push(s.best()!.values![0]);
  }
  return percentile(vals, 50);
}

describe('samplers', () => {
  it('the same seed gives the same suggestions in separate studies; another seed differs', async () => {
    const run = async (seed: number) => {
      const s = await makeStudy(join(tempDir('tpe'), 'j.jsonl'), new TPESampler(seed, { nStartupTrials: 5 }));
      await s.optimize(15, (ctx) => objective(ctx.params));
      return s.trials().map((t) => [t.params, t.values]);
    };
    const a = await run(7), b = await run(7), c = await run(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('respects bounds, steps, log scales and conditions', async () => {
    const s = await makeStudy(join(tempDir('tpe'), 'j.jsonl'), new TPESampler(3, { nStartupTrials: 5 }));
    await s.optimize(30, (ctx) => objective(ctx.params));
    for (const t of s.trials()) {
      const p = t.params as Record<string, number | string>;
      expect(p.x).toBeGreaterThanOrEqual(-5); expect(p.x).toBeLessThanOrEqual(5);
      expect(p.lr).toBeGreaterThanOrEqual(1e-4); expect(p.lr).toBeLessThanOrEqual(1e-1);
      expect([1, 3, 5, 7, 9]).toContain(p.n);
      expect(['a', 'b', 'c']).toContain(p.kind);
      expect('heads' in p).toBe(p.kind === 'c');
    }
  });

  it('multivariate TPE draws the unconditional parameters jointly, reproducibly, within bounds', async () => {
    const run = async () => {
      const s = await makeStudy(join(tempDir('mv'), 'j.jsonl'), new TPESampler(5, { nStartupTrials: 5, multivariate: true }));
      await s.optimize(25, (ctx) => objective(ctx.params));
      return s;
    };
    const a = await run(), b = await run();
    expect(b.trials().map((t) => t.params)).toEqual(a.trials().map((t) => t.params));
    for (const t of a.trials()) {
      const p = t.params as Record<string, number | string>;
      expect(p.x).toBeGreaterThanOrEqual(-5); expect(p.x).toBeLessThanOrEqual(5);
      expect([1, 3, 5, 7, 9]).toContain(p.n);
      expect('heads' in p).toBe(p.kind === 'c');
    }
    // the joint draws differ from the univariate ones after the startup trials
    const uni = await makeStudy(join(tempDir('mv'), 'j.jsonl'), new TPESampler(5, { nStartupTrials: 5, multivariate: false }));
    await uni.optimize(25, (ctx) => objective(ctx.params));
    expect(uni.trials().slice(5).map((t) => t.params)).not.toEqual(a.trials().slice(5).map((t) => t.params));
  });

  it('multivariate TPE finds better values than random search (median over 5 seeds)', async () => {
    expect(await medianBest((seed) => new TPESampler(seed, { multivariate: true }))).toBeLessThan(await medianBest((seed) => new RandomSampler(seed)));
  }, 60_000);

  it('TPE finds better values than random search on the same budget (median over 5 seeds)', async () => {
    expect(await medianBest((seed) => new TPESampler(seed, { multivariate: false }))).toBeLessThan(await medianBest((seed) => new RandomSampler(seed)));
  }, 60_000);
});

describe('pruners', () => {
  const trial = (number: number, values: number[], state: 0 | 1 = 1): FrozenTrial => ({
    trialId: number, number, state, params: {}, internal: {}, distributions: {}, values: state === 1 ? [values[values.length - 1]] : null,
    intermediate: new Map(values.map((v, i) => [i, v])), userAttrs: {}, systemAttrs: {}, datetimeStart: null, datetimeComplete: null, worker: '',
  });
  const finished = [trial(0, [5, 4, 3]), trial(1, [6, 5, 4]), trial(2, [4, 3, 2])];
  it('median: prunes a trial whose best so far is worse than the median at that step (minimise)', () => {
    const p = new MedianPruner({ startupTrials: 3 });
    expect(p.shouldPrune(trial(3, [7, 6], 0), 1, finished, 1)).toBe(true);
    expect(p.shouldPrune(trial(3, [7, 3.5], 0), 1, finished, 1)).toBe(false);
    expect(p.shouldPrune(trial(3, [7, 6], 0), 1, finished, 2)).toBe(false);
  });
  it('median: waits for its startup trials and warm-up steps', () => {
    expect(new MedianPruner({ startupTrials: 4 }).shouldPrune(trial(3, [9, 9], 0), 1, finished, 1)).toBe(false);
    expect(new MedianPruner({ startupTrials: 3, warmupSteps: 2 }).shouldPrune(trial(3, [9, 9], 0), 1, finished, 1)).toBe(false);
  });
  it('successive halving keeps the top third at each rung', () => {
    const p = new SuccessiveHalvingPruner(1, 3);
    expect(p.shouldPrune(trial(3, [0, 3.5], 0), 1, finished, 1)).toBe(true);
    expect(p.shouldPrune(trial(3, [0, 2.5], 0), 1, finished, 1)).toBe(false);
    expect(p.shouldPrune(trial(3, [0, 9, 9], 0), 2, finished, 1)).toBe(false); // step 2 is not a rung
  });
});

describe('journal records with reserved names', () => {
  it('are skipped with a warning: no prototype of a trial object changes', async () => {
    const { JournalStorage } = await import('../../src/study/journal');
    const { JournalMemoryBackend } = await import('../../src/study/journal_memory');
    const backend = new JournalMemoryBackend();
    await backend.appendLogs([
      { op_code: 0, worker_id: 'o', study_name: 's', directions: [2] },
      { op_code: 4, worker_id: 'o', study_id: 0, datetime_start: null },
      JSON.parse('{"op_code": 8, "worker_id": "o", "trial_id": 0, "user_attr": {"__proto__": {"polluted": 1}, "ok": 2}}'),
      { op_code: 5, worker_id: 'o', trial_id: 0, param_name: 'constructor', param_value_internal: 1, distribution: '{"name": "FloatDistribution", "attributes": {"low": 0, "high": 2, "log": false, "step": null}}' },
      { op_code: 99, worker_id: 'o', trial_id: 0 },
    ]);
    const warnings: string[] = [];
    const storage = await JournalStorage.open(backend, 'w', { warn: (m) => warnings.push(m) });
    const t = storage.trial(0);
    expect(t.userAttrs).toEqual({ ok: 2 });
    expect(Object.getPrototypeOf(t.userAttrs)).toBe(Object.prototype);
    expect(Object.keys(t.params)).toEqual([]);
    expect(warnings).toEqual([
      "journal log 4 was skipped: 'constructor' cannot be a parameter name",
      'journal log 5 was skipped: unknown journal operation 99',
    ]);
  });
});
