import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fanovaImportances } from '../../src/study/fanova';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { MedianPruner } from '../../src/study/pruners';
import { growForest, growTree, predictTree } from '../../src/study/random_forest';
import { TPESampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { TrialState, type FrozenTrial } from '../../src/study/trial';
import { makeRng } from '../../src/util/rng';
import { tempDir } from '../helpers/run_config';

const hasFanova = spawnSync('python3', ['-c', 'import optuna, sklearn'], { encoding: 'utf8' }).status === 0;
if (!hasFanova) console.warn('skipping the comparison with Optuna\'s importances: python3 cannot import optuna and sklearn (pip install optuna scikit-learn)');

/** Complete trials of float parameters x and y with objective f(x, y), drawn uniformly. */
function trialsOf(n: number, f: (x: number, y: number) => number, seed = 1): FrozenTrial[] {
  const rng = makeRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = rng.next(), y = rng.next();
    const d = { kind: 'float' as const, low: 0, high: 1, log: false, step: null };
    return { trialId: i, number: i, state: TrialState.COMPLETE, params: { x, y }, internal: { x, y }, distributions: { x: d, y: d }, values: [f(x, y)], intermediate: new Map(), userAttrs: {}, systemAttrs: {}, datetimeStart: null, datetimeComplete: null, worker: 'w' };
  });
}

describe('random forest', () => {
  it('grows a tree that fits distinct training rows exactly, and predicts from its leaves elsewhere', () => {
    const rng = makeRng(4);
    const n = 60, d = 3;
    const X = Float64Array.from({ length: n * d }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(7 * X[i * d]) + X[i * d + 1] ** 2);
    const tree = growTree(X, d, y, new Float64Array(n).fill(1), { trees: 1, maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1, seed: 0 }, makeRng(1));
    for (let i = 0; i < n; i++) expect(predictTree(tree, X.subarray(i * d, i * d + d))).toBe(y[i]);
    expect(tree.feature.every((f, i) => (f < 0) === (tree.left[i] < 0))).toBe(true);
    expect(y).toContain(predictTree(tree, [0.5, 0.5, 0.5]));
  });

  it('splits an objective on a large offset as it splits the same objective without it', () => {
    const t = trialsOf(120, (x, y) => x + 2 * y), shifted = trialsOf(120, (x, y) => 1e9 + x + 2 * y);
    const a = fanovaImportances(t)!.ranked, b = fanovaImportances(shifted)!.ranked;
    expect(b.map((r) => r.name)).toEqual(a.map((r) => r.name));
    for (let k = 0; k < a.length; k++) expect(b[k].importance).toBeCloseTo(a[k].importance, 2);
  });

  it('is the same forest for the same seed and another for another seed', () => {
    const t = trialsOf(50, (x, y) => x + y);
    const X = Float64Array.from(t.flatMap((r) => [r.params.x as number, r.params.y as number])), y = Float64Array.from(t, (r) => r.values![0]);
    const opts = { trees: 4, maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1 };
    const a = growForest(X, 2, y, { ...opts, seed: 1 }), b = growForest(X, 2, y, { ...opts, seed: 1 }), c = growForest(X, 2, y, { ...opts, seed: 2 });
    expect(a.map((t) => [...t.threshold])).toEqual(b.map((t) => [...t.threshold]));
    expect(a.map((t) => [...t.threshold])).not.toEqual(c.map((t) => [...t.threshold]));
  });
});

describe('fANOVA importances', () => {
  it('gives an additive objective\'s parameters their share of its variance (x + 2y: 1/5 and 4/5)', () => {
    const imp = fanovaImportances(trialsOf(400, (x, y) => x + 2 * y))!;
    const share = Object.fromEntries(imp.ranked.map((r) => [r.name, r.importance]));
    expect(imp.ranked[0].name).toBe('y');
    expect(share.x).toBeCloseTo(0.2, 1);
    expect(share.y).toBeCloseTo(0.8, 1);
    expect(share.x + share.y).toBeCloseTo(1, 12);
  });

  it('gives a parameter the objective ignores almost nothing, and leaves out one absent from some trials', () => {
    const trials = trialsOf(200, (x) => Math.cos(4 * x));
    trials[3].params.h = 1;
    trials[3].distributions.h = { kind: 'float', low: 0, high: 2, log: false, step: null };
    const imp = fanovaImportances(trials)!;
    expect(imp.ranked.map((r) => r.name)).toEqual(['x', 'y']);
    expect(imp.ranked[1].importance).toBeLessThan(0.05);
    expect(imp.skipped).toEqual([{ name: 'h', why: 'absent from some complete trials' }]);
    expect(imp.trials).toBe(200);
  });

  it('has nothing to say with one trial', () => {
    expect(fanovaImportances(trialsOf(1, (x) => x))).toBeNull();
  });

  it.skipIf(!hasFanova)('ranks the parameters of a TPE study as python Optuna\'s FanovaImportanceEvaluator does, on the same journal', async () => {
    const journal = join(tempDir('fanova'), 'journal.jsonl');
    const space = parseSpace({
      x: { type: 'float', low: -3, high: 3 },
      lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
      n: { type: 'int', low: 1, high: 9, step: 2 },
      kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
      h: { type: 'int', low: 1, high: 8, when: { kind: 'a' } },
    });
    const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(journal), 'w'), name: 'imp', direction: 'minimize', sampler: new TPESampler(5, { nStartupTrials: 40 }), pruner: new MedianPruner({ startupTrials: 5, warmupSteps: 1, interval: 1 }), space });
    await study.optimize(120, async (ctx) => {
      const p = ctx.params;
      const v = (p.x as number) ** 2 + { a: 0, b: 1, c: 3 }[p.kind as string]! + 0.2 * Math.log10(p.lr as number) + 0.05 * (p.n as number);
      await ctx.report(0, v);
      return v;
    });
    const r = spawnSync('python3', [join(__dirname, '../../bench/peers/optuna_importances.py'), journal, 'imp'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const theirs = JSON.parse(r.stdout.trim().split('\n').pop()!) as { fanova: Record<string, number> };
    const ours = fanovaImportances(study.trials())!;
    // the conditional parameter is left out by both; the same most important parameter, every pair
    // Optuna tells apart by more than 0.05 in the same order, and each share within 0.05 of Optuna's
    expect(ours.skipped.map((s) => s.name)).toEqual(['h']);
    expect(ours.ranked.map((x) => x.name).sort()).toEqual(Object.keys(theirs.fanova).sort());
    expect(ours.ranked[0].name).toBe(Object.keys(theirs.fanova)[0]);
    const share = Object.fromEntries(ours.ranked.map((r) => [r.name, r.importance]));
    for (const [a, ta] of Object.entries(theirs.fanova)) {
      for (const [b, tb] of Object.entries(theirs.fanova)) if (ta > tb + 0.05) expect(share[a], `${a} above ${b}`).toBeGreaterThan(share[b]);
      expect(Math.abs(share[a] - ta), a).toBeLessThan(0.05);
    }
  }, 120_000);
});
