import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { loadStudyConfig, resolveRunConfig, type ConfigSources } from '../config/load';
import type { RunConfig, StudyConfig } from '../config/run_config';
import type { ParamValue } from '../study/distributions';
import { WORKER_PREFIX, type HeartbeatTiming } from '../study/heartbeat';
import { warnOnStderr } from '../study/journal_backend';
import { JournalStorage } from '../study/journal';
import { isSqliteUrl, sqlitePath } from '../study/journal_sqlite';
import { isRedisUrl } from '../study/redis_url';
import { openStudyBackend, printableStorage } from '../study/storage';
import { MedianPruner, NopPruner, PercentilePruner, SuccessiveHalvingPruner, type Pruner } from '../study/pruners';
import { RandomSampler, TPESampler, type Sampler } from '../study/samplers';
import { parseSpace, setPath } from '../study/space';
import { Study, type TrialContext } from '../study/study';
import { STATE_NAMES, TrialState, type FrozenTrial } from '../study/trial';
import { costMatrixFor } from '../train/cost_matrix';
import { InputError } from '../util/errors';
import { makeDirs, outputError } from '../util/atomic_write';
import { OutputFolder } from '../util/output_folder';
import { setThreads } from '../util/thread_pool';
import { prepare, type Prepared } from './prepare';
import { runPrepareConfig } from './run';
import { writeJson, writeRunOutput } from './run_output';
import type { RunResult } from './run_result';
import { trainModel } from './train_model';
import { runWarnings } from './warnings';

export interface TuneOptions {
  trials?: number; timeout?: number; seed?: number; storage?: string; out?: string; log?: (s: string) => void;
  /** --set assignments and section files for the base run config. */
  sources?: ConfigSources;
  /** Processes sharing the journal (this one included). */
  workers?: number;
  /** Set in the helper processes a `--workers` run starts: they neither resume nor spawn, and end with their parent. */
  helper?: boolean;
  /** Where skipped journal lines and broken lock files are reported (default stderr, `warning: …`). */
  warn?: (s: string) => void;
  /** Heartbeat interval and grace period of running trials (default 10 s and 60 s). */
  heartbeat?: Partial<HeartbeatTiming>;
  /** How long a journal lock file must stay unchanged before it is broken (default 30 s, as Optuna). */
  lockGraceMs?: number;
}

/** How a `--workers` parent hands its liveness timing (not a command-line option) to its helpers. */
const TIMING_ENV = 'GEO_GRAPHNET_TUNE_TIMING';
type Timing = Pick<TuneOptions, 'heartbeat' | 'lockGraceMs'>;

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

/** The run config of a trial: the base config with the trial's parameters applied. */
function trialRunConfig(baseCfg: RunConfig, params: Record<string, ParamValue>, baseFile: string): RunConfig {
  const raw = structuredClone(baseCfg) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) setPath(raw, k, v);
  return resolveRunConfig(raw, baseFile);
}

/** Trials whose configs have the same key share their prepared data. */
const prepareKey = (cfg: RunConfig) => JSON.stringify(runPrepareConfig(cfg));

/**
 * The objective of a study: apply the trial's parameters to the base run config, prepare the data
 * (once per distinct data, graph and split: trials that change only the model or method share it),
 * train while reporting the validation metric every epoch (the pruner sees only that), and return
 * it at the kept epoch. A trial better than any finished so far (here or in the journal) writes its
 * outputs to <out>/<name>/trials/<number>/; when the study ends, publishBest keeps the best one's.
 * `prepared` holds the data prepared so far, by prepareKey.
 */
function trialObjective(study: Study, sf: StudyConfig, baseCfg: RunConfig, baseFile: string, outDir: string, studyPath: string, prepared: Map<string, Prepared>) {
  let bestValue = study.best()?.values?.[0] ?? null;
  return async (ctx: TrialContext): Promise<number> => {
    const cfg = trialRunConfig(baseCfg, ctx.params, baseFile);
    const key = prepareKey(cfg);
    let p = prepared.get(key);
    if (!p) { p = await prepare(runPrepareConfig(cfg)); prepared.set(key, p); }
    if (p.split.val.length === 0) throw noValidation(studyPath);
    const cost = await costMatrixFor(cfg.method, p.nodes.classes);
    const outcome = await trainModel(p, cfg.model, cfg.method, cfg.seed, { onEpoch: (r) => ctx.report(r.epoch, metricOf(sf.objective.metric, r)!), cost });
    const v = outcome.metrics.validation!;
    const value = { val_loss: v.logLoss, val_accuracy: v.accuracy, val_macro_f1: v.macroF1 }[sf.objective.metric];
    // other workers may have found better meanwhile: compare with the journal's best as well
    await study.sync();
    const journalBest = study.best()?.values?.[0];
    if (journalBest !== undefined && isBetter(sf.objective.direction, journalBest, bestValue)) bestValue = journalBest;
    if (isBetter(sf.objective.direction, value, bestValue)) {
      bestValue = value;
      const candidate: RunResult = { config: cfg, trainSeed: cfg.seed, prepared: p, main: outcome, baselines: [], warnings: [] };
      candidate.warnings = runWarnings(candidate);
      // each worker writes only its own trials' folders, so concurrent workers never race for best/
      await writeRunOutput(join(outDir, 'trials', String(ctx.number)), candidate);
    }
    await ctx.setUserAttr('held_out_macro_f1', outcome.metrics.test?.macroF1 ?? null);
    return value;
  };
}

