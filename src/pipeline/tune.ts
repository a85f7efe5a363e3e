import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { loadStudyConfig, resolveRunConfig, type ConfigSources } from '../config/load';
import type { RunConfig, StudyConfig } from '../config/run_config';
import type { JournalBackend } from '../study/journal_backend';
import { JournalStorage } from '../study/journal';
import { JournalFileBackend } from '../study/journal_file';
import { JournalRedisBackend } from '../study/journal_redis';
import { isRedisUrl, maskRedisUrl } from '../study/redis_url';
import { MedianPruner, NopPruner, PercentilePruner, SuccessiveHalvingPruner, type Pruner } from '../study/pruners';
import { RandomSampler, TPESampler, type Sampler } from '../study/samplers';
import { parseSpace, setPath } from '../study/space';
import { Study, type TrialContext } from '../study/study';
import { STATE_NAMES, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { setThreads } from '../util/thread_pool';
import { prepare, type Prepared } from './prepare';
import { runPrepareConfig } from './run';
import { writeJson, writeRunOutput } from './run_output';
import type { ModelResult } from './run_result';
import { trainModel } from './train_model';

export interface TuneOptions {
  trials?: number; timeout?: number; seed?: number; storage?: string; out?: string; log?: (s: string) => void;
  /** --set assignments and section files for the base run config. */
  sources?: ConfigSources;
  /** Processes sharing the journal (this one included). */
  workers?: number;
  /** Set in the helper processes a `--workers` run starts: they neither resume nor spawn. */
  helper?: boolean;
}

function makeSampler(s: StudyConfig['sampler'], seed: number): Sampler {
  return s.type === 'random' ? new RandomSampler(seed) : new TPESampler(seed, s);
}

function makePruner(p: StudyConfig['pruner']): Pruner {
  switch (p.type) {
    case 'median': return new MedianPruner(p);
    case 'percentile': return new PercentilePruner(p);
    case 'halving': return new SuccessiveHalvingPruner(p.minResource, p.reductionFactor);
    default: return new NopPruner();
  }
}

type Objective = StudyConfig['objective'];

const metricOf = (metric: Objective['metric'], r: { val_loss: number | null; val_accuracy: number | null; val_macro_f1: number | null }) =>
  metric === 'val_loss' ? r.val_loss : metric === 'val_accuracy' ? r.val_accuracy : r.val_macro_f1;

const isBetter = (dir: Objective['direction'], a: number, b: number | null) => b === null || (dir === 'maximize' ? a > b : a < b);

/**
 * The objective of a study: apply the trial's parameters to the base run config, prepare the data
 * (once per distinct data, graph and split: trials that change only the model or method share it),
 * train while reporting the validation metric every epoch (the pruner sees only that), and return
 * it at the kept epoch. A trial better than any so far (here or in the journal) writes its outputs
 * to <out>/<name>/best/ and best.json, a run config with its parameters.
 */
function trialObjective(study: Study, sf: StudyConfig, baseCfg: RunConfig, baseFile: string, outDir: string, studyPath: string) {
  const prepared = new Map<string, Prepared>();
  let bestValue = study.best()?.values?.[0] ?? null;
  return async (ctx: TrialContext): Promise<number> => {
    const raw = structuredClone(baseCfg) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(ctx.params)) setPath(raw, k, v);
    const cfg = resolveRunConfig(raw, baseFile);
    const key = JSON.stringify(runPrepareConfig(cfg));
    let p = prepared.get(key);
    if (!p) { p = await prepare(runPrepareConfig(cfg)); prepared.set(key, p); }
    if (p.split.val.length === 0) throw new InputError('the study needs validation nodes: set method.valFraction > 0 or a split column with val', { file: studyPath });
    const outcome: ModelResult = await trainModel(p, cfg.model, cfg.method, cfg.seed, { onEpoch: (r) => ctx.report(r.epoch, metricOf(sf.objective.metric, r)!) });
    const v = outcome.metrics.validation!;
    const value = { val_loss: v.logLoss, val_accuracy: v.accuracy, val_macro_f1: v.macroF1 }[sf.objective.metric];
    // other workers may have found better meanwhile: compare with the journal's best as well
    await study.sync();
    const journalBest = study.best()?.values?.[0];
    if (journalBest !== undefined && isBetter(sf.objective.direction, journalBest, bestValue)) bestValue = journalBest;
    if (isBetter(sf.objective.direction, value, bestValue)) {
      bestValue = value;
      writeRunOutput(join(outDir, 'best'), { config: cfg, trainSeed: cfg.seed, prepared: p, main: outcome, baseline: null });
      await ctx.setUserAttr('artifacts', join(outDir, 'best'));
      writeJson(outDir, 'best.json', { ...cfg, study: { name: sf.name, trial: ctx.number, value, metric: sf.objective.metric, params: ctx.params } });
    }
    await ctx.setUserAttr('held_out_macro_f1', outcome.metrics.test.macroF1);
    return value;
  };
}

