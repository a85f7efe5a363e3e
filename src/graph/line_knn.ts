import { GridIndex } from '../spatial/grid_index';
import { knnAll } from '../spatial/queries';
import type { EdgeList } from './graph';

/**
 * Per-group nearest neighbours in a mixed space of coordinates and measured values (the older
 * tool's similarity graph): each column is min-max scaled over all nodes, multiplied by its
 * weight, and each node is linked to its k nearest nodes of the same group (flight line) under
 * the Minkowski p metric. A grid index per group makes it O(N log N) instead of all-pairs.
 */
export function lineKnnEdges(columns: Float64Array[], weights: number[], group: Int32Array, k: number, p: number): EdgeList {
  const D = columns.length;
  if (weights.length !== D) throw new Error(`line-knn: ${D} columns but ${weights.length} weights`);
  const n = group.length;
  const scaled = columns.map((c, d) => {
    let lo = Infinity, hi = -Infinity;
    for (const v of c) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const span = hi > lo ? hi - lo : 1;
    return c.map((v) => ((v - lo) / span) * weights[d]);
  });
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const m = members.get(group[i]);
    if (m) m.push(i); else members.set(group[i], [i]);
  }
  const src: number[] = [], dst: number[] = [], dist: number[] = [];
  for (const g of [...members.keys()].sort((a, b) => a - b)) {
    const ids = members.get(g)!;
    const pts = new Float64Array(ids.length * D);
    ids.forEach((id, r) => { for (let d = 0; d < D; d++) pts[r * D + d] = scaled[d][id]; });
    const res = knnAll(new GridIndex(pts, D, { p }), k);
    for (let r = 0; r < ids.length; r++) for (let j = 0; j < k; j++) {
      const t = res.idx[r * k + j];
      if (t < 0) continue;
      src.push(ids[r]); dst.push(ids[t]); dist.push(res.dist[r * k + j]);
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), dist: Float64Array.from(dist) };
}
