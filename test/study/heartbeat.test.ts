import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isoUtc, isStale, lastHeartbeat, parseIsoMs, type HeartbeatTiming } from '../../src/study/heartbeat';
import { isoNow, JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { NopPruner } from '../../src/study/pruners';
import { RandomSampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { TrialState } from '../../src/study/trial';
import { tempDir } from '../helpers/run_config';

const space = parseSpace({ x: { type: 'float', low: -5, high: 5 } });
const FAST: HeartbeatTiming = { intervalMs: 50, graceMs: 400 };

async function openStudy(file: string, worker: string, heartbeat: Partial<HeartbeatTiming> = FAST, log?: (s: string) => void): Promise<Study> {
  const storage = await JournalStorage.open(new JournalFileBackend(file), worker, { heartbeat });
  return Study.open({ storage, name: 's', direction: 'minimize', sampler: new RandomSampler(1), pruner: new NopPruner(), space, log });
}

/** A trial some other process created (and then died, or keeps running without heartbeats). */
function foreignTrial(file: string, worker: string, heartbeatMs: number | null) {
  const start = heartbeatMs ?? Date.now();
  return new JournalFileBackend(file).appendLogs([{
    op_code: 4, worker_id: worker, study_id: 0, datetime_start: isoNow(start),
    ...(heartbeatMs === null ? {} : { system_attrs: { heartbeat: isoUtc(heartbeatMs) } }),
  }]);
}

const heartbeatLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"heartbeat"'));

describe('heartbeat records', () => {
  it('reads the times Optuna and geo-graphnet write: UTC with an offset, and naive local time', () => {
    const ms = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
    expect(isoUtc(ms)).toBe('2024-05-01T10:00:00.123000+00:00');
    expect(parseIsoMs(isoUtc(ms))).toBe(ms);
    expect(parseIsoMs('2024-05-01T12:00:00.123456+02:00')).toBe(ms);
    expect(parseIsoMs('2024-05-01T10:00:00.123Z')).toBe(ms);
    expect(parseIsoMs(isoNow(ms))).toBe(ms);
    expect(parseIsoMs('yesterday')).toBeNull();
    expect(parseIsoMs(17)).toBeNull();
  });

  it('a running trial records a heartbeat every interval while idle, at most one append per interval, and stops when it finishes', async () => {
    const file = join(tempDir('beat'), 'j.jsonl');
    const storage = await JournalStorage.open(new JournalFileBackend(file), 'w', { heartbeat: FAST });
    const sid = await storage.loadOrCreateStudy('s', [1]);
    const tid = await storage.createTrial(sid);
    const started = lastHeartbeat(storage.trial(tid))!;
    const t0 = Date.now();
    await sleep(500);
    const elapsed = Date.now() - t0;
    const reader = await JournalStorage.open(new JournalFileBackend(file), 'r');
    // the first heartbeat goes out with CREATE_TRIAL, then one per interval at most
    const beats = heartbeatLines(file).length;
    expect(beats).toBeGreaterThanOrEqual(3);
    expect(beats).toBeLessThanOrEqual(1 + Math.ceil(elapsed / FAST.intervalMs));
    expect(lastHeartbeat(reader.trial(tid))!).toBeGreaterThan(started);
    expect(isStale(reader.trial(tid), Date.now(), FAST.graceMs)).toBe(false);
    await storage.setState(tid, TrialState.COMPLETE, [1]);
    const after = heartbeatLines(file).length;
    await sleep(200);
    expect(heartbeatLines(file).length).toBe(after);
  });
});

describe('stale trials', () => {
  it('fails a dead process\'s trial (an old geo-graphnet one by its start), never a live one or an Optuna worker\'s, which records no heartbeat', async () => {
    const file = join(tempDir('stale'), 'j.jsonl');
    const live = await JournalStorage.open(new JournalFileBackend(file), 'live', { heartbeat: FAST });
    const sid = await live.loadOrCreateStudy('s', [1]);
    await foreignTrial(file, 'dead', Date.now() - 10_000);
    await foreignTrial(file, 'optuna', null);
    // a trial an older geo-graphnet left, from before heartbeats: judged by its start
    await new JournalFileBackend(file).appendLogs([{ op_code: 4, worker_id: 'geo-graphnet-77-1', study_id: 0, datetime_start: isoNow(Date.now() - 10_000) }]);
    const liveTrial = await live.createTrial(sid);
    const judge = await openStudy(file, 'judge');
    // the live trial runs for three grace periods while the judge keeps checking
    const failed: number[] = [];
    let checks = 0;
    for (const until = Date.now() + 3 * FAST.graceMs; Date.now() < until; checks++) {
      failed.push(...(await judge.failStale()).map((t) => t.number));
      await sleep(30);
    }
    await live.setState(liveTrial, TrialState.COMPLETE, [1]);
    expect(checks).toBeGreaterThan(10);
    expect(failed).toEqual([0, 2]);
    await judge.sync();
    expect(judge.trials().map((t) => [t.worker, t.state])).toEqual([['dead', TrialState.FAIL], ['optuna', TrialState.RUNNING], ['geo-graphnet-77-1', TrialState.FAIL], ['live', TrialState.COMPLETE]]);
    expect(judge.trials()[0].userAttrs.fail_reason).toMatch(/^no heartbeat for 10 s \(grace period 0.4 s\)/);
  });

  it('a worker waiting for an earlier trial fails it once its heartbeat is older than the grace period, then goes on', async () => {
    const file = join(tempDir('stale'), 'j.jsonl');
    const messages: string[] = [];
    const s = await openStudy(file, 'w', FAST, (m) => messages.push(m));
    // trial 0's process has just died: its heartbeat is fresh
    await foreignTrial(file, 'dead', Date.now());
    const t0 = Date.now();
    await s.optimize(2, (ctx) => (ctx.params.x as number) ** 2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(FAST.graceMs);
    expect(s.trials().map((t) => t.state)).toEqual([TrialState.FAIL, TrialState.COMPLETE, TrialState.COMPLETE]);
    expect(messages.filter((m) => m.startsWith('waiting for trial 0 (worker dead) before trial 1 can be sampled: no heartbeat for'))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('trial 0 FAIL: no heartbeat for'))).toHaveLength(1);
  });

  it('when live-looking trials hold the whole budget, waits for them and replaces the one that goes stale', async () => {
    const file = join(tempDir('stale'), 'j.jsonl');
    const s = await openStudy(file, 'w');
    await s.optimize(1, () => 1);
    await foreignTrial(file, 'dead', Date.now());
    await s.optimize(2, () => 2);
    expect(s.trials().map((t) => [t.worker, t.state])).toEqual([['w', TrialState.COMPLETE], ['dead', TrialState.FAIL], ['w', TrialState.COMPLETE]]);
    expect(s.doneCount()).toBe(2);
  });

  it('an objective that throws stops its trial\'s heartbeat, so the trial cannot look alive forever', async () => {
    const file = join(tempDir('stale'), 'j.jsonl');
    const storage = await JournalStorage.open(new JournalFileBackend(file), 'w', { heartbeat: FAST });
    const s = await Study.open({ storage, name: 's', direction: 'minimize', sampler: new RandomSampler(1), pruner: new NopPruner(), space });
    // a storage failure while finishing: the trial stays RUNNING in the journal
    storage.setState = async () => { throw new Error('disk gone'); };
    await expect(s.runTrial(() => 1)).rejects.toThrow('disk gone');
    const before = heartbeatLines(file).length;
    await sleep(4 * FAST.intervalMs);
    expect(heartbeatLines(file).length).toBe(before);
  });
});
