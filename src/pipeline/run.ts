import { join } from 'node:path';
import type { RunConfig } from '../config/run_config';
import { OutputFolder } from '../util/output_folder';
import { setThreads } from '../util/thread_pool';
import { prepare, type PrepareConfig, type Prepared } from './prepare';
import { reportRun, type ReportWritten } from './report';
import { runOutDir, writeJson, writeRunFiles } from './run_output';
import type { ModelResult, RunResult } from './run_result';
import { trainModel } from './train_model';
import { runWarnings } from './warnings';

/** A run config's data, graph and split rule. */
export function runPrepareConfig(cfg: RunConfig): PrepareConfig {
  return { data: cfg.data, graph: cfg.graph, seed: cfg.seed, split: { seed: cfg.seed, valFraction: cfg.method.valFraction } };
}

const summary = (m: ModelResult) => {
  const t = m.metrics.test;
  return `${t ? `macro-F1 ${t.macroF1.toFixed(4)}, accuracy ${t.accuracy.toFixed(4)}, balanced accuracy ${t.balancedAccuracy.toFixed(4)}` : 'no labelled held-out node'} (best epoch ${m.bestEpoch}, ${m.seconds.toFixed(1)} s)`;
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
 * The one-shot experiment in memory: prepare the data, train the configured model and (unless
 * disabled) an MLP baseline on the same features, and score both on the held-out nodes. Nothing is
 * written: run_output.ts writes the result and the report draws it.
 */
export async function runExperiment(cfg: RunConfig, opts: RunOptions = {}): Promise<RunResult> {
  const log = opts.log ?? console.log;
  const trainSeed = opts.trainSeed ?? cfg.seed;
  setThreads(cfg.threads);
  const prepared = opts.prepared ?? await prepare(runPrepareConfig(cfg), { log });
  const progress = (label: string) => (opts.quiet ? null : label);
  const main = await trainModel(prepared, cfg.model, cfg.method, trainSeed, { progress: progress(cfg.model.type) });
  log(`held-out ${cfg.model.type}: ${summary(main)}`);
  let baseline: ModelResult | null = null;
  if (cfg.method.baseline && cfg.model.type !== 'mlp') {
    baseline = await trainModel(prepared, { ...cfg.model, type: 'mlp' }, { ...cfg.method, labelInput: false }, trainSeed, { progress: progress('mlp baseline') });
    log(`held-out mlp baseline: ${summary(baseline)}`);
  }
  const result: RunResult = { config: cfg, trainSeed, prepared, main, baseline, warnings: [] };
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
  for (const [label, s] of [[cfg.model.type, summary.test], ['mlp baseline', summary.baseline?.test]] as const) {
    if (s) log(`held-out ${label} over ${seeds.length} seeds: accuracy ${pct(s.accuracy)}, macro-F1 ${pct(s.macroF1)}, ${s.seconds.toFixed(1)} s per model`);
  }
  if (!summary.test) log('no labelled held-out node: no scores over the seeds');
  log(`wrote ${root} (seed-<s>/ per seed, seeds.json)`);
  return { dir: root, runs };
}

interface SeedScores { accuracy: { mean: number; std: number; perSeed: number[] }; macroF1: { mean: number; std: number; perSeed: number[] }; seconds: number }
interface SeedsSummary { seeds: number[]; model: string; test: SeedScores | null; baseline: { model: 'mlp'; test: SeedScores } | null }

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
  const scores = (pick: (r: RunResult) => ModelResult | null): SeedScores | null => {
    const tests = runs.map((r) => pick(r.result)?.metrics.test).filter((t) => t != null);
    const per = runs.map((r) => pick(r.result)).filter((m): m is ModelResult => m !== null);
    if (tests.length === 0) return null;
    const acc = tests.map((t) => t.accuracy), f1 = tests.map((t) => t.macroF1);
    return { accuracy: { ...meanStd(acc), perSeed: acc }, macroF1: { ...meanStd(f1), perSeed: f1 }, seconds: meanStd(per.map((m) => m.seconds)).mean };
  };
  const main = scores((r) => r.main);
  const baseline = scores((r) => r.baseline);
  const summary: SeedsSummary = { seeds, model: cfg.model.type, test: main, baseline: baseline && { model: 'mlp', test: baseline } };
  writeJson(staging, 'seeds.json', summary);
  return { runs, summary };
}
