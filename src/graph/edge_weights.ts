import { InputError } from '../util/errors';
import type { GraphConfig } from './graph_config';

/**
 * Edge weights from distances: 'inverse' 1/d (an error where points coincide, since 1/0 has no
 * meaningful value); 'gaussian' exp(−d²/2σ²) with σ the median edge length unless
 * given; 'minmax' 1 − (d − min)/(max − min), the older tool's similarity. 'none' gives null.
 * `key` names the config key in errors (a union's recipe item has its own).
 */
export function edgeWeights(dist: Float64Array, cfg: Pick<GraphConfig, 'weight' | 'sigma'>, key = 'graph.weight'): Float64Array | null {
  if (cfg.weight === 'none') return null;
  const m = dist.length;
  const w = new Float64Array(m);
  if (m === 0) return w;
  for (let e = 0; e < m; e++) if (Number.isNaN(dist[e])) throw new Error(`edge ${e} has no distance, so '${cfg.weight}' weights cannot be computed`);
  const sorted = Float64Array.from(dist).sort();
  const median = sorted[Math.floor(m / 2)];
  if (cfg.weight === 'inverse') {
    if (sorted[0] === 0) {
      const same = sorted.findIndex((d) => d > 0);
      throw new InputError(`${same < 0 ? m : same} edge(s) join points at the same place, where 1/distance has no value: remove duplicate points, or use weight 'gaussian' or 'minmax'`, { key });
    }
    for (let e = 0; e < m; e++) w[e] = 1 / dist[e];
  } else if (cfg.weight === 'gaussian') {
    const sigma = cfg.sigma ?? (median > 0 ? median : 1);
    for (let e = 0; e < m; e++) w[e] = Math.exp(-(dist[e] * dist[e]) / (2 * sigma * sigma));
  } else {
    const lo = sorted[0], hi = sorted[m - 1];
    for (let e = 0; e < m; e++) w[e] = hi > lo ? 1 - (dist[e] - lo) / (hi - lo) : 1;
  }
  return w;
}
