import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { tune } from '../../src/pipeline/tune';
import { TrialState } from '../../src/study/trial';
import { tempDir } from '../helpers/run_config';
import { studyConfig } from './small_study';

const summary = (ts: { number: number; state: number; params: unknown; values: number[] | null }[]) => ts.map((t) => [t.number, t.state, t.params, t.values]);

describe('tune: studies over the one-shot experiment', () => {
  it('is reproducible for a seed, keeps the best trial and writes a runnable best.json', async () => {
    const a = await tune(studyConfig(tempDir('tune')), { log: () => {} });
    const b = await tune(studyConfig(tempDir('tune')), { log: () => {} });
    expect(summary(b.study.trials())).toEqual(summary(a.study.trials()));
    expect(a.study.doneCount()).toBe(6);
    const best = loadRunConfig(join(a.outDir, 'best.json'));
    expect(best.study!.value).toBe(a.best!.values![0]);
    expect(best.model.type).toBe(a.best!.params['model.type']);
    // its own name, so running it replaces no other run's folder
    expect(best.name).toBe('small-best');
    expect(existsSync(join(a.outDir, 'best', 'predictions.csv'))).toBe(true);
    // every trial reported its validation metric per epoch until it finished or was pruned
    for (const t of a.study.trials()) expect(t.intermediate.size).toBeGreaterThan(0);
  }, 120_000);

  it('two worker processes: the same seed gives the same study twice, without overshooting the budget', async () => {
    // trials long enough that the helper process (a couple of seconds to start) takes part
    const a = await tune(studyConfig(tempDir('workers'), 6, 300), { log: () => {}, workers: 2 });
    const b = await tune(studyConfig(tempDir('workers'), 6, 300), { log: () => {}, workers: 2 });
    expect(summary(b.study.trials())).toEqual(summary(a.study.trials()));
    expect(a.study.trials()).toHaveLength(6);
    expect(a.study.doneCount()).toBe(6);
    // both processes ran trials
    expect(new Set(a.study.trials().map((t) => t.worker)).size).toBe(2);
    // best/ and best.json are the journal's best trial, whichever worker ran it; no candidate folder is left
    expect(loadRunConfig(join(a.outDir, 'best.json')).study!.trial).toBe(a.best!.number);
    expect(existsSync(join(a.outDir, 'best', 'model.json'))).toBe(true);
    expect(existsSync(join(a.outDir, 'trials'))).toBe(false);
  }, 180_000);

  it('with one worker the windowed rule is the plain serial loop', async () => {
    const serial = await tune(studyConfig(tempDir('w1')), { log: () => {} });
    const one = await tune(studyConfig(tempDir('w1')), { log: () => {}, workers: 1 });
    expect(summary(one.study.trials())).toEqual(summary(serial.study.trials()));
  }, 120_000);

  it('resumes: rerunning with a larger budget keeps finished trials and adds new ones', async () => {
    const dir = tempDir('tune');
    const first = await tune(studyConfig(dir, 3), { log: () => {} });
    const before = summary(first.study.trials());
    const second = await tune(studyConfig(dir, 5), { log: () => {} });
    expect(summary(second.study.trials()).slice(0, 3)).toEqual(before);
    expect(second.study.doneCount()).toBe(5);
  }, 120_000);

  it('survives SIGKILL mid-study: the rerun loses no completed trial and reaches its count', async () => {
    const dir = tempDir('kill');
    const cfg = studyConfig(dir, 6);
    const journal = join(dir, 'small', 'journal.jsonl');
    const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'tune', '--config', cfg], { cwd: join(__dirname, '../..'), env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: 'ignore' });
    // kill it once two trials are complete and a third has started
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
        const complete = lines.filter((l) => l.op_code === 6 && l.state === TrialState.COMPLETE).length;
        const created = lines.filter((l) => l.op_code === 4).length;
        if (complete >= 2 && created > complete) { clearInterval(poll); child.kill('SIGKILL'); resolve(); }
        if (Date.now() - t0 > 90_000) { clearInterval(poll); child.kill('SIGKILL'); reject(new Error('study did not progress')); }
      }, 50);
    });
    await new Promise((r) => child.on('exit', r));
    const completedBefore = readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.op_code === 6 && l.state === TrialState.COMPLETE).map((l) => l.trial_id);
    // the dead trial's heartbeat is fresh: a short grace period keeps the wait for it short
    const r = await tune(cfg, { log: () => {}, heartbeat: { intervalMs: 250, graceMs: 1500 }, lockGraceMs: 1000 });
    const trials = r.study.trials();
    for (const id of completedBefore) expect(trials.find((t) => t.trialId === id)!.state).toBe(TrialState.COMPLETE);
    expect(trials.some((t) => t.state === TrialState.FAIL)).toBe(true);
    expect(r.study.doneCount()).toBe(6);
  }, 180_000);

  it('bad input fails before the journal exists: exit code 2, no journal, no FAIL trial', () => {
    const dir = tempDir('badcsv');
    writeFileSync(join(dir, 'nodes.csv'), [',x,y,z,cond,label,train,Line', '0,0,0,-1,10,cover,1,A', '1,10,0,-1,twelve,cover,1,A', '2,0,0,-5,1,basement,1,A'].join('\n') + '\n');
    const cfg = join(dir, 'study.json');
    writeFileSync(cfg, JSON.stringify({
      name: 'bad', trials: 2,
      run: { out: dir, data: { source: 'csv', nodes: 'nodes.csv', features: ['cond'], group: 'Line' }, method: { epochs: 2 } },
      space: { 'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true } },
    }));
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'tune', '--config', cfg], { cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
    expect(r.stderr).toBe(`error: ${join(dir, 'nodes.csv')}, row 2, column 'cond': non-numeric value 'twelve' for a feature\n`);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'bad', 'journal.jsonl'))).toBe(false);
  }, 60_000);
});
