/*
 * The well-log configs the product ships (configs/wells/*.json) run through the product's own
 * path (config loading, transforms, graph recipes, training, baselines, metrics), not through the
 * benchmark's hand-made features: the set-up a user gets from `geo-graphnet run configs/wells/…`.
 *   test: the config as written (its held-out well), over the seeds;
 *   grouped CV: the config's held-out well excluded too, the other wells split into `folds` groups,
 *     each held out in turn, over the seeds (the score pools every held-out sample of a seed).
 * Every seed is a training seed (weights, dropout); a fold's data, graph and split are prepared once.
 */
import { loadRunConfig } from '../../src/config/load';
import type { RunConfig } from '../../src/config/run_config';
import { prepare } from '../../src/pipeline/prepare';
import { meanStd, runExperiment, runPrepareConfig } from '../../src/pipeline/run';
import type { ModelResult } from '../../src/pipeline/run_result';
import { wellFolds } from './well_logs';

export interface WellConfigBench {
  file: string;
  folds: number;
  seeds: number[];
  /** Groups that always train (SEG's "Recruit F9" pseudo-well is pieces of the other wells). */
  alwaysTrain?: string[];
  log: (s: string) => void;
}

/** Per model: the pooled held-out score of each seed (accuracy, and the penalty score with a cost matrix). */
type Scores = Map<string, { accuracy: number[]; penalty: number[]; seconds: number[] }>;

interface Pool { ok: number; n: number; cost: number }

/** Train the config's model and baselines over the seeds on each held-out set; pool each seed's held-out samples over the sets. */
async function pooledScores(configs: RunConfig[], seeds: number[], log: (s: string) => void): Promise<Scores> {
  const pools = new Map<string, Pool[]>();
  const seconds = new Map<string, number[]>();
  for (const cfg of configs) {
    const prepared = await prepare(runPrepareConfig(cfg), { log: () => {} });
    for (const [si, seed] of seeds.entries()) {
      const r = await runExperiment(cfg, { prepared, trainSeed: seed, quiet: true, log: () => {} });
      const models: [string, ModelResult][] = [[cfg.model.type, r.main], ...r.baselines.map((b) => [`${b.label} (baseline)`, b.result] as [string, ModelResult])];
      for (const [name, m] of models) {
        const t = m.metrics.test;
        if (!t) throw new Error(`${cfg.name}: no labelled held-out sample (${JSON.stringify(cfg.data.holdOut)})`);
        const p = pools.get(name) ?? pools.set(name, seeds.map(() => ({ ok: 0, n: 0, cost: 0 }))).get(name)!;
        p[si].ok += t.accuracy * t.n;
        p[si].n += t.n;
        p[si].cost += (t.penaltyScore ?? NaN) * t.n;
        (seconds.get(name) ?? seconds.set(name, []).get(name)!).push(m.seconds);
        log(`${cfg.name} held out ${cfg.data.holdOut!.values.join(', ')}, seed ${seed}, ${name}: accuracy ${t.accuracy.toFixed(3)}${t.penaltyScore !== undefined ? `, penalty score ${t.penaltyScore.toFixed(3)}` : ''} (${t.n} samples, ${m.seconds.toFixed(1)} s)`);
      }
    }
  }
  return new Map([...pools].map(([name, p]) => [name, { accuracy: p.map((s) => s.ok / s.n), penalty: p.map((s) => s.cost / s.n), seconds: seconds.get(name)! }]));
}

const pm = (v: number[]) => { const s = meanStd(v); return `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`; };

