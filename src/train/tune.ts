import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readJson, resolveRunConfig, type RunConfig } from '../data/config';
import { studySchema } from '../data/config_schema';
import { validate } from '../data/schema';
import { JournalStorage } from '../study/journal';
import { JournalFileBackend } from '../study/journal_file';
import { JournalRedisBackend } from '../study/journal_redis';
import { isRedisUrl, maskRedisUrl } from '../study/redis_url';
import { MedianPruner, NopPruner, PercentilePruner, SuccessiveHalvingPruner, type Pruner } from '../study/pruners';
import { RandomSampler, TPESampler, type Sampler } from '../study/samplers';
import { parseSpace, setPath, type SpaceEntry } from '../study/space';
import { Study } from '../study/study';
import { STATE_NAMES, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { setThreads } from '../util/thread_pool';
import { writeJson } from './outputs';
import { prepareRun, trainAndEvaluate, writeRunOutputs, type PreparedRun } from './experiment';

export interface StudyFile {
  name: string;
  run: string | Record<string, unknown>;
  trials: number;
  timeout: number | null;
  seed: number;
  storage: string | null;
  sampler: { type: 'tpe' | 'random'; nStartupTrials: number; nEiCandidates: number; priorWeight: number; considerPrior: boolean; considerMagicClip: boolean; considerEndpoints: boolean; multivariate: boolean };
  pruner: { type: 'median' | 'percentile' | 'halving' | 'none'; percentile: number; startupTrials: number; warmupSteps: number; interval: number; minResource: number; reductionFactor: number };
  objective: { metric: 'val_macro_f1' | 'val_accuracy' | 'val_loss'; direction: 'maximize' | 'minimize' };
  space: Record<string, SpaceEntry>;
}

export interface TuneOptions {
  trials?: number; timeout?: number; seed?: number; storage?: string; out?: string; log?: (s: string) => void;
  /** Processes sharing the journal (this one included). */
  workers?: number;
  /** Set in the helper processes a `--workers` run starts: they neither resume nor spawn. */
  helper?: boolean;
}

function makeSampler(s: StudyFile['sampler'], seed: number): Sampler {
  return s.type === 'random' ? new RandomSampler(seed) : new TPESampler(seed, s);
}

function makePruner(p: StudyFile['pruner']): Pruner {
  switch (p.type) {
    case 'median': return new MedianPruner(p);
    case 'percentile': return new PercentilePruner(p);
    case 'halving': return new SuccessiveHalvingPruner(p.minResource, p.reductionFactor);
    default: return new NopPruner();
  }
}

/**
 * A hyperparameter study whose objective is the one-shot experiment: each trial applies its
 * parameters to the base run config, trains, reports the validation metric every epoch (the
 * pruner sees only that) and returns it at the kept epoch. The best trial's outputs are kept in
 * <out>/<name>/best/ and best.json is a run config with the best parameters, ready for `run`.
 * The journal is closed when tune returns: the returned study's read accessors show its final state.
 */
export async function tune(studyPath: string, opts: TuneOptions = {}): Promise<{ study: Study; best: FrozenTrial | null; outDir: string; journal: string | null }> {
  const log = opts.log ?? console.log;
  const sf = validate<StudyFile>(readJson(studyPath), studySchema, studyPath);
  const seed = opts.seed ?? sf.seed;
  const base = typeof sf.run === 'string' ? resolve(dirname(resolve(studyPath)), sf.run) : resolve(studyPath);
  const baseRaw = typeof sf.run === 'string' ? readJson(base) : sf.run;
  const baseCfg = resolveRunConfig(baseRaw, base, opts.out ? { out: opts.out } : {});
  let space;
  try {
    space = parseSpace(sf.space);
  } catch (e) {
    throw new InputError((e as Error).message, { file: studyPath, key: 'space' });
  }
  const outDir = resolve(baseCfg.out, sf.name);
  const journal = opts.storage ?? sf.storage ?? join(outDir, 'journal.jsonl');
  const redis = isRedisUrl(journal);
  if (!redis && !existsSync(dirname(resolve(journal)))) mkdirSync(dirname(resolve(journal)), { recursive: true });
  const backend = redis ? await JournalRedisBackend.connect(journal) : new JournalFileBackend(journal);
  // closed however the study ends: an open Redis connection would keep the process alive
  try {
    const storage = await JournalStorage.open(backend, `geo-graphnet-${process.pid}-${Date.now()}`);
    const workers = opts.workers ?? 1;
    const study = await Study.open({ storage, name: sf.name, direction: sf.objective.direction, sampler: makeSampler(sf.sampler, seed), pruner: makePruner(sf.pruner), space, workers });
    if (!opts.helper) {
      const abandoned = await study.failAbandoned();
      if (abandoned) log(`resumed: ${abandoned} trial(s) left running by a stopped process marked FAIL`);
    }
    // a Redis URL from the study config is not put on the helpers' command lines (it may hold a password)
    const helpers = opts.helper ? [] : spawnHelpers(studyPath, { ...opts, storage: redis ? opts.storage : resolve(journal) }, workers);
    setThreads(baseCfg.threads);

    // trials that change only the model or method share the prepared data and graph
    const prepared = new Map<string, PreparedRun>();
    const nTrials = opts.trials ?? sf.trials;
    const deadline = Date.now() + 1000 * (opts.timeout ?? sf.timeout ?? Infinity);
    let bestValue = study.best()?.values?.[0] ?? null;
    await study.optimize(nTrials, async (ctx) => {
      const raw = structuredClone(baseCfg) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(ctx.params)) setPath(raw, k, v);
      const cfg = resolveRunConfig(raw, base) as RunConfig;
      const key = JSON.stringify([cfg.data, cfg.graph, cfg.method.valFraction, cfg.seed]);
      let p = prepared.get(key);
      if (!p) { p = await prepareRun(cfg); prepared.set(key, p); }
      const metricOf = (r: { val_loss: number | null; val_accuracy: number | null; val_macro_f1: number | null }) =>
        sf.objective.metric === 'val_loss' ? r.val_loss : sf.objective.metric === 'val_accuracy' ? r.val_accuracy : r.val_macro_f1;
      if (p.split.val.length === 0) throw new InputError('the study needs validation nodes: set method.valFraction > 0 or a split column with val', { file: studyPath });
      const outcome = await trainAndEvaluate(cfg.model.type, cfg.model, p.nodes, p.input, p.x, p.split, cfg, true, (r) => ctx.report(r.epoch, metricOf(r)!));
      const v = outcome.val!;
      const value = sf.objective.metric === 'val_loss' ? v.logLoss : sf.objective.metric === 'val_accuracy' ? v.accuracy : v.macroF1;
      // other workers may have found better meanwhile: compare with the journal's best as well
      await study.sync();
      const journalBest = study.best()?.values?.[0];
      if (journalBest !== undefined && (bestValue === null || (sf.objective.direction === 'maximize' ? journalBest > bestValue : journalBest < bestValue))) bestValue = journalBest;
      const better = bestValue === null || (sf.objective.direction === 'maximize' ? value > bestValue : value < bestValue);
      if (better) {
        bestValue = value;
        writeRunOutputs(join(outDir, 'best'), cfg, p, outcome, null);
        await ctx.setUserAttr('artifacts', join(outDir, 'best'));
        writeJson(outDir, 'best.json', { ...cfg, study: { name: sf.name, trial: ctx.number, value, metric: sf.objective.metric, params: ctx.params } });
      }
      await ctx.setUserAttr('held_out_macro_f1', outcome.test.macroF1);
      return value;
    }, ({ trial, best }) => {
      const v = trial.values ? trial.values[0].toFixed(4) : '–';
      const line = `trial ${trial.number} ${STATE_NAMES[trial.state]} value ${v} | best ${best?.values?.[0].toFixed(4) ?? '–'} (trial ${best?.number ?? '–'}) | ${JSON.stringify(trial.params)}`;
      // on a terminal a bar over finished trials with the best value so far; otherwise one line per trial
      if (process.stderr.isTTY && !opts.log) {
        const done = Math.min(nTrials, study.doneCount());
        const width = 24, filled = Math.round((done / nTrials) * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${nTrials} trials, best ${best?.values?.[0].toFixed(4) ?? '–'}   `);
        if (done === nTrials) process.stderr.write('\n');
      } else {
        log(`${line} | ${study.doneCount()}/${nTrials} done`);
      }
    }, deadline);
    await Promise.all(helpers);
    // the helpers' last trials
    await study.sync();
    const best = study.best();
    if (best) log(`best trial ${best.number}: ${sf.objective.metric} ${best.values![0].toFixed(4)} with ${JSON.stringify(best.params)}; ${join(outDir, 'best.json')} is a run config for it`);
    log(`journal: ${redis ? maskRedisUrl(journal) : resolve(journal)}`);
    return { study, best, outDir, journal: redis ? null : resolve(journal) };
  } finally {
    await backend.close();
  }
}

/** Start workers − 1 helper processes running the same study on the same journal. */
function spawnHelpers(studyPath: string, opts: TuneOptions, workers: number): Promise<void>[] {
  const args = ['tune', '--config', studyPath, '--helper', '--workers', String(workers)];
  for (const k of ['trials', 'timeout', 'seed', 'out', 'storage'] as const) if (opts[k] !== undefined) args.push(`--${k}`, String(opts[k]));
  const cli = join(__dirname, '..', 'cli.ts');
  return Array.from({ length: workers - 1 }, () => new Promise<void>((res, rej) => {
    const child = spawn(process.execPath, [...(cli.endsWith('.ts') ? ['-r', require.resolve('ts-node/register')] : []), cli, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`a tune worker exited with code ${code}`))));
  }));
}
