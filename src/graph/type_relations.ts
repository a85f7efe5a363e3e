import type { NodeTypes } from '../nn/graph_input';
import { GridIndex } from '../spatial/grid_index';
import { rootOf, scaleCoords } from '../spatial/metric';
import { NeighbourHeap } from '../spatial/neighbour_heap';
import { InputError } from '../util/errors';
import type { GraphConfig } from './graph_config';

type RelationConfig = GraphConfig['relations'][number];

/**
 * The edges of graph.relations (issue #18): each node of type src linked to its k nearest nodes of
 * type dst (itself excluded) by position (x, y and z when there is z, scaled), within the radius
 * when one is set. Ties go to the lower node index, as in every kNN here.
 */
export function relationEdges(rel: RelationConfig, key: string, types: NodeTypes, pos: { x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> | null }): { src: number[]; dst: number[] } {
  const src = types.names.indexOf(rel.src), dst = types.names.indexOf(rel.dst);
  for (const [name, t] of [[rel.src, src], [rel.dst, dst]] as const) if (t < 0) throw new InputError(`no node type '${name}' (types: ${types.names.join(', ')})`, { key });
  const dim = pos.z ? 3 : 2;
  if (rel.scale && rel.scale.length !== dim) throw new InputError(`scale has ${rel.scale.length} values for ${dim} coordinates`, { key: `${key}.scale` });
  const n = types.of.length;
  const coords = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    coords[i * dim] = pos.x[i]; coords[i * dim + 1] = pos.y[i];
    if (pos.z) coords[i * dim + 2] = pos.z[i];
  }
  const scaled = scaleCoords(coords, dim, rel.scale ?? undefined);
  const targets = Int32Array.from({ length: n }, (_, i) => i).filter((i) => types.of[i] === dst);
  const out = { src: [] as number[], dst: [] as number[] };
  if (targets.length === 0) return out;
  const sub = new Float64Array(targets.length * dim);
  targets.forEach((i, r) => sub.set(scaled.subarray(i * dim, i * dim + dim), r * dim));
  const index = new GridIndex(sub, dim);
  const at = new Map(Array.from(targets, (i, r) => [i, r]));
  const heap = new NeighbourHeap(rel.k);
  for (let i = 0; i < n; i++) {
    if (types.of[i] !== src) continue;
    // a node never links to itself when src and dst are one type
    index.searchKnn(scaled, i * dim, at.get(i) ?? -1, heap);
    for (let j = 0; j < heap.size; j++) {
      if (rel.radius !== null && rootOf(heap.dist[j], 2) > rel.radius) continue;
      out.src.push(i);
      out.dst.push(targets[heap.idx[j]]);
    }
  }
  return out;
}
