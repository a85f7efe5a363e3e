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
  /** Probability of the predicted class, and the prediction's entropy (nats). */
  confidence: Float64Array;
  entropy: Float64Array;
  /** Measured values by feature name, as the model read them (after any log transform). */
  values: Map<string, Float64Array>;
  metrics: { model: string; test: { confusion: number[][]; perClass: { class: string; recall: number; support: number }[]; accuracy: number; macroF1: number }; bestEpoch: number };
  history: { model: string; epoch: number; train_loss: number; val_loss: number | null; val_macro_f1: number | null }[];
  edges: { u: Int32Array; v: Int32Array };
  logFeatures: string[];
}
