import type { Products } from './products';

/** What the figures show of held-out metrics. */
export interface HeldOutScores { n: number; confusion: number[][]; perClass: { class: string; recall: number; support: number }[]; accuracy: number; macroF1: number }

/**
 * What the report draws of a run: per node its place, group, role, label, prediction and measured
 * values; the held-out scores; the training curves; the graph's edges. Built from a run in memory,
 * or read back from its output folder (src/pipeline/run_output.ts), so figures need nothing else.
 */
export interface RunData {
  name: string;
  classes: string[];
  n: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array | null;
  group: string[];
  /** Role of each node: train, val, test or none. */
  split: string[];
  /** Class index of the label (−1 unlabelled) and of the prediction. */
  label: Int32Array;
  pred: Int32Array;
  /** The prediction's entropy (nats). */
  entropy: Float64Array;
  /** Measured values by feature name, as the model read them (after any log transform). */
  values: Map<string, Float64Array>;
  /** The model's scores on labelled held-out nodes; null where there are none (an unlabelled survey). */
  metrics: { model: string; test: HeldOutScores | null };
  /** The baselines on the same nodes (method.baselines), each with its file key and label. */
  baselines: { key: string; model: string; test: HeldOutScores | null; pred: Int32Array }[];
  /** Per-station unit tops and thicknesses, for sectioned 3-D data. */
  products: Products | null;
  /** The epoch whose weights each model kept (by its selection rule). */
  keptEpochs: { model: string; epoch: number }[];
  /** Per epoch and model; empty for predictions of a saved model. */
  history: { model: string; epoch: number; train_loss: number; val_loss: number | null; val_macro_f1: number | null }[];
  edges: { u: Int32Array; v: Int32Array };
  logFeatures: string[];
}