const noValidation = (studyPath: string) => new InputError('the study needs validation nodes: set method.valFraction > 0 or a split column with val', { file: studyPath });

/**
 * After the study (and its helpers): the best trial's folder becomes <out>/<name>/best/, and
 * best.json a run config with its parameters (named <study>-best, so running it replaces no other
 * run's folder); the other candidates' folders are removed.
 */
async function publishBest(study: Study, sf: StudyConfig, outDir: string, log: (s: string) => void): Promise<void> {
  const best = study.best();
  const trials = join(outDir, 'trials');
  const folder = best ? join(trials, String(best.number)) : null;
  if (best && folder && existsSync(folder)) {
    const cfg = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as RunConfig;
    await OutputFolder.write(join(outDir, 'best'), 'run', (staging) => {
      // the finished folder moves as a whole into the staging place, which is then published
      rmSync(staging, { recursive: true });
      renameSync(folder, staging);
    });
    writeJson(outDir, 'best.json', { ...cfg, name: `${sf.name.slice(0, 110)}-best`, study: { name: sf.name, trial: best.number, value: best.values![0], metric: sf.objective.metric, params: best.params } });
  } else if (best) {
    // published when it finished, by the process that ran it (an earlier run of this study)
    const kept = existsSync(join(outDir, 'best.json')) ? (JSON.parse(readFileSync(join(outDir, 'best.json'), 'utf8')) as RunConfig).study?.trial : undefined;
    if (kept !== best.number) log(`warning: the best trial (${best.number}) has no outputs here (its process did not finish the study); best/ holds trial ${String(kept ?? 'none')}`);
  }
  rmSync(trials, { recursive: true, force: true });
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
  const warn = opts.warn ?? warnOnStderr;
  const { study: sf, run: baseCfg, runFile } = loadStudyConfig(studyPath, { ...opts.sources, overrides: { out: opts.out } });
  const timing: Timing = opts.helper && process.env[TIMING_ENV] ? JSON.parse(process.env[TIMING_ENV])
    : { lockGraceMs: opts.lockGraceMs, heartbeat: opts.heartbeat ?? { intervalMs: (1000 * sf.staleAfter) / 6, graceMs: 1000 * sf.staleAfter } };
  const seed = opts.seed ?? sf.seed;
  const space = parseSpace(sf.space);
  const outDir = resolve(baseCfg.out, sf.name);
  setThreads(baseCfg.threads);
  // bad input (a broken CSV) fails here, before there is a journal or a trial in it
  const baseRun = trialRunConfig(baseCfg, {}, runFile);
  const basePrepared = await prepare(runPrepareConfig(baseRun));
  if (basePrepared.split.val.length === 0) throw noValidation(studyPath);
  await costMatrixFor(baseRun.method, basePrepared.nodes.classes);
  const prepared = new Map([[prepareKey(baseRun), basePrepared]]);
  // a journal file named in the study config is relative to it; --storage to the working folder
  const configDir = dirname(resolve(studyPath));
  const configStorage = sf.storage === null || isRedisUrl(sf.storage) ? sf.storage : isSqliteUrl(sf.storage) ? `sqlite:///${sqlitePath(sf.storage, configDir)}` : resolve(configDir, sf.storage);
  const given = opts.storage ?? configStorage ?? join(outDir, 'journal.jsonl');
  const redis = isRedisUrl(given);
  // a file (journal or database) is named by its absolute path from here on: helpers and the report use it
  const journal = redis ? given : isSqliteUrl(given) ? `sqlite:///${sqlitePath(given)}` : resolve(given);
  if (isSqliteUrl(journal) && (opts.workers ?? 1) > 1) throw new InputError('an SQLite study runs in one process (the database is read once, at open): use --workers 1, or a journal file or Redis for several workers', { key: 'workers' });
  if (!redis) {
    const folder = dirname(isSqliteUrl(journal) ? sqlitePath(journal) : journal);
    try {
      makeDirs(folder);
    } catch (e) {
      throw outputError(folder, e, 'cannot create the study folder');
    }
  }
  const backend = await openStudyBackend(journal, { warn, lockGraceMs: timing.lockGraceMs, create: true });
  // a helper ends with its parent: the IPC channel closes however the parent ends, kill -9 included
  const exitWithParent = () => process.exit(1);
  if (opts.helper && process.connected) process.once('disconnect', exitWithParent);
  // closed however the study ends: an open Redis connection would keep the process alive
  try {
    const storage = await JournalStorage.open(backend, `${WORKER_PREFIX}${process.pid}-${Date.now()}`, { heartbeat: timing.heartbeat, warn });
    const workers = opts.workers ?? 1;
    const study = await Study.open({ storage, name: sf.name, direction: sf.objective.direction, sampler: makeSampler(sf.sampler, seed), pruner: makePruner(sf.pruner), space, workers, log });
    // resume: trials whose process died become FAIL (each one logged), live ones of other processes stay
    if (!opts.helper) await study.failStale();
    // a SQLite study is this process's alone: a trial running when it was opened (a killed Optuna or geo-graphnet run) never ends
    if (isSqliteUrl(journal)) {
      for (const t of study.trials().filter((t) => t.state === TrialState.RUNNING || t.state === TrialState.WAITING)) {
        const was = STATE_NAMES[t.state];
        await storage.failTrial(t.trialId, 'running when the SQLite study was opened: its process is gone (one process works on a SQLite study at a time)');
        log(`trial ${t.number} was ${was} when the SQLite study was opened: marked FAIL`);
      }
    }
    // a Redis URL from the study config is not put on the helpers' command lines (it may hold a password)
    const helpers = opts.helper ? null : spawnHelpers(studyPath, { ...opts, ...timing, storage: redis ? opts.storage : journal }, workers);
    const nTrials = opts.trials ?? sf.trials;
    const deadline = Date.now() + 1000 * (opts.timeout ?? sf.timeout ?? Infinity);
    try {
      await study.optimize(nTrials, trialObjective(study, sf, baseCfg, runFile, outDir, studyPath, prepared), trialProgress(study, nTrials, log, Boolean(process.stderr.isTTY && !opts.log && !opts.helper)), deadline);
    } catch (e) {
      // the helpers would go on alone; disconnecting ends them as the parent's death would
      helpers?.stop();
      throw e;
    }
    const problems = await helpers?.exited;
    if (problems?.length) throw new Error(problems.join('; '));
    // the helpers' last trials
    await study.sync();
    if (!opts.helper) await publishBest(study, sf, outDir, log);
    const best = study.best();
    if (best) log(`best trial ${best.number}: ${sf.objective.metric} ${best.values![0].toFixed(4)} with ${JSON.stringify(best.params)}; ${join(outDir, 'best.json')} is a run config for it`);
    log(`${isSqliteUrl(journal) ? 'storage' : 'journal'}: ${printableStorage(journal)}`);
    return { study, best, outDir, journal: redis ? null : journal };
  } finally {
    // once the study is over the channel may close without ending this process early
    process.off('disconnect', exitWithParent);
    await backend.close();
  }
}

