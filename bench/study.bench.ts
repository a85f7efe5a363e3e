/*
 * Studies side by side with python Optuna 5 (bench/peers/optuna_bench.py), same settings:
 *   quality: median best value after 100 trials over 20 seeds on Branin (TPE, defaults);
 *   sampling time per trial with 1,000 completed trials in the history (2 float parameters);
 *   journal throughput: 200 trivial trials × 50 reports into a file journal.
 * Usage: npx ts-node bench/study.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalStorage } from '../src/study/journal';
import { JournalFileBackend } from '../src/study/journal_file';
import { JournalMemoryBackend } from '../src/study/journal_memory';
import { NopPruner } from '../src/study/pruners';
import { TPESampler } from '../src/study/samplers';
import { parseSpace } from '../src/study/space';
import { Study } from '../src/study/study';
import { percentile } from '../src/study/pruners';

const branin = (x: number, y: number) => {
  const a = 1, b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
  return a * (y - b * x * x + c * x - r) ** 2 + s * (1 - t) * Math.cos(x) + s;
};
const space = parseSpace({ x: { type: 'float', low: -5, high: 10 }, y: { type: 'float', low: 0, high: 15 } });
const memStudy = (seed: number, name = 'b', multivariate = false) => new Study({ storage: new JournalStorage(new JournalMemoryBackend(), 'w'), name, direction: 'minimize', sampler: new TPESampler(seed, { multivariate }), pruner: new NopPruner(), space });

async function main(): Promise<void> {
  for (const multivariate of [false, true]) {
    const bests: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const s = memStudy(seed, 'b', multivariate);
      await s.optimize(100, (ctx) => branin(ctx.params.x as number, ctx.params.y as number));
      bests.push(s.best()!.values![0]);
    }
    console.log(JSON.stringify({ impl: 'geo-graphnet', bench: `branin median best (100 trials, 20 seeds)${multivariate ? ', multivariate' : ''}`, value: percentile(bests, 50) }));
  }

  // sampling cost with 1000 finished trials
  const s = memStudy(1, 'timing');
  await s.optimize(1000, (ctx) => branin(ctx.params.x as number, ctx.params.y as number));
  const t0 = performance.now();
  await s.optimize(1010, (ctx) => branin(ctx.params.x as number, ctx.params.y as number));
  console.log(JSON.stringify({ impl: 'geo-graphnet', bench: 'seconds per trial with 1000 finished', value: (performance.now() - t0) / 1000 / 10 }));

  // journal throughput: 200 trials × 50 reports, fsync'd file journal
  const dir = mkdtempSync(join(tmpdir(), 'jbench-'));
  const fs = new Study({ storage: new JournalStorage(new JournalFileBackend(join(dir, 'j.jsonl')), 'w'), name: 'tp', direction: 'minimize', sampler: new TPESampler(0, { nStartupTrials: 1000 }), pruner: new NopPruner(), space });
  const t1 = performance.now();
  await fs.optimize(200, (ctx) => { for (let k = 0; k < 50; k++) ctx.report(k, k); return 0; });
  console.log(JSON.stringify({ impl: 'geo-graphnet', bench: 'journal seconds for 200 trials x 50 reports', value: (performance.now() - t1) / 1000 }));
  rmSync(dir, { recursive: true, force: true });

  const r = spawnSync('python3', [join(__dirname, 'peers/optuna_bench.py')], { encoding: 'utf8' });
  if (r.status === 0) process.stdout.write(r.stdout);
  else console.log(`optuna peer skipped: ${r.stderr.trim().split('\n').pop()}`);
}

main();
