import { describe, expect, it } from 'vitest';
import { generateSurvey } from '../../src/data/synthetic_survey';
import { SurveySection, type SurveyConfig } from '../../src/data/survey_config';
import { DataSection } from '../../src/data/data_config';
import { withDefaults } from '../../src/util/schema';
import { buildNodeSet } from '../../src/data/node_set';
import { syntheticRoles } from '../../src/data/load';
import { latticeEdges } from '../../src/graph/lattice';
import { lineKnnEdges } from '../../src/graph/line_knn';
import { undirectedGraph } from '../../src/graph/graph';
import { edgeWeights } from '../../src/graph/edge_weights';
import { graphStats } from '../../src/graph/stats';
import { crossGroupKnnEdges, delaunayEdges, knnEdges } from '../../src/graph/point_graphs';
import { makeRng, shuffle } from '../../src/util/rng';
import { bruteKnn } from '../helpers/brute_force';

function survey(over: Partial<SurveyConfig>) {
  const t = generateSurvey(withDefaults(SurveySection, over), 1);
  return buildNodeSet(t, syntheticRoles(withDefaults(DataSection), t));
}

function neighbours(g: ReturnType<typeof undirectedGraph>, i: number): number[] {
  return Array.from(g.adj.col.subarray(g.adj.rowPtr[i], g.adj.rowPtr[i + 1]));
}

describe('lattice of a layered survey', () => {
  const L = 3, S = 7, K = 9;
  const ns = survey({ lines: L, stationsPerLine: S, layers: K });
  it('infers layers, stations and lines, nothing hard-coded', () => {
    const e = latticeEdges({ x: ns.x, y: ns.y, z: ns.z, line: ns.group }, 0);
    const g = undirectedGraph(ns.n, e.src, e.dst, null);
    // without links across lines: per line (S·(K−1) vertical + (S−1)·K along) edges
    expect(g.numEdges).toBe(L * (S * (K - 1) + (S - 1) * K));
    // generator order is line, station, layer: node (l, s, k) = (l·S + s)·K + k
    const id = (l: number, s: number, k: number) => (l * S + s) * K + k;
    expect(neighbours(g, id(1, 3, 4))).toEqual([id(1, 2, 4), id(1, 3, 3), id(1, 3, 5), id(1, 4, 4)]);
    expect(neighbours(g, id(0, 0, 0))).toEqual([id(0, 0, 1), id(0, 1, 0)]);
  });
  it('does not depend on the order of the input rows', () => {
    const perm = Array.from({ length: ns.n }, (_, i) => i);
    shuffle(perm, makeRng(3));
    const pick = <T extends Float64Array | Int32Array>(a: T) => Float64Array.from(perm, (i) => a[i]);
    const e1 = latticeEdges({ x: ns.x, y: ns.y, z: ns.z, line: ns.group }, 1);
    const e2 = latticeEdges({ x: pick(ns.x), y: pick(ns.y), z: pick(ns.z!), line: Int32Array.from(perm, (i) => ns.group[i]) }, 1);
    const norm = (src: Int32Array, dst: Int32Array, map: (i: number) => number) =>
      Array.from(src, (s, k) => [map(s), map(dst[k])].sort((a, b) => a - b).join('-')).sort();
    expect(norm(e2.src, e2.dst, (i) => perm[i])).toEqual(norm(e1.src, e1.dst, (i) => i));
  });
  it('links each station to the nearest station of each neighbouring line, layer by layer', () => {
    const e = latticeEdges({ x: ns.x, y: ns.y, z: ns.z, line: ns.group }, 1);
    const g = undirectedGraph(ns.n, e.src, e.dst, null);
    const st = graphStats(g);
    expect(st.components).toBe(1);
    expect(st.isolated).toBe(0);
    // a middle-line node has links to both neighbouring lines
    const i = (1 * S + 3) * K + 2;
    const lines = new Set(neighbours(g, i).map((j) => ns.group[j]));
    expect([...lines].sort()).toEqual([0, 1, 2]);
  });
});