/** The test and grouped-CV tables of one well config. */
export async function wellConfigScores(b: WellConfigBench): Promise<string> {
  const base = loadRunConfig(b.file, { overrides: { threads: 1 } });
  const holdOut = base.data.holdOut;
  if (!holdOut) throw new Error(`${b.file}: data.holdOut names no test well`);
  const test = await pooledScores([base], b.seeds, b.log);
  // the wells of the data after exclude, as the product read them, and the classes each holds
  const { nodes } = await prepare(runPrepareConfig(base), { log: () => {} });
  const wells = nodes.groupNames;
  const classesOf = new Map(wells.map((w) => [w, new Set<number>()]));
  for (let i = 0; i < nodes.n; i++) if (nodes.labels[i] >= 0) classesOf.get(wells[nodes.group[i]])!.add(nodes.labels[i]);
  const testWells = new Set(holdOut.values);
  // a well holding a class no other well holds always trains (held out, its class could not be learnt)
  const others = wells.filter((w) => !testWells.has(w));
  const onlyHolder = others.filter((w) => [...classesOf.get(w)!].some((c) => others.every((o) => o === w || !classesOf.get(o)!.has(c))));
  const alwaysTrain = [...(b.alwaysTrain ?? []), ...onlyHolder];
  const candidates = wells.filter((w) => !testWells.has(w) && !alwaysTrain.includes(w));
  // the first fold draw whose every fold leaves each class in a training well (rare lithologies sit in few wells)
  const trainWithout = (fold: string[]) => wells.filter((w) => !testWells.has(w) && !fold.includes(w));
  const covers = (fold: string[]) => nodes.classes.every((_, c) => trainWithout(fold).some((w) => classesOf.get(w)!.has(c)));
  let foldSeed = 0;
  const draw = (s: number) => wellFolds(candidates.map((_, i) => i), b.folds, s).map((f) => f.map((i) => candidates[i]));
  while (!draw(foldSeed).every(covers)) if (++foldSeed > 1000) throw new Error(`${b.file}: no split of the wells into ${b.folds} folds keeps every class in training`);
  const folds = draw(foldSeed);
  const excluded = [...(base.data.exclude?.column === holdOut.column ? base.data.exclude.values : []), ...holdOut.values];
  if (base.data.exclude && base.data.exclude.column !== holdOut.column) throw new Error(`${b.file}: data.exclude and data.holdOut name different columns`);
  const cvConfigs = folds.map((f) => loadRunConfig(b.file, {
    overrides: { threads: 1 },
    set: [`data.exclude=${JSON.stringify({ column: holdOut.column, values: excluded })}`, `data.holdOut=${JSON.stringify({ column: holdOut.column, values: f })}`],
  }));
  const cv = await pooledScores(cvConfigs, b.seeds, b.log);
  const cost = base.method.costMatrix !== null;
  const head = cost ? '| model | test: penalty score | test: accuracy | grouped CV: penalty score | grouped CV: accuracy | s per model |' : '| model | test: accuracy | grouped CV: accuracy | s per model |';
  const rows = [...test.keys()].map((m) => {
    const t = test.get(m)!, c = cv.get(m)!;
    const secs = meanStd([...t.seconds, ...c.seconds]).mean.toFixed(1);
    return cost ? `| ${m} | ${pm(t.penalty)} | ${pm(t.accuracy)} | ${pm(c.penalty)} | ${pm(c.accuracy)} | ${secs} |` : `| ${m} | ${pm(t.accuracy)} | ${pm(c.accuracy)} | ${secs} |`;
  });
  return [
    head, `|${' --- |'.repeat(head.split('|').length - 2)}`, ...rows, '',
    `\`${b.file.replace(/.*configs\//, 'configs/')}\` as written, through the product's path; mean ± sd over training seeds ${b.seeds.join(', ')}. Test: held-out ${holdOut.values.join(', ')}. Grouped CV: that well excluded, the other ${candidates.length} wells in ${b.folds} folds (fold draw ${foldSeed}, the first that leaves every class in a training well: ${folds.map((f) => f.join(', ')).join(' | ')})${b.alwaysTrain?.length ? `, ${b.alwaysTrain.join(', ')} always training` : ''}${onlyHolder.length ? `, ${onlyHolder.join(', ')} always training (the only well${onlyHolder.length > 1 ? 's' : ''} holding some class)` : ''}; each seed's score pools the held-out samples of all folds.`,
  ].join('\n');
}
