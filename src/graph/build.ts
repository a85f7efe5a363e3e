import type { GraphConfig } from './graph_config';
import { numericColumn } from '../data/csv';
import type { NodeSet } from '../data/node_set';
import { InputError } from '../util/errors';
import { edgeWeights } from './edge_weights';
import { undirectedGraph, type EdgeList, type Graph } from './graph';
import { latticeEdges } from './lattice';
import { lineKnnEdges } from './line_knn';
import { delaunayEdges, knnEdges, radiusEdges, type Points } from './point_graphs';

export function nodePoints(ns: NodeSet): Points {
  const dim = ns.z ? 3 : 2;
  const coords = new Float64Array(ns.n * dim);
  for (let i = 0; i < ns.n; i++) {
    coords[i * dim] = ns.x[i];
    coords[i * dim + 1] = ns.y[i];
    if (ns.z) coords[i * dim + 2] = ns.z[i];
  }
  return { coords, dim };
}

/** Whether the graph recipe reads node coordinates (every builder but line-knn over other columns). */
export function graphReadsCoordinates(cfg: GraphConfig): boolean {
  return cfg.method !== 'line-knn' || cfg.lineColumns.some((c) => c === 'x' || c === 'y' || c === 'z');
}

/** The builder's directed edges for a node set. */
export function buildEdges(ns: NodeSet, cfg: GraphConfig): EdgeList {
  const dim = ns.z ? 3 : 2;
  if (cfg.scale.length < dim || cfg.scale.slice(dim).some((s) => s !== 1)) {
    throw new InputError(`has ${cfg.scale.length} entries but the data has ${dim} coordinates (${dim === 3 ? 'x, y, z' : 'x, y'})`, { key: 'graph.scale' });
  }
  const scale = cfg.scale.slice(0, dim);
  switch (cfg.method) {
    case 'knn': return knnEdges(nodePoints(ns), cfg.k, scale, cfg.p);
    case 'radius': return radiusEdges(nodePoints(ns), cfg.radius, scale, cfg.p);
    case 'delaunay': return delaunayEdges(nodePoints(ns), scale);
    case 'lattice': return latticeEdges({ x: ns.x, y: ns.y, z: ns.z, line: ns.group }, cfg.acrossK, cfg.scale, cfg.verticalReach);
    case 'line-knn': {
      const cols = cfg.lineColumns.map((c) => {
        if (c === 'x') return ns.x;
        if (c === 'y') return ns.y;
        if (c === 'z') {
          if (!ns.z) throw new InputError("line-knn uses 'z' but the data has no z column", { key: 'graph.lineColumns' });
          return ns.z;
        }
        const all = numericColumn(ns.table, c, 'a line-knn column');
        return Float64Array.from(ns.rowOf, (r) => all[r - 1]);
      });
      return lineKnnEdges(cols, cfg.lineWeights, ns.group, cfg.k, cfg.p);
    }
    default: throw new InputError(`unknown graph method '${cfg.method as string}'`, { key: 'graph.method' });
  }
}

/** Build, weight and symmetrise. */
export function buildGraph(ns: NodeSet, cfg: GraphConfig): Graph {
  const e = buildEdges(ns, cfg);
  if (e.src.length === 0 && ns.n > 1) throw new InputError(`the ${cfg.method} graph of ${ns.n} nodes has no edge: check its parameters (k, radius, scale) and the coordinates`, { key: 'graph.method' });
  return undirectedGraph(ns.n, e.src, e.dst, edgeWeights(e.dist, cfg));
}
