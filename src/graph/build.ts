import type { GraphConfig, RecipeItemConfig } from './graph_config';
import { numericColumn } from '../data/csv';
import type { NodeSet } from '../data/node_set';
import { InputError } from '../util/errors';
import { edgeWeights } from './edge_weights';
import { undirectedGraph, type EdgeList, type Graph } from './graph';
import { groupDepthEdges } from './group_depth';
import { latticeEdges } from './lattice';
import { lineKnnEdges } from './line_knn';
import { crossGroupKnnEdges, delaunayEdges, knnEdges, radiusEdges, type Points } from './point_graphs';

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

/**
 * A column's value per node: the coordinates 'x', 'y', 'z' or a node-table column (after
 * data.transforms, so a transform's output can be used). With allowMissing, empty cells are NaN.
 */
export function nodeValues(ns: NodeSet, column: string, role: string, key: string, allowMissing = false): Float64Array {
  if (column === 'x') return ns.x;
  if (column === 'y') return ns.y;
  if (column === 'z') {
    if (!ns.z) throw new InputError(`${role} is 'z' but the data has no z column`, { key });
    return ns.z;
  }
  if (!ns.table.columns.has(column)) throw new InputError(`${role} '${column}' is not a column of the node table (columns are: ${ns.table.header.map((h) => `'${h}'`).join(', ')}; or x, y, z)`, { file: ns.table.file, key });
  const all = numericColumn(ns.table, column, role, allowMissing);
  return Float64Array.from(ns.rowOf, (r) => all[r - 1]);
}

/** The builders a graph config runs: its recipes for 'union', else the one its method names. */
export function recipeOf(cfg: GraphConfig): { item: RecipeItemConfig; key: string }[] {
  if (cfg.method === 'union') return cfg.recipes.map((item, i) => ({ item, key: `graph.recipes[${i}]` }));
  const { method, k, radius, scale, acrossK, verticalReach, lineColumns, lineWeights, p, weight, sigma } = cfg;
  const item = { method, k, radius, scale, acrossK, verticalReach, lineColumns, lineWeights, p, weight, sigma } as RecipeItemConfig;
  return [{ item, key: 'graph' }];
}

/**
 * Whether the graph recipe needs every node's coordinates (every builder but line-knn over other
 * columns, group-depth and cross-group-knn, which leave out nodes without a value).
 */
export function graphReadsCoordinates(cfg: GraphConfig): boolean {
  return recipeOf(cfg).some(({ item }) => {
    if (item.method === 'group-depth' || item.method === 'cross-group-knn') return false;
    if (item.method === 'line-knn') return item.lineColumns.some((c) => c === 'x' || c === 'y' || c === 'z');
    return true;
  });
}

const count = (n: number) => n.toLocaleString('en');

/** One builder's directed edges for a node set; `key` names its config (graph, graph.recipes[i]) in errors and notes. */
export function buildEdges(ns: NodeSet, item: RecipeItemConfig, key = 'graph', notes: string[] = []): EdgeList {
  const coordinateScale = (scale: number[]) => {
    const dim = ns.z ? 3 : 2;
    if (scale.length < dim || scale.slice(dim).some((s) => s !== 1)) {
      throw new InputError(`has ${scale.length} entries but the data has ${dim} coordinates (${dim === 3 ? 'x, y, z' : 'x, y'})`, { key: `${key}.scale` });
    }
    return scale.slice(0, dim);
  };
  switch (item.method) {
    case 'knn': return knnEdges(nodePoints(ns), item.k, coordinateScale(item.scale), item.p);
    case 'radius': return radiusEdges(nodePoints(ns), item.radius, coordinateScale(item.scale), item.p);
    case 'delaunay': return delaunayEdges(nodePoints(ns), coordinateScale(item.scale));
    case 'lattice': coordinateScale(item.scale); return latticeEdges({ x: ns.x, y: ns.y, z: ns.z, line: ns.group }, item.acrossK, item.scale, item.verticalReach);
    case 'line-knn': {
      if (item.lineWeights.length !== item.lineColumns.length) throw new InputError(`has ${item.lineWeights.length} weight(s) for ${item.lineColumns.length} line column(s)`, { key: `${key}.lineWeights` });
      const cols = item.lineColumns.map((c) => nodeValues(ns, c, 'a line-knn column', `${key}.lineColumns`));
      return lineKnnEdges(cols, item.lineWeights, ns.group, item.k, item.p);
    }
    case 'group-depth': {
      const depth = nodeValues(ns, item.along, 'the depth column of group-depth', `${key}.along`, true);
      const missing = depth.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0);
      if (missing) notes.push(`${key} (group-depth): ${count(missing)} of ${count(ns.n)} nodes have no '${item.along}' value: no depth link`);
      return groupDepthEdges(depth, ns.group, item.k, item.maxGap);
    }
    case 'cross-group-knn': return crossGroupEdges(ns, item, key, notes);
    default: throw new InputError(`unknown graph method '${(item as { method: string }).method}'`, { key: `${key}.method` });
  }
}

