import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tune } from '../../src/train/tune';
import { STATE_NAMES } from '../../src/study/trial';
import { tempDir } from '../helpers/run_config';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('skipping the Redis journal test: redis-server is not installed (.ci/run installs Debian\'s redis-server)');
const hasOptunaRedis = spawnSync('python3', ['-c', 'import optuna, redis'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasRedis)('studies in a real Redis (Optuna JournalRedisBackend layout)', () => {
  const port = 20000 + (process.pid % 20000);
  let server: ChildProcess;
  beforeAll(async () => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  });
  afterAll(() => { server?.kill(); });

  it('two worker processes share a study in Redis; the result equals the same study in a file; Optuna reads it', async () => {
    const dir = tempDir('redis');
    const cfg = join(dir, 'study.json');
    writeFileSync(cfg, JSON.stringify({
      name: 'redis_study', trials: 5, seed: 4,
      run: { out: dir, data: { synthetic: { lines: 6, stationsPerLine: 20, layers: 24 } }, method: { epochs: 100, patience: 0, baseline: false } },
      sampler: { nStartupTrials: 2 }, pruner: { type: 'none' },
      space: { 'model.type': { type: 'categorical', choices: ['gcn', 'mlp'] }, 'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true } },
    }));
    const url = `redis://127.0.0.1:${port}/0`;
    // as a user runs it: the CLI, two worker processes on one Redis journal
    const r0 = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'tune', '--config', cfg, '--workers', '2', '--storage', url], {
      cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    expect(r0.status, r0.stderr).toBe(0);
    const inRedis = await tune(cfg, { log: () => {}, storage: url });
    const inFile = await tune(cfg, { log: () => {}, workers: 2, storage: join(dir, 'file.jsonl') });
    const summary = (ts: { number: number; state: number; params: unknown; values: number[] | null }[]) => ts.map((t) => [t.number, t.state, t.params, t.values]);
    expect(summary(inRedis.study.trials())).toEqual(summary(inFile.study.trials()));
    expect(inRedis.study.doneCount()).toBe(5);
    const keys = spawnSync('redis-cli', ['-p', String(port), 'keys', '*'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(keys).toContain(':log_number');
    expect(keys).toContain(':log:0');
    if (hasOptunaRedis) {
      const r = spawnSync('python3', [join(__dirname, '../../bench/peers/optuna_redis_read.py'), url, 'redis_study'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const theirs = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(theirs).toEqual(inRedis.study.trials().map((t) => ({ number: t.number, state: STATE_NAMES[t.state], params: t.params, values: t.values })));
    } else {
      console.warn('python3 cannot import optuna and redis: Optuna reading the Redis journal was not checked');
    }
  }, 180_000);
});
