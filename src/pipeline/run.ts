import type { RunConfig } from '../config/run_config';
import { setThreads } from '../util/thread_pool';
import { prepare, type PrepareConfig } from './prepare';
import { runOutDir, writeRunOutput } from './run_output';
import type { ModelResult, RunResult } from './run_result';
import { trainModel } from './train_model';

/** A run config's data, graph and split rule. */
export function runPrepareConfig(cfg: RunConfig): PrepareConfig {
  return { data: cfg.data, graph: cfg.graph, seed: cfg.seed, split: { seed: cfg.seed, valFraction: cfg.method.valFraction } };
}

const summary = (m: ModelResult) =>
  `macro-F1 ${m.metrics.test.macroF1.toFixed(4)}, accuracy ${m.metrics.test.accuracy.toFixed(4)}, balanced accuracy ${m.metrics.test.balancedAccuracy.toFixed(4)} (best epoch ${m.bestEpoch}, ${m.seconds.toFixed(1)} s)`;

/**
 * The one-shot experiment in memory: prepare the data, train the configured model and (unless
 * disabled) an MLP baseline on the same features, and score both on the held-out nodes. Nothing is
 * written: run_output.ts writes the result and the report draws it.
 */
export async function runExperiment(cfg: RunConfig, log: (s: string) => void = console.log, opts: { quiet?: boolean } = {}): Promise<RunResult> {
  setThreads(cfg.threads);
  const prepared = await prepare(runPrepareConfig(cfg), { log });
  const progress = (label: string) => (opts.quiet ? null : label);
  const main = await trainModel(prepared, cfg.model, cfg.method, cfg.seed, { progress: progress(cfg.model.type) });
  log(`held-out ${cfg.model.type}: ${summary(main)}`);
  let baseline: ModelResult | null = null;
  if (cfg.method.baseline && cfg.model.type !== 'mlp') {
    baseline = await trainModel(prepared, { ...cfg.model, type: 'mlp' }, { ...cfg.method, labelInput: false }, cfg.seed, { progress: progress('mlp baseline') });
    log(`held-out mlp baseline: ${summary(baseline)}`);
  }
  return { config: cfg, prepared, main, baseline };
}

/** The experiment, written to <out>/<name>/ (figures aside: see report.ts). */
export async function runToFolder(cfg: RunConfig, log: (s: string) => void = console.log, opts: { quiet?: boolean } = {}): Promise<{ dir: string; result: RunResult }> {
  const result = await runExperiment(cfg, log, opts);
  const dir = runOutDir(cfg);
  writeRunOutput(dir, result);
  log(`wrote ${dir}`);
  return { dir, result };
}
