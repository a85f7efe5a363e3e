/** Per-feature mean and standard deviation, from the training nodes only, saved with the model. */
export interface Standardizer { mean: number[]; std: number[] }

export function fitStandardizer(features: Float64Array, F: number, rows: ArrayLike<number>): Standardizer {
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  const m = rows.length;
  for (let t = 0; t < m; t++) for (let f = 0; f < F; f++) mean[f] += features[rows[t] * F + f];
  for (let f = 0; f < F; f++) mean[f] /= Math.max(1, m);
  for (let t = 0; t < m; t++) for (let f = 0; f < F; f++) std[f] += (features[rows[t] * F + f] - mean[f]) ** 2;
  // a constant feature keeps unit scale rather than dividing by zero
  for (let f = 0; f < F; f++) std[f] = m > 1 && std[f] > 0 ? Math.sqrt(std[f] / (m - 1)) : 1;
  return { mean, std };
}

/** (x − mean) / std into a Float32Array, n × F. */
export function applyStandardizer(features: Float64Array, F: number, s: Standardizer): Float32Array {
  if (s.mean.length !== F) throw new Error(`the model was trained on ${s.mean.length} features, the data has ${F}`);
  const out = new Float32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const f = i % F;
    out[i] = (features[i] - s.mean[f]) / s.std[f];
  }
  return out;
}
