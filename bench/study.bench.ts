/*
 * Studies side by side with python Optuna 5 (bench/peers/optuna_bench.py), same settings:
 *   quality: median best value after 100 trials over 20 seeds on Branin, Hartmann-6 and a mixed
 *     float/int/log/categorical function, TPE with defaults, univariate and multivariate;
 *   sampling time per trial with 1,000 completed trials in the history (2 float parameters);
 *   journal throughput: 200 trivial trials × 50 reports into a file journal.
 * Prints JSON lines from both sides, then a markdown table of ours vs Optuna.
 * Usage: npm run bench:study [-- --ours-only]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParamValue } from '../src/study/distributions';
import { JournalStorage } from '../src/study/journal';
import { JournalFileBackend } from '../src/study/journal_file';
import { JournalMemoryBackend } from '../src/study/journal_memory';
import { NopPruner, percentile } from '../src/study/pruners';
import { TPESampler } from '../src/study/samplers';
import { parseSpace, type SpaceParam } from '../src/study/space';
import { Study } from '../src/study/study';

type Params = Record<string, ParamValue>;
interface Problem { name: string; space: SpaceParam[]; f: (p: Params) => number }

const branin = (x: number, y: number) => {
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
};

// Hartmann-6 on [0, 1]^6, minimum −3.32237
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const hartmann6 = (x: number[]) => -H_ALPHA.reduce((s, a, i) => s + a * Math.exp(-x.reduce((e, xj, j) => e + H_A[i][j] * (xj - H_P[i][j] * 1e-4) ** 2, 0)), 0);

// a hyperparameter-like mixed space: minimum 0 at x = 1.2, n = 7, lr = 0.01, model = 'sage'
const MODEL_COST: Record<string, number> = { gcn: 0.5, sage: 0, gat: 1, mlp: 2 };
const mixed = (p: Params) => ((p.x as number) - 1.2) ** 2 + 0.3 * ((p.n as number) - 7) ** 2 + (Math.log10(p.lr as number) + 2) ** 2 + MODEL_COST[p.model as string];

const problems: Problem[] = [
  { name: 'branin', space: parseSpace({ x: { type: 'float', low: -5, high: 10 }, y: { type: 'float', low: 0, high: 15 } }), f: (p) => branin(p.x as number, p.y as number) },
  {
    name: 'hartmann6',
    space: parseSpace(Object.fromEntries([0, 1, 2, 3, 4, 5].map((j) => [`x${j}`, { type: 'float', low: 0, high: 1 }]))),
    f: (p) => hartmann6([0, 1, 2, 3, 4, 5].map((j) => p[`x${j}`] as number)),
  },
  {
    name: 'mixed',
    space: parseSpace({
      x: { type: 'float', low: -5, high: 5 }, n: { type: 'int', low: 0, high: 20 },
      lr: { type: 'float', low: 1e-4, high: 1, log: true }, model: { type: 'categorical', choices: ['gcn', 'sage', 'gat', 'mlp'] },
    }),
    f: mixed,
  },
];

const memStudy = async (p: Problem, seed: number, multivariate: boolean, opts = {}) =>
  Study.open({ storage: await JournalStorage.open(new JournalMemoryBackend(), 'w'), name: p.name, direction: 'minimize', sampler: new TPESampler(seed, { multivariate, ...opts }), pruner: new NopPruner(), space: p.space });

interface Row { impl: string; bench: string; value: number }
const rows: Row[] = [];
const emit = (bench: string, value: number) => {
  const r = { impl: 'geo-graphnet', bench, value };
  rows.push(r);
  console.log(JSON.stringify(r));
};

async function main(): Promise<void> {
  for (const p of problems) {
    for (const multivariate of [false, true]) {
      const bests: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const s = await memStudy(p, seed, multivariate);
        await s.optimize(100, (ctx) => p.f(ctx.params));
        bests.push(s.best()!.values![0]);
      }
      emit(`${p.name} ${multivariate ? 'multivariate' : 'univariate'}`, percentile(bests, 50));
    }
  }

  // sampling cost with 1000 finished trials
  const s = await memStudy(problems[0], 1, false);
  await s.optimize(1000, (ctx) => problems[0].f(ctx.params));
  const t0 = performance.now();
  await s.optimize(1020, (ctx) => problems[0].f(ctx.params));
  emit('seconds per trial with 1000 finished', (performance.now() - t0) / 1000 / 20);

  // journal throughput: 200 trials × 50 reports, fsync'd file journal
  const dir = mkdtempSync(join(tmpdir(), 'jbench-'));
  const fs = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(join(dir, 'j.jsonl')), 'w'), name: 'tp', direction: 'minimize', sampler: new TPESampler(0, { nStartupTrials: 1000 }), pruner: new NopPruner(), space: problems[0].space });
  const t1 = performance.now();
  await fs.optimize(200, async (ctx) => { for (let k = 0; k < 50; k++) await ctx.report(k, k); return 0; });
  emit('journal seconds for 200 trials x 50 reports', (performance.now() - t1) / 1000);
  rmSync(dir, { recursive: true, force: true });

  if (process.argv.includes('--ours-only')) return;
  const r = spawnSync('python3', [join(__dirname, 'peers/optuna_bench.py')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`optuna peer skipped: ${r.stderr.trim().split('\n').pop()}`);
    return;
  }
  process.stdout.write(r.stdout);
  const peer = new Map<string, number>();
  for (const line of r.stdout.split('\n')) if (line.startsWith('{')) { const o = JSON.parse(line) as Row; peer.set(o.bench, o.value); }
  console.log('\n| measure | ours | Optuna 5 | ours / Optuna |\n|---|---|---|---|');
  for (const row of rows) {
    const theirs = peer.get(row.bench);
    const ratio = theirs === undefined ? '–' : row.bench.includes('seconds') ? (row.value / theirs).toFixed(3) : row.value <= theirs ? 'no worse' : 'worse';
    console.log(`| ${row.bench} | ${row.value.toPrecision(4)} | ${theirs?.toPrecision(4) ?? '–'} | ${ratio} |`);
  }
}

main();
