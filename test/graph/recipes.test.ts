import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { ConfigError, type ConfigIssue } from '../../src/config/validate';
import type { Table } from '../../src/data/csv';
import { DataSection } from '../../src/data/data_config';
import { buildNodeSet } from '../../src/data/node_set';
import { buildEdges, buildGraph, graphReadsCoordinates } from '../../src/graph/build';
import type { Graph } from '../../src/graph/graph';
import { GraphSection, type GraphConfig, type RecipeItemConfig } from '../../src/graph/graph_config';
import { groupDepthEdges } from '../../src/graph/group_depth';
import { writeGraphFile } from '../../src/pipeline/graph_file';
import { withDefaults } from '../../src/util/schema';
import { tempDir } from '../helpers/run_config';

/*
 * Graph recipes: builders united. Two wells, A (measured depths 0, 1, 2, 10) and B (0, 1.5 and a
 * sample without depth or z), 100 m apart; every edge below is worked out by hand.
 */
const ROWS = [
  ['0', 'A', '0', '0', '0', '0'],
  ['1', 'B', '0', '100', '0', '0'],
  ['2', 'A', '1', '0', '0', '-1'],
  ['3', 'B', '1.5', '100', '0', '-1.5'],
  ['4', 'A', '2', '0', '0', '-2'],
  ['5', 'A', '10', '0', '0', '-10'],
  ['6', 'B', '', '100', '0', ''],
];
const HEADER = ['id', 'WELL', 'MD', 'X', 'Y', 'Z'];

function wells() {
  const t: Table = { file: 'wells.csv', header: [...HEADER, 'GR', 'label', 'train'], rows: ROWS.length, columns: new Map() };
  HEADER.forEach((h, c) => t.columns.set(h, ROWS.map((r) => r[c])));
  t.columns.set('GR', ROWS.map((_, i) => String(i)));
  t.columns.set('label', ROWS.map(() => 'a'));
  t.columns.set('train', ROWS.map(() => '1'));
  const data = withDefaults(DataSection, { source: 'csv', id: 'id', coords: { x: 'X', y: 'Y', z: 'Z' }, group: 'WELL', features: ['GR'] });
  return buildNodeSet(t, data, { optionalCoords: true });
}

const item = (r: Partial<RecipeItemConfig> & { method: RecipeItemConfig['method'] }) => withDefaults(GraphSection, { method: 'union', recipes: [r as RecipeItemConfig] }).recipes[0];
const union = (...recipes: Partial<RecipeItemConfig>[]) => withDefaults(GraphSection, { method: 'union', recipes: recipes as RecipeItemConfig[] });

/** Undirected edges as 'u-v' (u < v) → weight. */
function edges(g: Graph): Record<string, number> {
  const { u, v, w } = g.upperEdges();
  return Object.fromEntries(Array.from(u, (a, e) => [`${a}-${v[e]}`, w[e]]));
}
const pairs = (src: Int32Array, dst: Int32Array) => Array.from(src, (a, e) => `${a}>${dst[e]}`);

describe('group-depth: the nearest samples in depth within each well', () => {
  it('k nearest by |Δdepth|, ties to the sample above; never to another well; no link for a sample without depth', () => {
    const ns = wells();
    const notes: string[] = [];
    const e = buildEdges(ns, item({ method: 'group-depth', k: 2, along: 'MD' }), 'graph.recipes[0]', notes);
    // A sorted 0(0) 1(2) 2(4) 10(5): node 2 has 0 and 4 at 1 m (above first); node 4 has 2 at 1 m, then 0 at 2 m before 5 at 8 m
    expect(pairs(e.src, e.dst)).toEqual(['0>2', '0>4', '2>0', '2>4', '4>2', '4>0', '5>4', '5>2', '1>3', '3>1']);
    expect(Array.from(e.dist)).toEqual([1, 2, 1, 1, 1, 2, 8, 9, 1.5, 1.5]);
    expect(notes).toEqual(["graph.recipes[0] (group-depth): 1 of 7 nodes have no 'MD' value: no depth link"]);
  });

  it('maxGap: no link spans more than it (a gap in a log, pieces of wells end to end)', () => {
    const e = groupDepthEdges(Float64Array.from([0, 1, 2, 10]), new Int32Array(4), 2, 5);
    expect(pairs(e.src, e.dst)).toEqual(['0>1', '0>2', '1>0', '1>2', '2>1', '2>0']);
  });

  it("'z' as the depth column reads the z coordinate (elevations: ties go to the lower sample, first in z order)", () => {
    const e = buildEdges(wells(), item({ method: 'group-depth', k: 1, along: 'z' }));
    expect(pairs(e.src, e.dst)).toEqual(['5>4', '4>2', '2>4', '0>2', '3>1', '1>3']);
  });
});

