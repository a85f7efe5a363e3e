import Delaunator from 'delaunator';
import { GridIndex } from '../spatial/grid_index';
import { knnAll, radiusAll } from '../spatial/queries';
import { rootOf, scaleCoords } from '../spatial/metric';
import { NeighbourHeap } from '../spatial/neighbour_heap';
import type { EdgeList } from './graph';

/** Row-major point coordinates with their dimension. */
export interface Points {
  coords: Float64Array;
  dim: number;
}

/** Each point linked to its k nearest others (directed; the graph symmetrises). */
export function knnEdges(pts: Points, k: number, scale?: number[], p = 2): EdgeList {
  const r = knnAll(new GridIndex(pts.coords, pts.dim, { scale, p }), k);
  const n = pts.coords.length / pts.dim;
  let m = 0;
  for (let e = 0; e < r.idx.length; e++) if (r.idx[e] >= 0) m++;
  const src = new Int32Array(m), dst = new Int32Array(m), dist = new Float64Array(m);
  let e = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) {
    const t = r.idx[i * k + j];
    if (t < 0) continue;
    src[e] = i; dst[e] = t; dist[e] = r.dist[i * k + j]; e++;
  }
  return { src, dst, dist };
}

/** Every pair within distance r. */
export function radiusEdges(pts: Points, r: number, scale?: number[], p = 2): EdgeList {
  return radiusAll(new GridIndex(pts.coords, pts.dim, { scale, p }), r);
}

/** Delaunay triangulation of the first two coordinates (scaled), each triangle side once. */
export function delaunayEdges(pts: Points, scale?: number[]): EdgeList {
  const n = pts.coords.length / pts.dim;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = pts.coords[i * pts.dim] * (scale?.[0] ?? 1);
    xy[2 * i + 1] = pts.coords[i * pts.dim + 1] * (scale?.[1] ?? 1);
  }
  if (n < 3) return { src: new Int32Array(0), dst: new Int32Array(0), dist: new Float64Array(0) };
  const d = new Delaunator(xy);
  const src: number[] = [], dst: number[] = [], dist: number[] = [];
  for (let e = 0; e < d.triangles.length; e++) {
    // each interior edge appears as two half-edges; keep the one with the larger index
    if (d.halfedges[e] > e) continue;
    const a = d.triangles[e];
    const b = d.triangles[e % 3 === 2 ? e - 2 : e + 1];
    src.push(a); dst.push(b);
    dist.push(Math.hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]));
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), dist: Float64Array.from(dist) };
}

/**
 * Each point linked to its k nearest points of *other* groups (wells, flight lines): for each
 * group, one index over everyone else, queried with the group's points. Within-group links come
 * from another builder (depth neighbours, say); these tie a well to its neighbours.
 */
export function crossGroupKnnEdges(pts: Points, group: Int32Array, k: number, scale?: number[], p = 2): EdgeList {
  const n = pts.coords.length / pts.dim;
  const dim = pts.dim;
  const scaled = scaleCoords(pts.coords, dim, scale);
  const idx = new Int32Array(n * k).fill(-1);
  const dist = new Float64Array(n * k);
  const heap = new NeighbourHeap(k);
  for (const g of [...new Set(group)]) {
    const others = Int32Array.from({ length: n }, (_, i) => i).filter((i) => group[i] !== g);
    if (others.length === 0) continue;
    const sub = new Float64Array(others.length * dim);
    others.forEach((i, r) => sub.set(scaled.subarray(i * dim, i * dim + dim), r * dim));
    const index = new GridIndex(sub, dim, { p });
    for (let i = 0; i < n; i++) {
      if (group[i] !== g) continue;
      index.searchKnn(scaled, i * dim, -1, heap);
      for (let j = 0; j < heap.size; j++) {
        idx[i * k + j] = others[heap.idx[j]];
        dist[i * k + j] = rootOf(heap.dist[j], p);
      }
    }
  }
  const keep = Int32Array.from({ length: n * k }, (_, e) => e).filter((e) => idx[e] >= 0);
  return { src: keep.map((e) => Math.floor(e / k)), dst: keep.map((e) => idx[e]), dist: Float64Array.from(keep, (e) => dist[e]) };
}
