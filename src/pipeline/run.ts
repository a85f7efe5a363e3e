import { join } from 'node:path';
import type { RunConfig } from '../config/run_config';
import { SPLIT } from '../data/node_set';
import { costMatrixFor } from '../train/cost_matrix';
import { OutputFolder } from '../util/output_folder';
import { setThreads } from '../util/thread_pool';
import { prepare, type PrepareConfig, type Prepared } from './prepare';
import { reportRun, type ReportWritten } from './report';
import { runOutDir, writeJson, writeRunFiles } from './run_output';
import type { ModelResult, RunResult } from './run_result';
import { trainModel } from './train_model';
import { trainBaselines } from './baselines';
import { runWarnings } from './warnings';

/** A run config's data, graph and split rule. */
export function runPrepareConfig(cfg: RunConfig): PrepareConfig {
  return { data: cfg.data, graph: cfg.graph, seed: cfg.seed, split: { seed: cfg.seed, valFraction: cfg.method.valFraction } };
}

/** Why a run has no held-out scores: no held-out node, or held-out nodes without labels. */
export function noHeldOutReason(role: Uint8Array): string {
  const heldOut = role.reduce((s, r) => s + (r === SPLIT.TEST ? 1 : 0), 0);
  return heldOut ? `no held-out metrics: none of the ${heldOut} held-out nodes has a label` : 'no held-out metrics: no node is held out (every node trains, validates or is marked none)';
}

const summary = (m: ModelResult, role: Uint8Array) => {
  const t = m.metrics.test;
  const epoch = m.history.length ? `best epoch ${m.bestEpoch}, ` : '';
  const penalty = t?.penaltyScore !== undefined ? `, penalty score ${t.penaltyScore.toFixed(4)}` : '';
  return `${t ? `macro-F1 ${t.macroF1.toFixed(4)}, accuracy ${t.accuracy.toFixed(4)}, balanced accuracy ${t.balancedAccuracy.toFixed(4)}${penalty}` : noHeldOutReason(role)} (${epoch}${m.seconds.toFixed(1)} s)`;
};

export interface RunOptions {
  log?: (s: string) => void;
  /** No epoch progress on stderr. */
  quiet?: boolean;
  /** Seed of the models' initial weights and dropout (default: the config seed, which also draws the data and the split). */
  trainSeed?: number;
  /** Data already prepared for this config (repeated seeds share it). */
  prepared?: Prepared;
  /** Draw the figures and report.html with the outputs (runToFolder, runSeeds). */
  report?: boolean;
}

/** A run written to its folder, with its report or why the report failed (the outputs stand without it). */
export interface WrittenRun { seed: number; dir: string; result: RunResult; report: ReportWritten | null; reportError: Error | null }

/** Figures and report.html into a staging folder; a failure is kept, not thrown. */
async function tryReport(staging: string, final: string, result: RunResult): Promise<Pick<WrittenRun, 'report' | 'reportError'>> {
  try {
    const r = await reportRun(staging, result);
    return { report: { ...r, file: join(final, 'report.html') }, reportError: null };
  } catch (e) {
    // name the file where the user will look for it, not in the staging folder
    return { report: null, reportError: new Error((e as Error).message.split(staging).join(final)) };
  }
}

/**
 * The one-shot experiment in memory: prepare the data, train the configured model and the
 * baselines (method.baselines) on the same features and split, and score each on the held-out nodes. Nothing is
 * written: run_output.ts writes the result and the report draws it.
 */
export async function runExperiment(cfg: RunConfig, opts: RunOptions = {}): Promise<RunResult> {
  const log = opts.log ?? console.log;
  const trainSeed = opts.trainSeed ?? cfg.seed;
  setThreads(cfg.threads);
  const prepared = opts.prepared ?? await prepare(runPrepareConfig(cfg), { log });
  // a cost matrix that does not fit the classes fails before any training
  const cost = await costMatrixFor(cfg.method, prepared.nodes.classes);
  const progress = (label: string) => (opts.quiet ? null : label);
  const { role } = prepared.split;
  const main = await trainModel(prepared, cfg.model, cfg.method, trainSeed, { progress: progress(cfg.model.type), cost });
  log(`held-out ${cfg.model.type}: ${summary(main, role)}`);
  const baselines = await trainBaselines(prepared, cfg, trainSeed, { progress: (label) => progress(`${label} baseline`), log, cost });
  for (const b of baselines) log(`held-out ${b.label} baseline: ${summary(b.result, role)}`);
  const result: RunResult = { config: cfg, trainSeed, prepared, main, baselines, warnings: [] };
  result.warnings = runWarnings(result);
  for (const w of result.warnings) log(`warning: ${w}`);
  return result;
}

