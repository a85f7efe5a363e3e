import { CSR } from '../sparse/csr';
import { allocFloat, allocInt } from '../util/float';

/** Directed candidate edges from a builder, with the distance that produced each (for weights). */
export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
  /** Distance per edge (NaN where a builder has none). */
  dist: Float64Array;
}

/**
 * An undirected graph stored as a symmetric CSR adjacency (row i = node i's neighbours) with
 * edge weights as values (1 when unweighted). No self-loops, no duplicate edges.
 */
export class Graph {
  /** upperEdges, made once: the writer, the exports and the report all read it (the graph never changes). */
  private upper: { u: Int32Array; v: Int32Array; w: Float32Array } | null = null;

  constructor(readonly adj: CSR, readonly weighted: boolean) {}

  get numNodes(): number { return this.adj.nRows; }
  /** Undirected edges (each counted once). */
  get numEdges(): number { return this.adj.nnz / 2; }

  /** Each undirected edge once, as (u < v) pairs with weights, in row order (shared: do not modify). */
  upperEdges(): { u: Int32Array; v: Int32Array; w: Float32Array } {
    if (this.upper) return this.upper;
    const a = this.adj;
    const m = this.numEdges;
    const u = new Int32Array(m), v = new Int32Array(m), w = new Float32Array(m);
    let e = 0;
    for (let i = 0; i < a.nRows; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.col[p] > i) { u[e] = i; v[e] = a.col[p]; w[e] = a.val[p]; e++; }
    }
    this.upper = { u, v, w };
    return this.upper;
  }
}

/**
 * Make a graph from directed pairs: add every reverse edge, drop self-loops, merge duplicates
 * (keeping the largest weight, so a mutual neighbour pair does not count twice).
 */
export function undirectedGraph(n: number, src: ArrayLike<number>, dst: ArrayLike<number>, weight: ArrayLike<number> | null): Graph {
  const m = src.length;
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    if (src[e] === dst[e]) continue;
    deg[src[e] + 1]++;
    deg[dst[e] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n);
  const cols = new Int32Array(deg[n]);
  const ws = new Float64Array(deg[n]);
  for (let e = 0; e < m; e++) {
    const a = src[e], b = dst[e];
    if (a === b) continue;
    const w = weight === null ? 1 : weight[e];
    cols[fill[a]] = b; ws[fill[a]++] = w;
    cols[fill[b]] = a; ws[fill[b]++] = w;
  }
  // sort each row by column (through a scratch copy) and merge duplicates, compacting in place
  const rowPtr = allocInt(n + 1);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) maxDeg = Math.max(maxDeg, deg[i + 1] - deg[i]);
  const rowCols = new Int32Array(maxDeg), rowW = new Float64Array(maxDeg);
  const order: number[] = [];
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const s = deg[i], len = deg[i + 1] - s;
    order.length = len;
    for (let q = 0; q < len; q++) { rowCols[q] = cols[s + q]; rowW[q] = ws[s + q]; order[q] = q; }
    order.sort((x, y) => rowCols[x] - rowCols[y]);
    const rowStart = nnz;
    for (const q of order) {
      if (nnz > rowStart && cols[nnz - 1] === rowCols[q]) {
        if (rowW[q] > ws[nnz - 1]) ws[nnz - 1] = rowW[q];
        continue;
      }
      cols[nnz] = rowCols[q];
      ws[nnz] = rowW[q];
      nnz++;
    }
    rowPtr[i + 1] = nnz;
  }
  const col = allocInt(nnz);
  const val = allocFloat(nnz, 'float32');
  col.set(cols.subarray(0, nnz));
  for (let p = 0; p < nnz; p++) val[p] = ws[p];
  return new Graph(new CSR(n, n, rowPtr, col, val), weight !== null);
}