/**
 * Links to the k nearest samples of other groups in the item's space: each column optionally
 * standardised over all nodes (no label read), then multiplied by its scale; nodes missing a value
 * are left out of this builder (neither linked nor linked to).
 */
function crossGroupEdges(ns: NodeSet, item: Extract<RecipeItemConfig, { method: 'cross-group-knn' }>, key: string, notes: string[]): EdgeList {
  const D = item.columns.length;
  if (item.scale !== null && item.scale.length !== D) throw new InputError(`has ${item.scale.length} entries for ${D} column(s) (${item.columns.join(', ')})`, { key: `${key}.scale` });
  // copies: 'x', 'y', 'z' are the node set's own arrays, which standardising must not change
  const cols = item.columns.map((c) => Float64Array.from(nodeValues(ns, c, 'a cross-group-knn column', `${key}.columns`, true)));
  if (item.standardize) {
    for (const c of cols) {
      let m = 0, q = 0, cnt = 0;
      for (const v of c) if (!Number.isNaN(v)) { m += v; cnt++; }
      m /= Math.max(1, cnt);
      for (const v of c) if (!Number.isNaN(v)) q += (v - m) ** 2;
      const sd = cnt > 1 && q > 0 ? Math.sqrt(q / (cnt - 1)) : 1;
      for (let i = 0; i < c.length; i++) c[i] = (c[i] - m) / sd;
    }
  }
  const placed: number[] = [];
  for (let i = 0; i < ns.n; i++) if (cols.every((c) => Number.isFinite(c[i]))) placed.push(i);
  if (placed.length < ns.n) notes.push(`${key} (cross-group-knn): ${count(ns.n - placed.length)} of ${count(ns.n)} nodes lack a value of ${item.columns.join(', ')}: no link to other groups`);
  const coords = new Float64Array(placed.length * D);
  placed.forEach((i, r) => { for (let d = 0; d < D; d++) coords[r * D + d] = cols[d][i]; });
  const group = Int32Array.from(placed, (i) => ns.group[i]);
  if (new Set(group).size < 2) notes.push(`${key} (cross-group-knn): the nodes form ${new Set(group).size} group(s): no link across groups`);
  const e = crossGroupKnnEdges({ coords, dim: D }, group, item.k, item.scale ?? undefined, item.p);
  return { src: e.src.map((r) => placed[r]), dst: e.dst.map((r) => placed[r]), dist: e.dist };
}

/**
 * Build, weight and symmetrise. A union runs each recipe and weights its edges by its own weight
 * and sigma ('none': 1); an edge several builders give is kept once, with the largest weight. The
 * graph is weighted when any builder is. `notes` receives what a builder left out.
 */
export function buildGraph(ns: NodeSet, cfg: GraphConfig, notes: string[] = []): Graph {
  const recipe = recipeOf(cfg);
  if (recipe.length === 0) throw new InputError("method 'union' needs at least one builder in graph.recipes", { key: 'graph.recipes' });
  const parts = recipe.map(({ item, key }) => {
    const e = buildEdges(ns, item, key, notes);
    return { e, w: edgeWeights(e.dist, item, `${key}.weight`) };
  });
  const total = parts.reduce((s, p) => s + p.e.src.length, 0);
  const what = cfg.method === 'union' ? `union (${cfg.recipes.map((r) => r.method).join(' + ')})` : cfg.method;
  if (total === 0 && ns.n > 1) throw new InputError(`the ${what} graph of ${ns.n} nodes has no edge: check its parameters (k, radius, scale, columns) and the data`, { key: 'graph.method' });
  if (parts.length === 1) return undirectedGraph(ns.n, parts[0].e.src, parts[0].e.dst, parts[0].w);
  const src = new Int32Array(total), dst = new Int32Array(total);
  const weighted = parts.some((p) => p.w !== null);
  const w = weighted ? new Float64Array(total) : null;
  let o = 0;
  for (const p of parts) {
    src.set(p.e.src, o);
    dst.set(p.e.dst, o);
    if (w) { if (p.w) w.set(p.w, o); else w.fill(1, o, o + p.e.src.length); }
    o += p.e.src.length;
  }
  return undirectedGraph(ns.n, src, dst, w);
}
