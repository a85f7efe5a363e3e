import { join } from 'node:path';
import type { RunConfig } from '../config/run_config';
import { setThreads } from '../util/thread_pool';
import { prepare, type PrepareConfig, type Prepared } from './prepare';
import { runOutDir, writeJson, writeRunOutput } from './run_output';
import type { ModelResult, RunResult } from './run_result';
import { trainModel } from './train_model';

/** A run config's data, graph and split rule. */
export function runPrepareConfig(cfg: RunConfig): PrepareConfig {
  return { data: cfg.data, graph: cfg.graph, seed: cfg.seed, split: { seed: cfg.seed, valFraction: cfg.method.valFraction } };
}

const summary = (m: ModelResult) =>
  `macro-F1 ${m.metrics.test.macroF1.toFixed(4)}, accuracy ${m.metrics.test.accuracy.toFixed(4)}, balanced accuracy ${m.metrics.test.balancedAccuracy.toFixed(4)} (best epoch ${m.bestEpoch}, ${m.seconds.toFixed(1)} s)`;

export interface RunOptions {
  log?: (s: string) => void;
  /** No epoch progress on stderr. */
  quiet?: boolean;
  /** Seed of the models' initial weights and dropout (default: the config seed, which also draws the data and the split). */
  trainSeed?: number;
  /** Data already prepared for this config (repeated seeds share it). */
  prepared?: Prepared;
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
  return { config: cfg, trainSeed, prepared, main, baseline };
}

/** The experiment, written to <out>/<name>/ (figures aside: see report.ts). */
export async function runToFolder(cfg: RunConfig, opts: RunOptions = {}): Promise<{ dir: string; result: RunResult }> {
  const result = await runExperiment(cfg, opts);
  const dir = runOutDir(cfg);
  writeRunOutput(dir, result);
  (opts.log ?? console.log)(`wrote ${dir}`);
  return { dir, result };
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
export async function runSeeds(cfg: RunConfig, seeds: number[], opts: RunOptions = {}): Promise<{ dir: string; runs: { seed: number; dir: string; result: RunResult }[] }> {
  const log = opts.log ?? console.log;
  const root = runOutDir(cfg);
  setThreads(cfg.threads);
  const prepared = opts.prepared ?? await prepare(runPrepareConfig(cfg), { log });
  const runs: { seed: number; dir: string; result: RunResult }[] = [];
  for (const seed of seeds) {
    const result = await runExperiment(cfg, { ...opts, prepared, trainSeed: seed, log: (s) => log(`seed ${seed}: ${s}`) });
    const dir = join(root, `seed-${seed}`);
    writeRunOutput(dir, result);
    runs.push({ seed, dir, result });
  }
  const scores = (pick: (r: RunResult) => ModelResult | null) => {
    const per = runs.map((r) => pick(r.result)).filter((m): m is ModelResult => m !== null);
    if (per.length === 0) return null;
    const acc = per.map((m) => m.metrics.test.accuracy), f1 = per.map((m) => m.metrics.test.macroF1);
    return { accuracy: { ...meanStd(acc), perSeed: acc }, macroF1: { ...meanStd(f1), perSeed: f1 }, seconds: meanStd(per.map((m) => m.seconds)).mean };
  };
  const main = scores((r) => r.main)!;
  const baseline = scores((r) => r.baseline);
  writeJson(root, 'seeds.json', { seeds, model: cfg.model.type, test: main, baseline: baseline && { model: 'mlp', test: baseline } });
  const pct = (s: { mean: number; std: number }) => `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)} %`;
  log(`held-out ${cfg.model.type} over ${seeds.length} seeds: accuracy ${pct(main.accuracy)}, macro-F1 ${pct(main.macroF1)}, ${main.seconds.toFixed(1)} s per model`);
  if (baseline) log(`held-out mlp baseline over ${seeds.length} seeds: accuracy ${pct(baseline.accuracy)}, macro-F1 ${pct(baseline.macroF1)}`);
  log(`wrote ${root} (seed-<s>/ per seed, seeds.json)`);
  return { dir: root, runs };
}
