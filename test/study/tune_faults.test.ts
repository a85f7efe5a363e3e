import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tune } from '../../src/pipeline/tune';
import { TrialState } from '../../src/study/trial';
import { makeRng } from '../../src/util/rng';
import { tempDir } from '../helpers/run_config';
import { finishedTrials, hasOptuna, optunaFinishedTrials, studyConfig, type TrialSummary } from './small_study';

/*
 * Fault injection on real `tune` processes: kill -9 at seeded random points of the journal's
 * growth, a torn tail, a stale lock, a corrupted middle line. Every case ends with a rerun that
 * completes the study, keeps every trial that was COMPLETE with its value, and leaves a journal
 * python Optuna loads with every finished trial.
 */

const root = join(__dirname, '../..');
if (!hasOptuna) console.warn('fault-injection tests: skipping the python Optuna checks: python3 cannot import optuna (pip install optuna)');
// a dead process's trial has a fresh heartbeat: reruns judge with a short grace period to keep the tests short
const RERUN = { heartbeat: { intervalMs: 250, graceMs: 1500 }, lockGraceMs: 1000 };

/** `geo-graphnet tune` as a user starts it. */
function startTune(cfg: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'tune', '--config', cfg, '--no-report', ...extra], {
    cwd: root, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: 'ignore',
  });
}

const journalLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : []);