describe('per-line mixed-space kNN', () => {
  it('equals a brute-force L1 search within each line on min-max scaled, weighted columns', () => {
    const ns = survey({ lines: 3, stationsPerLine: 6, layers: 8 });
    const cond = Float64Array.from(ns.table.columns.get('cond')!, Number);
    const cols = [ns.x, ns.y, ns.z!, cond];
    const weights = [1, 0.5, 2, 1];
    const e = lineKnnEdges(cols, weights, ns.group, 5, 1);
    for (const line of [0, 1, 2]) {
      const ids = Array.from({ length: ns.n }, (_, i) => i).filter((i) => ns.group[i] === line);
      const pts: number[] = [];
      const scaled = cols.map((c) => {
        let lo = Infinity, hi = -Infinity;
        for (const v of c) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return c.map((v) => (v - lo) / (hi - lo));
      });
      for (const i of ids) for (let d = 0; d < 4; d++) pts.push(scaled[d][i] * weights[d]);
      const want = bruteKnn(pts, 4, 5, 1);
      const got: number[] = [];
      for (let k = 0; k < e.src.length; k++) if (ns.group[e.src[k]] === line) got.push(ids.indexOf(e.dst[k]));
      expect(got).toEqual(Array.from(want));
      for (let k = 0; k < e.src.length; k++) expect(ns.group[e.dst[k]]).toBe(ns.group[e.src[k]]);
    }
  });
});

describe('undirected graphs, weights and statistics', () => {
  it('symmetrises, drops self-loops and merges duplicates keeping the larger weight', () => {
    const g = undirectedGraph(4, [0, 1, 2, 2, 3], [1, 0, 2, 0, 0], [0.5, 0.9, 7, 0.2, 0.3]);
    expect(g.numEdges).toBe(3);
    expect(Array.from(g.adj.rowPtr)).toEqual([0, 3, 4, 5, 6]);
    expect(Array.from(g.adj.col)).toEqual([1, 2, 3, 0, 0, 0]);
    expect(Array.from(g.adj.val).map((v) => +v.toFixed(3))).toEqual([0.9, 0.2, 0.3, 0.9, 0.2, 0.3]);
  });
  it('weights from distance', () => {
    const d = Float64Array.from([1, 2, 3]);
    expect(Array.from(edgeWeights(d, { weight: 'minmax', sigma: null })!)).toEqual([1, 0.5, 0]);
    expect(Array.from(edgeWeights(d, { weight: 'inverse', sigma: null })!)).toEqual([1, 0.5, 1 / 3]);
    expect(edgeWeights(d, { weight: 'gaussian', sigma: 2 })![1]).toBeCloseTo(Math.exp(-0.5), 12);
    expect(edgeWeights(d, { weight: 'none', sigma: null })).toBeNull();
  });
  it('statistics: degrees, isolated nodes and components', () => {
    const g = undirectedGraph(6, [0, 1, 3], [1, 2, 4], null);
    expect(graphStats(g)).toMatchObject({ nodes: 6, edges: 3, degreeMin: 0, degreeMax: 2, isolated: 1, components: 3, largestComponent: 3 });
  });
  it('kNN graph edges match the brute-force neighbours', () => {
    const rng = makeRng(4);
    const coords = Float64Array.from({ length: 300 }, () => rng.next());
    const e = knnEdges({ coords, dim: 3 }, 4);
    expect(Array.from(e.dst)).toEqual(Array.from(bruteKnn(coords, 3, 4)));
  });
  it('Delaunay graph of a square with its centre: 4 sides and 4 spokes', () => {
    const e = delaunayEdges({ coords: Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1, 0.5, 0.5]), dim: 2 });
    const g = undirectedGraph(5, e.src, e.dst, null);
    expect(g.numEdges).toBe(8);
    expect(neighbours(g, 4)).toEqual([0, 1, 2, 3]);
  });
});

describe('cross-group kNN (links between wells or lines)', () => {
  it('links each point to its k nearest points of other groups, as brute force does', () => {
    const rng = makeRng('xg');
    const n = 300, k = 3;
    const coords = Float64Array.from({ length: 3 * n }, () => Math.round(rng.next() * 20));
    const group = Int32Array.from({ length: n }, (_, i) => i % 4);
    const e = crossGroupKnnEdges({ coords, dim: 3 }, group, k, [1, 1, 2]);
    expect(e.src.length).toBe(n * k);
    const d = (i: number, j: number) => Math.hypot(coords[3 * i] - coords[3 * j], coords[3 * i + 1] - coords[3 * j + 1], 2 * (coords[3 * i + 2] - coords[3 * j + 2]));
    for (let i = 0; i < n; i++) {
      const want = Array.from({ length: n }, (_, j) => j).filter((j) => group[j] !== group[i]).sort((a, b) => d(i, a) - d(i, b) || a - b).slice(0, k);
      const got = Array.from(e.dst.subarray(i * k, i * k + k));
      expect(got).toEqual(want);
      for (let j = 0; j < k; j++) expect(e.dist[i * k + j]).toBeCloseTo(d(i, want[j]), 12);
    }
  });
});
