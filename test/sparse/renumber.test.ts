import { describe, expect, it } from 'vitest';
import { spmmRows } from '../../src/kernels/spmm';
import { CSR } from '../../src/sparse/csr';
import { hilbertKey, hilbertOrder, inverseOrder, meanEdgeSpan, rcmOrder, renumberCSR } from '../../src/sparse/renumber';
import { makeRng, shuffle } from '../../src/util/rng';

/** Every cell of a 2^bits grid in d dimensions, in curve order. */
function curve(bits: number, d: number): number[][] {
  const side = 2 ** bits;
  const cells = Array.from({ length: side ** d }, (_, i) => Array.from({ length: d }, (_, a) => Math.floor(i / side ** a) % side));
  return cells.sort((a, b) => hilbertKey(a, bits) - hilbertKey(b, bits));
}

/** A symmetric adjacency from an edge list. */
function graph(n: number, edges: [number, number][]): CSR {
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (const [u, v] of edges) { rows[u].push(v); rows[v].push(u); }
  const rowPtr = new Int32Array(n + 1);
  rows.forEach((r, i) => { rowPtr[i + 1] = rowPtr[i] + r.length; });
  return new CSR(n, n, rowPtr, Int32Array.from(rows.flat()), Float32Array.from(rows.flat(), (_, k) => 1 + (k % 7) / 10));
}

describe('node orders for locality', () => {
  it('the Hilbert curve visits every cell once, each a step from the last (2-D and 3-D)', () => {
    for (const [bits, d] of [[4, 2], [3, 3]]) {
      const cells = curve(bits, d);
      const keys = new Set(cells.map((c) => hilbertKey(c, bits)));
      expect(keys.size).toBe(cells.length);
      for (let k = 1; k < cells.length; k++) expect(cells[k].reduce((s, v, a) => s + Math.abs(v - cells[k - 1][a]), 0)).toBe(1);
    }
  });

  it('a Hilbert order of random points is a permutation that brings neighbours far closer than a random numbering', () => {
    const n = 1500, rng = makeRng(3);
    const coords = Float64Array.from({ length: 2 * n }, () => rng.next() * 1000);
    const order = hilbertOrder(coords, n, 2);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    // neighbours: the 4 nearest points by brute force
    const edges: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const d = Array.from({ length: n }, (_, j) => [(coords[2 * i] - coords[2 * j]) ** 2 + (coords[2 * i + 1] - coords[2 * j + 1]) ** 2, j]).sort((a, b) => a[0] - b[0]);
      for (let k = 1; k <= 4; k++) edges.push([i, d[k][1]]);
    }
    const g = graph(n, edges);
    expect(meanEdgeSpan(renumberCSR(g, order))).toBeLessThan(meanEdgeSpan(g) / 10);
  });

  it('orders 3-D points along the curve too, and puts points without finite coordinates last without spoiling the others', () => {
    // a 4 × 4 × 4 grid of points, shuffled, and one point at infinity: consecutive grid points in the order are neighbours
    const cells = curve(2, 3).map((c) => c.map((v) => v * 10));
    const perm = cells.map((_, i) => i);
    shuffle(perm, makeRng(9));
    const coords = Float64Array.from([...perm.flatMap((i) => cells[i]), Infinity, 0, 0]);
    const order = hilbertOrder(coords, cells.length + 1, 3);
    expect(order[order.length - 1]).toBe(cells.length);
    const pts = [...order].slice(0, -1).map((k) => cells[perm[k]]);
    for (let k = 1; k < pts.length; k++) expect(pts[k].reduce((s, v, a) => s + Math.abs(v - pts[k - 1][a]), 0)).toBe(10);
  });

  it('reverse Cuthill–McKee numbers a shuffled path along the path', () => {
    const n = 200, perm = Array.from({ length: n }, (_, i) => i);
    shuffle(perm, makeRng(5));
    const g = graph(n, Array.from({ length: n - 1 }, (_, i) => [perm[i], perm[i + 1]] as [number, number]));
    expect(meanEdgeSpan(g)).toBeGreaterThan(20);
    expect(meanEdgeSpan(renumberCSR(g, rcmOrder(g)))).toBe(1);
  });

  it('SpMM on the renumbered graph is the renumbered SpMM, value for value', () => {
    const n = 300, rng = makeRng(8);
    const edges = Array.from({ length: 1500 }, () => [rng.int(n), rng.int(n)] as [number, number]);
    const g = graph(n, edges), order = rcmOrder(g), inv = inverseOrder(order), F = 13;
    const X = Float32Array.from({ length: n * F }, () => rng.normal());
    const Y = new Float32Array(n * F);
    spmmRows(g.rowPtr, g.col, g.val, null, X, Y, 1, F, 0, n);
    const Xr = new Float32Array(n * F);
    for (let k = 0; k < n; k++) Xr.set(X.subarray(order[k] * F, order[k] * F + F), k * F);
    const r = renumberCSR(g, order), Yr = new Float32Array(n * F);
    spmmRows(r.rowPtr, r.col, r.val, null, Xr, Yr, 1, F, 0, n);
    // each row keeps its entries' order, so every sum is the same sum
    for (let i = 0; i < n; i++) expect(Array.from(Yr.subarray(inv[i] * F, inv[i] * F + F))).toEqual(Array.from(Y.subarray(i * F, i * F + F)));
  });
});