/** Progress after each trial: a bar on a terminal, one line per trial otherwise. */
function trialProgress(study: Study, nTrials: number, log: (s: string) => void, bar: boolean) {
  return ({ trial, best }: { trial: FrozenTrial; best: FrozenTrial | null }) => {
    const bestText = best?.values?.[0].toFixed(4) ?? '–';
    if (bar) {
      const done = Math.min(nTrials, study.doneCount());
      const width = 24, filled = Math.round((done / nTrials) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${nTrials} trials, best ${bestText}   `);
      if (done === nTrials) process.stderr.write('\n');
      return;
    }
    const v = trial.values ? trial.values[0].toFixed(4) : '–';
    log(`trial ${trial.number} ${STATE_NAMES[trial.state]} value ${v} | best ${bestText} (trial ${best?.number ?? '–'}) | ${JSON.stringify(trial.params)} | ${study.doneCount()}/${nTrials} done`);
  };
}

/**
 * A hyperparameter study whose objective is the one-shot experiment (see trialObjective), kept in
 * an Optuna journal: a file, or Redis for several machines. With `workers` > 1 this process starts
 * the helpers that share the journal. The journal is closed when tune returns: the returned study's
 * read accessors show its final state.
 */
export async function tune(studyPath: string, opts: TuneOptions = {}): Promise<{ study: Study; best: FrozenTrial | null; outDir: string; journal: string | null }> {
  const log = opts.log ?? console.log;
  const { study: sf, run: baseCfg, runFile } = loadStudyConfig(studyPath, { ...opts.sources, overrides: { out: opts.out } });
  const seed = opts.seed ?? sf.seed;
  const space = parseSpace(sf.space);
  const outDir = resolve(baseCfg.out, sf.name);
  const journal = opts.storage ?? sf.storage ?? join(outDir, 'journal.jsonl');
  const redis = isRedisUrl(journal);
  if (!redis && !existsSync(dirname(resolve(journal)))) mkdirSync(dirname(resolve(journal)), { recursive: true });
  const backend: JournalBackend = redis ? await JournalRedisBackend.connect(journal) : new JournalFileBackend(journal);
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
    const nTrials = opts.trials ?? sf.trials;
    const deadline = Date.now() + 1000 * (opts.timeout ?? sf.timeout ?? Infinity);
    await study.optimize(nTrials, trialObjective(study, sf, baseCfg, runFile, outDir, studyPath), trialProgress(study, nTrials, log, Boolean(process.stderr.isTTY && !opts.log)), deadline);
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

/** Start workers − 1 helper processes running the same study (same base config overrides) on the same journal. */
function spawnHelpers(studyPath: string, opts: TuneOptions, workers: number): Promise<void>[] {
  const args = ['tune', '--config', studyPath, '--helper', '--workers', String(workers)];
  for (const k of ['trials', 'timeout', 'seed', 'out', 'storage'] as const) if (opts[k] !== undefined) args.push(`--${k}`, String(opts[k]));
  for (const a of opts.sources?.set ?? []) args.push('--set', a);
  for (const [k, f] of Object.entries(opts.sources?.sections ?? {})) if (f !== undefined) args.push(`--${k}`, resolve(f));
  const cli = join(__dirname, '..', `cli${extname(__filename)}`);
  return Array.from({ length: workers - 1 }, () => new Promise<void>((res, rej) => {
    const child = spawn(process.execPath, [...(cli.endsWith('.ts') ? ['-r', require.resolve('ts-node/register')] : []), cli, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`a tune worker exited with code ${code}`))));
  }));
}
