import type { Graph } from './graph';

export interface GraphStats {
  nodes: number;
  edges: number;
  degreeMin: number;
  degreeMedian: number;
  degreeMax: number;
  degreeMean: number;
  isolated: number;
  components: number;
  largestComponent: number;
}

/** Counts, degree distribution and connected components (union–find with path halving). */
export function graphStats(g: Graph): GraphStats {
  const a = g.adj;
  const n = a.nRows;
  const deg = new Int32Array(n);
  let isolated = 0;
  for (let i = 0; i < n; i++) {
    deg[i] = a.rowPtr[i + 1] - a.rowPtr[i];
    if (deg[i] === 0) isolated++;
  }
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  for (let i = 0; i < n; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
    const r1 = find(i), r2 = find(a.col[p]);
    if (r1 !== r2) parent[Math.max(r1, r2)] = Math.min(r1, r2);
  }
  const size = new Int32Array(n);
  let components = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (size[r]++ === 0) components++;
    if (size[r] > largest) largest = size[r];
  }
  const sorted = Int32Array.from(deg).sort();
  return {
    nodes: n, edges: g.numEdges,
    degreeMin: n ? sorted[0] : 0, degreeMedian: n ? sorted[Math.floor((n - 1) / 2)] : 0, degreeMax: n ? sorted[n - 1] : 0,
    degreeMean: n ? a.nnz / n : 0, isolated, components, largestComponent: largest,
  };
}

export function formatStats(s: GraphStats): string {
  return `${s.nodes} nodes, ${s.edges} edges, degree min/median/max ${s.degreeMin}/${s.degreeMedian}/${s.degreeMax} (mean ${s.degreeMean.toFixed(2)}), ${s.isolated} isolated, ${s.components} component(s) (largest ${s.largestComponent})`;
}
