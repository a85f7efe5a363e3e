import { allocInt } from '../util/float';
import { rowTasks, runRows, type TaskArray } from '../util/thread_pool';
import { GridIndex } from './grid_index';
import { rootOf } from './metric';
import { NeighbourHeap } from './neighbour_heap';

/** Neighbour lists in flat arrays: point i's neighbours are idx[i*k .. i*k+k), −1 where fewer exist. */
export interface KnnResult {
  k: number;
  idx: Int32Array;
  /** Distances (not powered) matching idx; NaN where idx is −1. */
  dist: Float64Array;
}

/**
 * Exact k nearest neighbours of every indexed point among the others, ascending by distance then
 * index. Queries run in cell order (consecutive queries touch the same memory) and are split
 * across worker threads by blocks of that order; each point's row is written by one thread.
 */
export function knnAll(index: GridIndex, k: number): KnnResult {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  const n = index.n;
  const idx = allocInt(n * k).fill(-1);
  const dist = new Float64Array(new SharedArrayBuffer(8 * n * k)).fill(NaN);
  const { arrays, sizes } = index.parts();
  runRows(spatialTasks.knnRows, [...arrays, idx, dist], [...sizes, k], n, n * k * 8);
  return { k, idx, dist };
}

/** Row function: kNN for the points at cell-order positions [r0, r1). */
export function knnRows(a: TaskArray[], s: number[], r0: number, r1: number): void {
  const index = GridIndex.fromParts(a.slice(0, 6), s.slice(0, 4));
  const k = s[4];
  const idx = a[6] as Int32Array;
  const dist = a[7] as Float64Array;
  const heap = new NeighbourHeap(k);
  for (let pos = r0; pos < r1; pos++) {
    const id = index.order[pos];
    index.searchKnn(index.pts, pos * index.dim, id, heap);
    const m = heap.size;
    for (let j = 0; j < m; j++) {
      idx[id * k + j] = heap.idx[j];
      dist[id * k + j] = rootOf(heap.dist[j], index.p);
    }
  }
}

const spatialTasks = rowTasks(__filename, { knnRows }, { knnRows: [6, 7] });

/** Directed pairs (i, j) with dist(i, j) ≤ r, i ≠ j, grouped by i ascending and by (distance, j) within. */
export function radiusAll(index: GridIndex, r: number): { src: Int32Array; dst: Int32Array; dist: Float64Array } {
  if (!(r >= 0)) throw new Error(`radius must be a non-negative number, got ${r}`);
  const n = index.n;
  const perPoint: { idx: number[]; d: number[] }[] = new Array(n);
  let total = 0;
  for (let pos = 0; pos < n; pos++) {
    const id = index.order[pos];
    const li: number[] = [], ld: number[] = [];
    index.searchRadius(index.pts, pos * index.dim, id, r, li, ld);
    const ord = li.map((_, t) => t).sort((a, b) => ld[a] - ld[b] || li[a] - li[b]);
    perPoint[id] = { idx: ord.map((t) => li[t]), d: ord.map((t) => ld[t]) };
    total += li.length;
  }
  const src = new Int32Array(total), dst = new Int32Array(total), dist = new Float64Array(total);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const { idx, d } = perPoint[i];
    for (let t = 0; t < idx.length; t++, e++) {
      src[e] = i; dst[e] = idx[t]; dist[e] = rootOf(d[t], index.p);
    }
  }
  return { src, dst, dist };
}
