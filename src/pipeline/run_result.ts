import type { NodeClassifier } from '../nn/model';
import type { EpochRecord } from '../train/fit';
import type { BaselineKey } from '../train/method_config';
import type { GroupMetrics, Metrics } from '../train/metrics';
import type { RunConfig } from '../config/run_config';
import type { Prepared } from './prepare';

/** Held-out, training and validation metrics of one model (null where that part of the split has no labelled node), and the held-out ones per group (well, line). */
export interface SplitMetrics { test: Metrics | null; perGroup: GroupMetrics[] | null; train: Metrics; validation: Metrics | null }

/** One model (trained, or a rule like the depth-only baseline) and what it predicts for every node. */
export interface ModelResult {
  /** Epochs of training; empty for a model that is not trained by epochs. */
  history: EpochRecord[];
  /** Epoch whose weights were kept. */
  bestEpoch: number;
  /** Class probabilities, n × C, and the most probable class per node. */
  probs: Float32Array | Float64Array;
  pred: Int32Array;
  metrics: SplitMetrics;
  seconds: number;
}

/** A trained network with its results. */
export interface TrainedModel extends ModelResult { model: NodeClassifier }

/** A no-graph baseline (method.baselines): which one, its name in outputs, and its results. */
export interface BaselineResult { key: BaselineKey; label: string; result: ModelResult }

/** Everything a run computed, in memory: written to out/<name>/ by run_output.ts and drawn by the report. */
export interface RunResult {
  config: RunConfig;
  /** Seed of the models' initial weights and dropout (the config seed unless the run repeats seeds). */
  trainSeed: number;
  prepared: Prepared;
  main: TrainedModel;
  /** The baselines on the same features and split (method.baselines), in config order. */
  baselines: BaselineResult[];
  /** What the run may have got wrong without failing (warnings.ts). */
  warnings: string[];
}
