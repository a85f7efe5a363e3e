import type { EdgeList } from './graph';

/**
 * Depth neighbours within each group (the samples of a well, the layers of a sounding): each
 * sample is linked to its k nearest samples of the same group by |Δdepth|, ties going to the
 * sample with the smaller depth value (the one above, for a measured depth; the one below, for an
 * elevation), and samples at the same depth in node order. With evenly spaced samples and
 * k = 2 that is the sample above and the one below (the top and bottom samples get two below or
 * two above). `maxGap` (null: none) caps a link's depth span, so a gap in a log or two pieces of
 * wells put end to end are not bridged. Samples whose depth is NaN get no link. Directed edges
 * (the graph symmetrises) with |Δdepth| as their distance.
 */
export function groupDepthEdges(depth: Float64Array, group: Int32Array, k: number, maxGap: number | null = null): EdgeList {
  const n = depth.length;
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(depth[i])) continue;
    const m = members.get(group[i]);
    if (m) m.push(i); else members.set(group[i], [i]);
  }
  const gap = maxGap ?? Infinity;
  const src: number[] = [], dst: number[] = [], dist: number[] = [];
  for (const g of [...members.keys()].sort((a, b) => a - b)) {
    const rows = members.get(g)!.sort((a, b) => depth[a] - depth[b] || a - b);
    const m = rows.length;
    for (let r = 0; r < m; r++) {
      const d = depth[rows[r]];
      let up = r - 1, down = r + 1;
      for (let taken = 0; taken < k; taken++) {
        const du = up >= 0 ? d - depth[rows[up]] : Infinity;
        const dd = down < m ? depth[rows[down]] - d : Infinity;
        const pickUp = du <= dd;
        const step = pickUp ? du : dd;
        if (step === Infinity || step > gap) break;
        src.push(rows[r]);
        dst.push(rows[pickUp ? up-- : down++]);
        dist.push(step);
      }
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), dist: Float64Array.from(dist) };
}
