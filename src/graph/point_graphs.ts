import Delaunator from 'delaunator';
import { GridIndex } from '../spatial/grid_index';
import { knnAll, radiusAll } from '../spatial/queries';
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