describe('cross-group-knn: the nearest samples of other wells in a chosen space', () => {
  it('in X, Y, Z columns: only other wells; samples missing a value are left out with a note', () => {
    const notes: string[] = [];
    const e = buildEdges(wells(), item({ method: 'cross-group-knn', k: 1, columns: ['X', 'Y', 'Z'] }), 'graph.recipes[1]', notes);
    // A's samples at z 0, −1, −2, −10 → B's at 0 or −1.5; B's → A's at 0, and at −1 (tie with −2 goes to the lower index)
    expect(pairs(e.src, e.dst).sort()).toEqual(['0>1', '1>0', '2>3', '3>2', '4>3', '5>3']);
    expect(notes).toEqual(['graph.recipes[1] (cross-group-knn): 1 of 7 nodes lack a value of X, Y, Z: no link to other groups']);
  });

  it('scale multiplies each column (depth against map distance) before distances; standardize first equalises units', () => {
    const scaled = buildEdges(wells(), item({ method: 'cross-group-knn', k: 1, columns: ['X', 'Z'], scale: [0.01, 10] }));
    const d = Object.fromEntries(pairs(scaled.src, scaled.dst).map((p, e) => [p, scaled.dist[e]]));
    expect(d['0>1']).toBeCloseTo(1, 12); // 100 m across × 0.01
    expect(d['2>3']).toBeCloseTo(Math.sqrt(1 + 25), 12); // and 0.5 m of depth × 10
    // standardised: X (0 or 100) has sd 100·√(12/42), so the same step across is 1/that
    const std = buildEdges(wells(), item({ method: 'cross-group-knn', k: 1, columns: ['X'], standardize: true }));
    expect(std.dist[0]).toBeCloseTo(1 / Math.sqrt(12 / 42), 12);
  });

  it("standardising the coordinates 'x', 'y', 'z' leaves the node set's own coordinates as they were", () => {
    const ns = wells();
    const before = [Float64Array.from(ns.x), Float64Array.from(ns.z!)];
    buildEdges(ns, item({ method: 'cross-group-knn', k: 1, columns: ['x', 'z'], standardize: true }));
    expect(Array.from(ns.x)).toEqual(Array.from(before[0]));
    expect(Array.from(ns.z!)).toEqual(Array.from(before[1]));
  });
});

describe('union: edge sets united', () => {
  it('duplicates merged once, each builder weighting its own edges, the larger weight kept', () => {
    const g = buildGraph(wells(), union(
      // minmax over its own lengths 1 … 9: 1 m → 1, 1.5 m → 0.9375, 2 m → 0.875, 8 m → 0.125, 9 m → 0
      { method: 'group-depth', k: 2, along: 'MD', weight: 'minmax' },
      { method: 'cross-group-knn', k: 1, columns: ['X', 'Y', 'Z'], weight: 'none' },
      // k = 1 again, unweighted (1): its 5–4 link lifts the 0.125 of the first builder
      { method: 'group-depth', k: 1, along: 'MD', weight: 'none' },
    ));
    expect(g.weighted).toBe(true);
    expect(edges(g)).toEqual({ '0-2': 1, '0-4': 0.875, '2-4': 1, '4-5': 1, '2-5': 0, '1-3': 1, '0-1': 1, '2-3': 1, '3-4': 1, '3-5': 1 });
  });

  it('unweighted when every builder is; the graph needs no coordinates when no builder needs them', () => {
    const cfg = union({ method: 'group-depth', k: 2, along: 'MD', weight: 'none' }, { method: 'cross-group-knn', k: 1, columns: ['X', 'Y', 'Z'], weight: 'none' });
    const g = buildGraph(wells(), cfg);
    expect(g.weighted).toBe(false);
    expect(g.numEdges).toBe(10);
    expect(graphReadsCoordinates(cfg)).toBe(false);
    expect(graphReadsCoordinates(union({ method: 'group-depth' }, { method: 'knn', k: 2 }))).toBe(true);
  });

  it('a builder\'s problem names its recipe index and key', () => {
    const ns = wells();
    expect(() => buildGraph(ns, union({ method: 'group-depth', along: 'MD' }, { method: 'radius', scale: [1, 1] }))).toThrow(/key 'graph\.recipes\[1\]\.scale': has 2 entries but the data has 3 coordinates/);
    expect(() => buildGraph(ns, union({ method: 'group-depth', along: 'DEPTH' }))).toThrow(/wells\.csv, key 'graph\.recipes\[0\]\.along': the depth column of group-depth 'DEPTH' is not a column of the node table/);
    expect(() => buildGraph(ns, union({ method: 'cross-group-knn', columns: ['X'], scale: [1, 2] }))).toThrow(/key 'graph\.recipes\[0\]\.scale': has 2 entries for 1 column\(s\) \(X\)/);
    expect(() => buildGraph(ns, union({ method: 'cross-group-knn', columns: ['Y'], k: 1 }, { method: 'group-depth', along: 'MD', maxGap: 0.1 }))).not.toThrow();
  });
});