/**
 * The experiment written to <out>/<name>/ (with its report unless opts.report is false). The folder
 * is checked before training and replaced as a whole when the run is complete.
 */
export async function runToFolder(cfg: RunConfig, opts: RunOptions = {}): Promise<WrittenRun> {
  const dir = runOutDir(cfg);
  const written = await OutputFolder.write(dir, 'run', async (staging) => {
    const result = await runExperiment(cfg, opts);
    for (const note of writeRunFiles(staging, result)) (opts.log ?? console.log)(note);
    return { seed: result.trainSeed, dir, result, ...(opts.report ? await tryReport(staging, dir, result) : { report: null, reportError: null }) };
  });
  (opts.log ?? console.log)(`wrote ${dir}`);
  return written;
}

/** Mean and sample standard deviation. */
export function meanStd(v: number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1)) };
}

/**
 * The experiment repeated over training seeds on the same data and split (one scores little: on
 * small data a GNN's score moves by points between seeds). Each seed's outputs go to
 * <out>/<name>/seed-<s>/, and seeds.json beside them holds each seed's held-out scores with their
 * mean and standard deviation.
 */
export async function runSeeds(cfg: RunConfig, seeds: number[], opts: RunOptions = {}): Promise<{ dir: string; runs: WrittenRun[] }> {
  const log = opts.log ?? console.log;
  const root = runOutDir(cfg);
  const { runs, summary } = await OutputFolder.write(root, 'run', (staging) => seedRuns(cfg, seeds, staging, root, opts));
  const pct = (s: { mean: number; std: number }) => `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)} %`;
  for (const m of summary.models) {
    if (m.test) log(`held-out ${m.model}${m.baseline ? ' baseline' : ''} over ${seeds.length} seeds: accuracy ${pct(m.test.accuracy)}, macro-F1 ${pct(m.test.macroF1)}, ${m.test.seconds.toFixed(1)} s per model`);
  }
  if (!summary.models[0].test) log(`${noHeldOutReason(runs[0].result.prepared.split.role)}: no scores over the seeds`);
  log(`wrote ${root} (seed-<s>/ per seed, seeds.json)`);
  return { dir: root, runs };
}

type Spread = { mean: number; std: number; perSeed: number[] };
interface SeedScores { accuracy: Spread; macroF1: Spread; recall: ({ class: string } & Spread)[]; seconds: number }
/** seeds.json: the model's and each baseline's held-out scores over the seeds. */
interface SeedsSummary { seeds: number[]; models: { model: string; baseline: boolean; test: SeedScores | null }[] }

/** Mean ± sd over the seeds of a model's held-out scores (null when no seed had a labelled held-out node). */
function seedScores(results: ModelResult[]): SeedScores | null {
  const tests = results.map((m) => m.metrics.test).filter((t) => t !== null);
  if (tests.length === 0) return null;
  const spread = (v: number[]): Spread => ({ ...meanStd(v), perSeed: v });
  return {
    accuracy: spread(tests.map((t) => t.accuracy)), macroF1: spread(tests.map((t) => t.macroF1)),
    recall: tests[0].perClass.map((pc, c) => ({ class: pc.class, ...spread(tests.map((t) => t.perClass[c].recall)) })),
    seconds: meanStd(results.map((m) => m.seconds)).mean,
  };
}

/** Each seed's run into staging/seed-<s>/, and seeds.json beside them. */
async function seedRuns(cfg: RunConfig, seeds: number[], staging: string, root: string, opts: RunOptions): Promise<{ runs: WrittenRun[]; summary: SeedsSummary }> {
  const log = opts.log ?? console.log;
  setThreads(cfg.threads);
  const prepared = opts.prepared ?? await prepare(runPrepareConfig(cfg), { log });
  const runs: WrittenRun[] = [];
  for (const seed of seeds) {
    const result = await runExperiment(cfg, { ...opts, prepared, trainSeed: seed, log: (s) => log(`seed ${seed}: ${s}`) });
    const sub = join(staging, `seed-${seed}`), dir = join(root, `seed-${seed}`);
    for (const note of writeRunFiles(sub, result)) log(`seed ${seed}: ${note}`);
    runs.push({ seed, dir, result, ...(opts.report ? await tryReport(sub, dir, result) : { report: null, reportError: null }) });
  }
  const first = runs[0].result;
  const summary: SeedsSummary = {
    seeds,
    models: [
      { model: cfg.model.type, baseline: false, test: seedScores(runs.map((r) => r.result.main)) },
      ...first.baselines.map((b, k) => ({ model: b.label, baseline: true, test: seedScores(runs.map((r) => r.result.baselines[k].result)) })),
    ],
  };
  writeJson(staging, 'seeds.json', summary);
  return { runs, summary };
}
