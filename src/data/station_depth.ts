import type { NodeSet } from './node_set';

/**
 * Depth of each node below the top of its sounding: the highest z among the nodes of the same
 * group at the same x, y (to the centimetre). What an interpreter means by depth when the ground
 * elevation varies; NaN for a node without coordinates, null when the data has no z.
 */
export function depthBelowStationTop(nodes: Pick<NodeSet, 'n' | 'x' | 'y' | 'z' | 'group'>): Float64Array | null {
  const { z } = nodes;
  if (!z) return null;
  const top = new Map<string, number>();
  const key = (i: number) => `${nodes.group[i]}\u0000${nodes.x[i].toFixed(2)}\u0000${nodes.y[i].toFixed(2)}`;
  // a node without coordinates (allowed with an edge table) belongs to no sounding: its depth is NaN
  const placed = (i: number) => Number.isFinite(nodes.x[i]) && Number.isFinite(nodes.y[i]) && Number.isFinite(z[i]);
  for (let i = 0; i < nodes.n; i++) {
    if (!placed(i)) continue;
    const k = key(i);
    top.set(k, Math.max(top.get(k) ?? -Infinity, z[i]));
  }
  const depth = new Float64Array(nodes.n);
  for (let i = 0; i < nodes.n; i++) depth[i] = placed(i) ? top.get(key(i))! - z[i] : NaN;
  return depth;
}