/**
 * Start workers − 1 helper processes running the same study (same base config overrides and
 * liveness timing) on the same journal, each with an IPC channel that ends it when this process
 * ends. `exited` lists what went wrong with them (empty when all exited with code 0); `stop` ends them.
 */
function spawnHelpers(studyPath: string, opts: TuneOptions, workers: number): { exited: Promise<string[]>; stop(): void } {
  const args = ['tune', '--config', studyPath, '--helper', '--workers', String(workers)];
  for (const k of ['trials', 'timeout', 'seed', 'out', 'storage'] as const) if (opts[k] !== undefined) args.push(`--${k}`, String(opts[k]));
  for (const a of opts.sources?.set ?? []) args.push('--set', a);
  for (const [k, f] of Object.entries(opts.sources?.sections ?? {})) if (f !== undefined) args.push(`--${k}`, resolve(f));
  const cli = join(__dirname, '..', `cli${extname(__filename)}`);
  const timing: Timing = { heartbeat: opts.heartbeat, lockGraceMs: opts.lockGraceMs };
  const children: ChildProcess[] = [];
  // never rejects: a helper that fails while this process is still in its own trials must not be an unhandled rejection
  const exits = Array.from({ length: workers - 1 }, () => new Promise<string | null>((res) => {
    const child = spawn(process.execPath, [...(cli.endsWith('.ts') ? ['-r', require.resolve('ts-node/register')] : []), cli, ...args], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', [TIMING_ENV]: JSON.stringify(timing) },
    });
    children.push(child);
    child.on('error', (e) => res(`a tune worker could not start (${e.message})`));
    child.on('exit', (code, signal) => res(code === 0 ? null : `a tune worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
  }));
  return {
    exited: Promise.all(exits).then((r) => r.filter((p): p is string => p !== null)),
    stop: () => { for (const c of children) if (c.connected) c.disconnect(); },
  };
}
