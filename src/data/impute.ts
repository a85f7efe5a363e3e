import { InputError } from '../util/errors';
import { nodeLocation, type NodeSet } from './node_set';

/**
 * The 'impute' missing-value policy, fitted on the training nodes and saved with a model so that
 * `predict` fills gaps exactly as training did: each feature's median over the training nodes, and
 * (with missingIndicator) a 0/1 feature for each column that had gaps when the model was trained.
 */
export interface Imputer { medians: (number | null)[]; indicators: number[] }

function median(vals: number[]): number | null {
  if (vals.length === 0) return null;
  vals.sort((a, b) => a - b);
  return vals.length % 2 ? vals[(vals.length - 1) / 2] : (vals[vals.length / 2 - 1] + vals[vals.length / 2]) / 2;
}

export function fitImputer(ns: NodeSet, train: ArrayLike<number>, indicator: boolean): Imputer {
  const F = ns.featureNames.length;
  const medians: (number | null)[] = [];
  const gaps: number[] = [];
  for (let f = 0; f < F; f++) {
    const vals: number[] = [];
    for (let t = 0; t < train.length; t++) {
      const v = ns.features[train[t] * F + f];
      if (!Number.isNaN(v)) vals.push(v);
    }
    medians.push(median(vals));
    for (let i = 0; i < ns.n; i++) if (Number.isNaN(ns.features[i * F + f])) { gaps.push(f); break; }
  }
  return { medians, indicators: indicator ? gaps : [] };
}

/** Fill the gaps and add the indicator columns; counts the values filled. */
export function applyImputer(ns: NodeSet, imp: Imputer): { nodes: NodeSet; imputed: number } {
  const F = ns.featureNames.length;
  if (imp.medians.length !== F) throw new InputError(`the model imputes ${imp.medians.length} features, the data has ${F}`, { file: ns.source });
  const G = F + imp.indicators.length;
  const out = new Float64Array(ns.n * G);
  let imputed = 0;
  for (let i = 0; i < ns.n; i++) {
    for (let f = 0; f < F; f++) {
      const v = ns.features[i * F + f];
      if (Number.isNaN(v)) {
        const m = imp.medians[f];
        if (m === null) throw new InputError(`feature '${ns.featureNames[f]}' has a gap, and no training node had a value to impute it from`, { ...nodeLocation(ns, i), column: ns.featureNames[f] });
        out[i * G + f] = m;
        imputed++;
      } else out[i * G + f] = v;
    }
    imp.indicators.forEach((f, j) => { out[i * G + F + j] = Number.isNaN(ns.features[i * F + f]) ? 1 : 0; });
  }
  const featureNames = [...ns.featureNames, ...imp.indicators.map((f) => `missing_${ns.featureNames[f]}`)];
  return { nodes: { ...ns, features: out, featureNames }, imputed };
}
