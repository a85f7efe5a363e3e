import { InputError } from '../util/errors';
import type { Normalization } from './data_config';

/**
 * How node features are scaled before a model reads them, saved with the model so that `predict`
 * scales new data exactly as training did. 'standard' holds per-feature means and standard
 * deviations from the training nodes only; 'row' divides each node's features by their sum
 * (bag-of-words, as in the Planetoid papers); 'none' passes values through. 'row' and 'none' keep
 * zeros zero, so sparse inputs stay sparse.
 */
export type Normalizer =
  | { kind: 'standard'; mean: number[]; std: number[] }
  | { kind: 'row' }
  | { kind: 'none' };

export function fitNormalizer(kind: Normalization, features: Float64Array, F: number, rows: ArrayLike<number>): Normalizer {
  if (kind !== 'standard') return { kind };
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  const m = rows.length;
  for (let t = 0; t < m; t++) for (let f = 0; f < F; f++) mean[f] += features[rows[t] * F + f];
  for (let f = 0; f < F; f++) mean[f] /= Math.max(1, m);
  for (let t = 0; t < m; t++) for (let f = 0; f < F; f++) std[f] += (features[rows[t] * F + f] - mean[f]) ** 2;
  // a constant feature keeps unit scale rather than dividing by zero
  for (let f = 0; f < F; f++) std[f] = m > 1 && std[f] > 0 ? Math.sqrt(std[f] / (m - 1)) : 1;
  return { kind, mean, std };
}

/** The scaled features, n × F, as float32. */
export function applyNormalizer(features: Float64Array, F: number, s: Normalizer): Float32Array {
  const out = new Float32Array(features.length);
  const n = F > 0 ? features.length / F : 0;
  if (s.kind === 'standard') {
    if (s.mean.length !== F) throw new InputError(`the model was trained on ${s.mean.length} features, the data has ${F}`);
    for (let i = 0; i < features.length; i++) {
      const f = i % F;
      out[i] = (features[i] - s.mean[f]) / s.std[f];
    }
  } else if (s.kind === 'row') {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += features[i * F + f];
      // a node without any feature mass stays all zeros
      for (let f = 0; f < F; f++) out[i * F + f] = sum !== 0 ? features[i * F + f] / sum : 0;
    }
  } else {
    out.set(features);
  }
  return out;
}
