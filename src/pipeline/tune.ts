import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { loadStudyConfig, resolveRunConfig, type ConfigSources } from '../config/load';
import type { RunConfig, StudyConfig } from '../config/run_config';
import { JournalStorage } from '../study/journal';
import { JournalFileBackend } from '../study/journal_file';
import { JournalRedisBackend } from '../study/journal_redis';
import { MedianPruner, NopPruner, PercentilePruner, SuccessiveHalvingPruner, type Pruner } from '../study/pruners';
import { RandomSampler, TPESampler, type Sampler } from '../study/samplers';
import { parseSpace, setPath, type SpaceEntry } from '../study/space';
import { Study } from '../study/study';
import { STATE_NAMES, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { setThreads } from '../util/thread_pool';
import { prepare, type Prepared } from './prepare';
import { runPrepareConfig } from './run';
import { writeJson, writeRunOutput } from './run_output';
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

/**
 * A hyperparameter study whose objective is the one-shot experiment: each trial applies its
 * parameters to the base run config, trains, reports the validation metric every epoch (the
 * pruner sees only that) and returns it at the kept epoch. The best trial's outputs are kept in
 * <out>/<name>/best/ and best.json is a run config with the best parameters, ready for `run`.
 */
export async function tune(studyPath: string, opts: TuneOptions = {}): Promise<{ study: Study; best: FrozenTrial | null; outDir: string; journal: string | null }> {
  const log = opts.log ?? console.log;
  const { study: sf, run: baseCfg, runFile: base } = loadStudyConfig(studyPath, { ...opts.sources, overrides: { out: opts.out } });
  const seed = opts.seed ?? sf.seed;
  const space = parseSpace(sf.space);
  const outDir = resolve(baseCfg.out, sf.name);
  const journal = opts.storage ?? sf.storage ?? join(outDir, 'journal.jsonl');
  const redis = journal.startsWith('redis://');
  if (!redis && !existsSync(dirname(resolve(journal)))) mkdirSync(dirname(resolve(journal)), { recursive: true });
  const backend = redis ? new JournalRedisBackend(journal) : new JournalFileBackend(journal);
  const storage = new JournalStorage(backend, `geo-graphnet-${process.pid}-${Date.now()}`);
  const workers = opts.workers ?? 1;
  const study = new Study({ storage, name: sf.name, direction: sf.objective.direction, sampler: makeSampler(sf.sampler, seed), pruner: makePruner(sf.pruner), space, workers });
  if (!opts.helper) {
    const abandoned = study.failAbandoned();
    if (abandoned) log(`resumed: ${abandoned} trial(s) left running by a stopped process marked FAIL`);
  }
  const helpers = opts.helper ? [] : spawnHelpers(studyPath, { ...opts, storage: redis ? journal : resolve(journal) }, workers);
  setThreads(baseCfg.threads);

  // trials that change only the model or method share the prepared data and graph
  const prepared = new Map<string, Prepared>();
  const nTrials = opts.trials ?? sf.trials;
  const deadline = Date.now() + 1000 * (opts.timeout ?? sf.timeout ?? Infinity);
  let bestValue = study.best()?.values?.[0] ?? null;
  await study.optimize(nTrials, async (ctx) => {
    const raw = structuredClone(baseCfg) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(ctx.params)) setPath(raw, k, v);
    const cfg: RunConfig = resolveRunConfig(raw, base);
    const key = JSON.stringify(runPrepareConfig(cfg));
    let p = prepared.get(key);
    if (!p) { p = await prepare(runPrepareConfig(cfg)); prepared.set(key, p); }
    const metricOf = (r: { val_loss: number | null; val_accuracy: number | null; val_macro_f1: number | null }) =>
      sf.objective.metric === 'val_loss' ? r.val_loss : sf.objective.metric === 'val_accuracy' ? r.val_accuracy : r.val_macro_f1;
    if (p.split.val.length === 0) throw new InputError('the study needs validation nodes: set method.valFraction > 0 or a split column with val', { file: studyPath });
    const outcome = await trainModel(p, cfg.model, cfg.method, cfg.seed, { onEpoch: (r) => ctx.report(r.epoch, metricOf(r)!) });
    const v = outcome.metrics.validation!;
    const value = sf.objective.metric === 'val_loss' ? v.logLoss : sf.objective.metric === 'val_accuracy' ? v.accuracy : v.macroF1;
    // other workers may have found better meanwhile: compare with the journal's best as well
    const journalBest = study.best()?.values?.[0];
    if (journalBest !== undefined && (bestValue === null || (sf.objective.direction === 'maximize' ? journalBest > bestValue : journalBest < bestValue))) bestValue = journalBest;
    const better = bestValue === null || (sf.objective.direction === 'maximize' ? value > bestValue : value < bestValue);
    if (better) {
      bestValue = value;
      writeRunOutput(join(outDir, 'best'), { config: cfg, trainSeed: cfg.seed, prepared: p, main: outcome, baseline: null });
      ctx.setUserAttr('artifacts', join(outDir, 'best'));
      writeJson(outDir, 'best.json', { ...cfg, study: { name: sf.name, trial: ctx.number, value, metric: sf.objective.metric, params: ctx.params } });
    }
    ctx.setUserAttr('held_out_macro_f1', outcome.metrics.test.macroF1);
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
  const best = study.best();
  if (best) log(`best trial ${best.number}: ${sf.objective.metric} ${best.values![0].toFixed(4)} with ${JSON.stringify(best.params)}; ${join(outDir, 'best.json')} is a run config for it`);
  log(`journal: ${redis ? journal : resolve(journal)}`);
  return { study, best, outDir, journal: redis ? null : resolve(journal) };
}

/** Start workers − 1 helper processes running the same study on the same journal. */
function spawnHelpers(studyPath: string, opts: TuneOptions, workers: number): Promise<void>[] {
  const args = ['tune', '--config', studyPath, '--helper', '--workers', String(workers), '--storage', opts.storage!];
  for (const k of ['trials', 'timeout', 'seed', 'out'] as const) if (opts[k] !== undefined) args.push(`--${k}`, String(opts[k]));
  const cli = join(__dirname, '..', `cli${extname(__filename)}`);
  return Array.from({ length: workers - 1 }, () => new Promise<void>((res, rej) => {
    const child = spawn(process.execPath, [...(cli.endsWith('.ts') ? ['-r', require.resolve('ts-node/register')] : []), cli, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`a tune worker exited with code ${code}`))));
  }));
}
