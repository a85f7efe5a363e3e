import { CSR } from './csr';

/*
 * Node orders for locality: sparse kernels gather each row's neighbours, and when neighbours sit
 * far apart in memory every gather is a cache miss. Numbering nodes along a space-filling curve
 * (spatial graphs) or by breadth-first levels from a peripheral node (reverse Cuthill–McKee, for
 * graphs without coordinates) puts neighbours near each other. An order is `order[new] = old`.
 */

/** Bits per axis of the curve's grid: keys of 32 (2-D) and 48 bits (3-D), exact as doubles. */
const BITS_2D = 16, BITS_3D = 16;

/** Position of a cell on the Hilbert curve of order `bits` (Skilling's transpose form, any dimension). */
export function hilbertKey(cell: number[], bits: number): number {
  const d = cell.length;
  const x = cell.slice();
  // inverse undo of the Gray code: axes to the transposed Hilbert index
  for (let q = 1 << (bits - 1); q > 1; q >>>= 1) {
    const p = q - 1;
    for (let i = 0; i < d; i++) {
      if (x[i] & q) x[0] ^= p;
      else { const t = (x[0] ^ x[i]) & p; x[0] ^= t; x[i] ^= t; }
    }
  }
  for (let i = 1; i < d; i++) x[i] ^= x[i - 1];
  let t = 0;
  for (let q = 1 << (bits - 1); q > 1; q >>>= 1) if (x[d - 1] & q) t ^= q - 1;
  for (let i = 0; i < d; i++) x[i] ^= t;
  // interleave the transposed bits, most significant first, into one key (exact as a double up to 53 bits)
  let key = 0;
  for (let b = bits - 1; b >= 0; b--) for (let i = 0; i < d; i++) key = key * 2 + ((x[i] >>> b) & 1);
  return key;
}

/** Nodes in Hilbert-curve order of their coordinates (dim 2 or 3, row-major n × dim); ties by index. */
export function hilbertOrder(coords: ArrayLike<number>, n: number, dim: 2 | 3): Int32Array {
  const bits = dim === 2 ? BITS_2D : BITS_3D;
  const lo = new Array<number>(dim).fill(Infinity), hi = new Array<number>(dim).fill(-Infinity);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) { const v = coords[i * dim + a]; if (!Number.isFinite(v)) continue; if (v < lo[a]) lo[a] = v; if (v > hi[a]) hi[a] = v; }
  // one scale for all axes keeps the curve's cells square; points without finite coordinates go last
  for (let a = 0; a < dim; a++) if (!(hi[a] >= lo[a])) { lo[a] = 0; hi[a] = 0; }
  const span = Math.max(...hi.map((h, a) => h - lo[a])) || 1;
  const top = 2 ** bits - 1;
  const key = new Float64Array(n);
  const cell = new Array<number>(dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) { const v = coords[i * dim + a]; cell[a] = Number.isFinite(v) ? Math.min(top, Math.floor(((v - lo[a]) / span) * top)) : top; }
    key[i] = hilbertKey(cell, bits);
  }
  return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
}

/**
 * Reverse Cuthill–McKee: breadth-first from a node of least degree in each component, neighbours
 * taken by increasing degree, the whole order reversed.
 */
export function rcmOrder(adj: CSR): Int32Array {
  const n = adj.nRows;
  const degree = Int32Array.from({ length: n }, (_, i) => adj.rowPtr[i + 1] - adj.rowPtr[i]);
  const byDegree = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[a] - degree[b] || a - b);
  const seen = new Uint8Array(n);
  const order = new Int32Array(n);
  let head = 0, tail = 0;
  const next: number[] = [];
  for (const start of byDegree) {
    if (seen[start]) continue;
    seen[start] = 1;
    order[tail++] = start;
    while (head < tail) {
      const u = order[head++];
      next.length = 0;
      for (let p = adj.rowPtr[u]; p < adj.rowPtr[u + 1]; p++) { const v = adj.col[p]; if (!seen[v]) { seen[v] = 1; next.push(v); } }
      next.sort((a, b) => degree[a] - degree[b] || a - b);
      for (const v of next) order[tail++] = v;
    }
  }
  return order.reverse();
}

/** The inverse of an order: position[old] = new. */
export function inverseOrder(order: Int32Array): Int32Array {
  const inv = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) inv[order[k]] = k;
  return inv;
}

/** A square adjacency renumbered by `order` (row k is old row order[k]; each row keeps its entries' order). */
export function renumberCSR(a: CSR, order: Int32Array): CSR {
  const n = a.nRows;
  if (a.nCols !== n || order.length !== n) throw new Error(`renumberCSR needs a square matrix and an order of its ${n} nodes`);
  const inv = inverseOrder(order);
  const rowPtr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) rowPtr[k + 1] = rowPtr[k] + a.rowPtr[order[k] + 1] - a.rowPtr[order[k]];
  const col = new Int32Array(a.nnz);
  const val = a.val instanceof Float64Array ? new Float64Array(a.nnz) : new Float32Array(a.nnz);
  for (let k = 0; k < n; k++) {
    let q = rowPtr[k];
    for (let p = a.rowPtr[order[k]]; p < a.rowPtr[order[k] + 1]; p++, q++) { col[q] = inv[a.col[p]]; val[q] = a.val[p]; }
  }
  return new CSR(n, n, rowPtr, col, val);
}

/** Mean distance |i − j| between the nodes an edge links: lower means neighbours sit closer in memory. */
export function meanEdgeSpan(a: CSR): number {
  let s = 0;
  for (let i = 0; i < a.nRows; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) s += Math.abs(a.col[p] - i);
  return a.nnz ? s / a.nnz : 0;
}