/** Wait until the journal satisfies `ready` (or the process has ended by itself); fails after timeoutMs. */
async function waitForJournal(child: ChildProcess, file: string, ready: (lines: string[]) => boolean, timeoutMs = 90_000): Promise<void> {
  for (const t0 = Date.now(); !ready(journalLines(file)) && child.exitCode === null && child.signalCode === null; await sleep(10)) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`the study did not reach the kill point in ${timeoutMs / 1000} s`);
  }
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Processes whose parent is pid (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

/** Running (a zombie, which nothing may reap here, has ended). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

const completeValues = (trials: TrialSummary[]) => new Map(trials.filter((t) => t.state === 'COMPLETE').map((t) => [t.number, t.values]));
const createdTrials = (lines: string[]) => lines.filter((l) => l.startsWith('{"op_code":4,'));
/** COMPLETE or PRUNED state changes in the journal. */
const finishedCount = (lines: string[]) => lines.filter((l) => /^\{"op_code":6,.*"state":[12],/.test(l)).length;

/**
 * What every case ends with: the study complete, every trial COMPLETE before still COMPLETE with
 * its value, a journal of whole lines (but `badLines`, 1-based), and python Optuna seeing every
 * finished trial (given a copy without the bad lines: Optuna 5 refuses a journal with one).
 */
async function expectCompleted(study: { doneCount(): number; trials(): { state: number }[] }, journal: string, before: TrialSummary[], nTrials: number, badLines: number[] = []): Promise<void> {
  expect(study.doneCount()).toBe(nTrials);
  expect(study.trials().filter((t) => t.state === TrialState.RUNNING)).toEqual([]);
  const after = await finishedTrials(journal);
  const afterValues = completeValues(after);
  for (const [number, values] of completeValues(before)) expect(afterValues.get(number), `trial ${number}`).toEqual(values);
  const text = readFileSync(journal, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((l, i) => { if (!badLines.includes(i + 1)) expect(() => JSON.parse(l), `line ${i + 1}`).not.toThrow(); });
  if (!hasOptuna) return;
  let forOptuna = journal;
  if (badLines.length) {
    forOptuna = `${journal}.for-optuna`;
    writeFileSync(forOptuna, lines.filter((_, i) => !badLines.includes(i + 1)).map((l) => l + '\n').join(''));
  }
  expect(optunaFinishedTrials(forOptuna)).toEqual(after);
}

describe('tune under faults: kill -9, torn tail, stale lock, corrupted line', () => {
  it('two independent tune processes on one journal, each killed at a random point: the rerun completes the study', async () => {
    const rng = makeRng('two-processes');
    const dir = tempDir('faults');
    const cfg = studyConfig(dir, 6, 200);
    const journal = join(dir, 'small', 'journal.jsonl');
    const a = startTune(cfg), b = startTune(cfg);
    const [first, second] = rng.int(2) === 0 ? [a, b] : [b, a];
    // the first dies once 1 to 3 trials have finished and a random number of lines more have been
    // written; the second a random time later (by then it often waits for the first one's trial)
    const finished = 1 + rng.int(3);
    await waitForJournal(first, journal, (l) => finishedCount(l) >= finished);
    const killAt = journalLines(journal).length + rng.int(40);
    // (not after the last trial has finished: the kill must leave work for the rerun)
    await waitForJournal(first, journal, (l) => l.length >= killAt || finishedCount(l) >= 5);
    await kill9(first);
    // a random time later, but before the second has finished the study alone (trials are quick)
    const secondDiesAt = Date.now() + rng.int(3000);
    await waitForJournal(second, journal, (l) => Date.now() >= secondDiesAt || finishedCount(l) >= 5);
    await kill9(second);
    const before = await finishedTrials(journal);
    expect(completeValues(before).size).toBeGreaterThan(0);
    expect(before.filter((t) => t.state !== 'FAIL').length).toBeLessThan(6);
    const r = await tune(cfg, { log: () => {}, warn: () => {}, ...RERUN });
    await expectCompleted(r.study, journal, before, 6);
  }, 120_000);

  it('--workers 2 killed at a random point: the helper exits with its parent, and the rerun completes the study', async () => {
    const rng = makeRng('workers');
    const dir = tempDir('faults');
    // trials long enough that the helper (a few seconds to start) takes part
    const cfg = studyConfig(dir, 6, 300);
    const journal = join(dir, 'small', 'journal.jsonl');
    const parent = startTune(cfg, ['--workers', '2']);
    // once both processes have created a trial, a random number of journal lines later
    await waitForJournal(parent, journal, (l) => new Set(createdTrials(l).map((c) => JSON.parse(c).worker_id)).size === 2);
    const helpers = childrenOf(parent.pid!);
    expect(helpers).toHaveLength(1);
    const killAt = journalLines(journal).length + rng.int(30);
    await waitForJournal(parent, journal, (l) => l.length >= killAt || finishedCount(l) >= 5);
    expect(parent.exitCode).toBeNull();
    await kill9(parent);
    const t0 = Date.now();
    while (alive(helpers[0]) && Date.now() - t0 < 20_000) await sleep(20);
    expect(alive(helpers[0])).toBe(false);
    // nothing goes on writing the journal
    const settled = journalLines(journal).length;
    await sleep(1000);
    expect(journalLines(journal).length).toBe(settled);
    const before = await finishedTrials(journal);
    expect(before.filter((t) => t.state !== 'FAIL').length).toBeLessThan(6);
    const r = await tune(cfg, { log: () => {}, warn: () => {}, workers: 2, ...RERUN });
    await expectCompleted(r.study, journal, before, 6);
  }, 120_000);

  describe('damage left in a journal', () => {
    // one short study, copied for each kind of damage
    const base = tempDir('faults');
    let before: TrialSummary[];
    beforeAll(async () => {
      await tune(studyConfig(base, 3), { log: () => {} });
      before = await finishedTrials(join(base, 'small', 'journal.jsonl'));
    }, 60_000);

    /** A copy of the 3-trial study, with a config asking for 4 trials. */
    function copyStudy(): { cfg: string; journal: string } {
      const dir = tempDir('faults');
      cpSync(join(base, 'small'), join(dir, 'small'), { recursive: true });
      return { cfg: studyConfig(dir, 4), journal: join(dir, 'small', 'journal.jsonl') };
    }

    it('a torn tail (a writer killed mid-line) is cut before the next append', async () => {
      const { cfg, journal } = copyStudy();
      appendFileSync(journal, '{"op_code":4,"worker_id":"killed","study_id":0,"datetime_st');
      const warnings: string[] = [];
      const r = await tune(cfg, { log: () => {}, warn: (w) => warnings.push(w), ...RERUN });
      expect(readFileSync(journal, 'utf8')).not.toContain('"killed"');
      expect(warnings).toEqual([]);
      await expectCompleted(r.study, journal, before, 4);
    }, 60_000);

    it('a stale lock file is broken after the grace period, with a warning naming it', async () => {
      const { cfg, journal } = copyStudy();
      writeFileSync(`${journal}.lock`, '');
      const warnings: string[] = [];
      const r = await tune(cfg, { log: () => {}, warn: (w) => warnings.push(w), ...RERUN });
      expect(warnings).toEqual([`${journal}.lock: the journal lock stayed unchanged for 1 s (a writer holds it for milliseconds): a killed process left it; removed it`]);
      expect(existsSync(`${journal}.lock`)).toBe(false);
      await expectCompleted(r.study, journal, before, 4);
    }, 60_000);

    it('a corrupted line in the middle is skipped with one warning naming file and line; tune and a second reader go on', async () => {
      const { cfg, journal } = copyStudy();
      const lines = journalLines(journal);
      // a torn write fused with the next line, as an append that did not cut a torn tail would leave
      const at = Math.floor(lines.length / 2);
      lines.splice(at, 0, `{"op_code":7,"worker_id":"killed","tri${lines[at]}`);
      writeFileSync(journal, lines.map((l) => l + '\n').join(''));
      const warnings: string[] = [];
      const r = await tune(cfg, { log: () => {}, warn: (w) => warnings.push(w), ...RERUN });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`^${journal}: line ${at + 1} is not a journal record \\(.*\\); skipped it`));
      await expectCompleted(r.study, journal, before, 4, [at + 1]);
    }, 60_000);
  });
});