describe('recipe configs', () => {
  function issuesOf(graph: unknown): ConfigIssue[] {
    const file = join(tempDir('recipes'), 'run.json');
    writeFileSync(file, JSON.stringify({ graph }));
    try {
      loadRunConfig(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  }
  const byKey = (issues: ConfigIssue[]) => Object.fromEntries(issues.map((i) => [i.key, i.message]));

  it('every problem at once, each named by recipe index and key, and no key its defaults fill reported missing', () => {
    expect(byKey(issuesOf({ method: 'union', recipes: [
      { method: 'group-depth', k: 2 },
      { method: 'cross-group-knn', k: 0, columns: ['X'] },
      { method: 'knnn' },
      { method: 'knn', along: 'MD' },
      { k: 3 },
    ] }))).toEqual({
      'graph.recipes[1].k': 'is 0, must be ≥ 1',
      'graph.recipes[2].method': 'is "knnn", expected one of "knn", "radius", "delaunay", "lattice", "line-knn", "group-depth", "cross-group-knn"',
      'graph.recipes[3].along': 'unknown config key (known keys: method, k, scale, p, weight, sigma)',
      'graph.recipes[4].method': 'is nothing, expected one of "knn", "radius", "delaunay", "lattice", "line-knn", "group-depth", "cross-group-knn"',
    });
  });

  it('checks that need the whole section: union without builders, builders without union, lengths that must agree', () => {
    expect(byKey(issuesOf({ method: 'union' }))['graph.recipes']).toMatch(/^method 'union' needs at least one builder here/);
    expect(byKey(issuesOf({ method: 'knn', recipes: [{ method: 'knn' }] }))).toEqual({ 'graph.recipes': "is read only with method 'union' (method is 'knn')" });
    expect(byKey(issuesOf({ method: 'union', recipes: [{ method: 'line-knn', lineColumns: ['x'], lineWeights: [1, 2] }, { method: 'cross-group-knn', columns: ['GR', 'RHOB'], scale: [1] }] }))).toEqual({
      'graph.recipes[0].lineWeights': 'has 2 weight(s) for 1 line column(s)',
      'graph.recipes[1].scale': 'has 1 entries for 2 column(s) (GR, RHOB)',
    });
  });

  it('a resolved config holds every builder option, defaults filled (what config.json and model.json keep)', () => {
    const file = join(tempDir('recipes'), 'run.json');
    writeFileSync(file, JSON.stringify({ graph: { method: 'union', recipes: [{ method: 'group-depth' }, { method: 'cross-group-knn', columns: ['GR'] }] } }));
    const g: GraphConfig = loadRunConfig(file).graph;
    expect(g.recipes).toEqual([
      { method: 'group-depth', k: 2, along: 'z', maxGap: null, weight: 'gaussian', sigma: null },
      { method: 'cross-group-knn', k: 4, columns: ['GR'], scale: null, standardize: false, p: 2, weight: 'gaussian', sigma: null },
    ]);
  });

  it('the graph command writes a recipe\'s graph from node columns alone', async () => {
    const dir = tempDir('recipes');
    writeFileSync(join(dir, 'n.csv'), [[...HEADER].join(','), ...ROWS.map((r) => r.join(','))].join('\n') + '\n');
    const data = withDefaults(DataSection, { source: 'csv', nodes: join(dir, 'n.csv'), id: 'id', coords: { x: 'X', y: 'Y', z: 'Z' }, group: 'WELL' });
    const logs: string[] = [];
    const stats = await writeGraphFile(join(dir, 'e.csv'), data, union({ method: 'group-depth', k: 2, along: 'MD', weight: 'none' }, { method: 'cross-group-knn', k: 1, columns: ['X', 'Y', 'Z'], weight: 'none' }), 0, (s) => logs.push(s));
    expect(stats.edges).toBe(10);
    expect(readFileSync(join(dir, 'e.csv'), 'utf8').split('\n')[0]).toBe(',U,V');
    expect(logs[0]).toBe("graph: graph.recipes[0] (group-depth): 1 of 7 nodes have no 'MD' value: no depth link");
  });
});
