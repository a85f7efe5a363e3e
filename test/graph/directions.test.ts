import { describe, expect, it } from 'vitest';
import { latticeEdges } from '../../src/graph/lattice';
import { undirectedGraph } from '../../src/graph/graph';
import { GraphInput } from '../../src/nn/graph_input';
import { DIRECTIONS } from '../../src/nn/graph_input';
import { SAGELayer } from '../../src/nn/sage';
import { Tensor } from '../../src/tensor/tensor';
import { makeRng } from '../../src/util/rng';

/** Two lines × three stations × four layers: cell (l, s, k) at x = 20 s, y = 200 l, z = −5 k. */
function section() {
  const x: number[] = [], y: number[] = [], z: number[] = [], line: number[] = [];
  for (let l = 0; l < 2; l++) for (let s = 0; s < 3; s++) for (let k = 0; k < 4; k++) { x.push(20 * s); y.push(200 * l); z.push(-5 * k + 0.3 * s); line.push(l); }
  const nodes = { x: Float64Array.from(x), y: Float64Array.from(y), z: Float64Array.from(z), line: Int32Array.from(line) };
  return { nodes, cell: (l: number, s: number, k: number) => l * 12 + s * 4 + k };
}

describe('directions in a layered section', () => {
  it('lattice verticalReach links each cell to the cells up to r layers above and below in its sounding', () => {
    const { nodes, cell } = section();
    const e = latticeEdges(nodes, 0, [1, 1, 1], 2);
    const pairs = new Set(Array.from(e.src, (a, k) => `${Math.min(a, e.dst[k])}-${Math.max(a, e.dst[k])}`));
    expect(pairs.has(`${cell(0, 1, 0)}-${cell(0, 1, 2)}`)).toBe(true);
    expect(pairs.has(`${cell(0, 1, 0)}-${cell(0, 1, 3)}`)).toBe(false);
    // per sounding: 3 adjacent + 2 two apart; along the line: 4 per station pair
    expect(pairs.size).toBe(2 * 3 * 5 + 2 * 2 * 4);
  });

  it('splits neighbours into above, below and beside, and the directional SAGE layer tells a conductor above from one below', () => {
    const { nodes, cell } = section();
    const e = latticeEdges(nodes, 0);
    const g = new GraphInput(undirectedGraph(24, e.src, e.dst, null).adj, nodes);
    const [above, below, level] = g.directionalMeans('float64');
    const row = (a: typeof above, i: number) => Array.from(a.col.subarray(a.rowPtr[i], a.rowPtr[i + 1])).sort((p, q) => p - q);
    const mid = cell(0, 1, 1);
    expect(row(above, mid)).toEqual([cell(0, 1, 0)]);
    expect(row(below, mid)).toEqual([cell(0, 1, 2)]);
    expect(row(level, mid)).toEqual([cell(0, 0, 1), cell(0, 2, 1)]);
    expect(row(above, cell(0, 1, 0))).toEqual([]);
    // one feature: 1 at the cell above the middle one, or at the cell below it
    const one = (i: number) => { const v = new Float64Array(24); v[i] = 1; return new Tensor(v, [24, 1]); };
    const ctx = { graph: g, training: false, rng: makeRng(0) };
    const plain = new SAGELayer(1, 1, makeRng(1), 'float64'), directional = new SAGELayer(1, 1, makeRng(1), 'float64', [...DIRECTIONS]);
    const at = (layer: SAGELayer, x: Tensor) => layer.forward(x, ctx).data[mid];
    expect(at(plain, one(cell(0, 1, 0)))).toBeCloseTo(at(plain, one(cell(0, 1, 2))), 12);
    expect(Math.abs(at(directional, one(cell(0, 1, 0))) - at(directional, one(cell(0, 1, 2))))).toBeGreaterThan(1e-3);
  });

  it('refuses directions without elevations', () => {
    const { nodes } = section();
    const e = latticeEdges(nodes, 0);
    const g = new GraphInput(undirectedGraph(24, e.src, e.dst, null).adj, { x: nodes.x, y: nodes.y, z: null });
    expect(() => g.directionalMeans('float32')).toThrow(/needs node elevations/);
  });
});
