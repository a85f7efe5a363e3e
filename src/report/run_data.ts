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
  /** Depth down each well (data.depth) and its column name: groups are drawn as wells; null draws sections along lines. */
  depth: { column: string; values: Float64Array } | null;
  /** Depth of investigation below each node's top cell (data.doi), or null. */
  doi: Float64Array | null;
  /** Unit of each value (by its name in `values`, e.g. log10_cond → 'log10 S/m'); '' or absent when unknown. */
  units: Record<string, string>;
  /** The run config's figures section. */
  figures: FigureOptions;
}

/** What a run config asks of the figures (RunConfig.figures). */
export interface FigureOptions { verticalExaggeration: number | null; mapElevation: number | null }

/**
 * The nodes with coordinates (finite x, y, and z when there is z) and the edges among them, for
 * what is drawn in space; `left` counts the nodes left out (allowed without coordinates with an
 * edge table). Scores and products are kept as they are.
 */
export function placedView(r: RunData): { view: RunData; left: number } {
  const keep: number[] = [];
  for (let i = 0; i < r.n; i++) if (Number.isFinite(r.x[i]) && Number.isFinite(r.y[i]) && (!r.z || Number.isFinite(r.z[i]))) keep.push(i);
  if (keep.length === r.n) return { view: r, left: 0 };
  const at = new Int32Array(r.n).fill(-1);
  keep.forEach((i, k) => { at[i] = k; });
  const f64 = (a: ArrayLike<number>) => Float64Array.from(keep, (i) => a[i]);
  const i32 = (a: ArrayLike<number>) => Int32Array.from(keep, (i) => a[i]);
  const u: number[] = [], v: number[] = [];
  for (let e = 0; e < r.edges.u.length; e++) {
    const a = at[r.edges.u[e]], b = at[r.edges.v[e]];
    if (a >= 0 && b >= 0) { u.push(a); v.push(b); }
  }
  return {
    left: r.n - keep.length,
    view: {
      ...r, n: keep.length, x: f64(r.x), y: f64(r.y), z: r.z ? f64(r.z) : null,
      group: keep.map((i) => r.group[i]), split: keep.map((i) => r.split[i]), label: i32(r.label), pred: i32(r.pred), entropy: f64(r.entropy),
      values: new Map([...r.values].map(([k, a]) => [k, f64(a)])), depth: r.depth ? { ...r.depth, values: f64(r.depth.values) } : null, doi: r.doi ? f64(r.doi) : null,
      baselines: r.baselines.map((b) => ({ ...b, pred: i32(b.pred) })),
      edges: { u: Int32Array.from(u), v: Int32Array.from(v) },
    },
  };
}
