import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/run_config';
import { runExperiment } from '../../src/pipeline/run';
import { InputError } from '../../src/util/errors';
import { smallRunConfig, tempDir } from '../helpers/run_config';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Silent failures made loud: what cannot be right is an error, what may be wrong is a warning kept in metrics.json. */
const small = (extra: (c: RunConfig) => void) => smallRunConfig((c) => {
  Object.assign(c.data.synthetic, { lines: 4, stationsPerLine: 12, layers: 24 });
  Object.assign(c.method, { epochs: 60, patience: 0, baselines: [] });
  extra(c);
});
const quiet = { log: () => {}, quiet: true };

describe('warnings', () => {
  it('a model that never learnt (kept weights from the first epoch) is flagged', async () => {
    const r = await runExperiment(small((c) => { c.method.lr = 0; }), quiet);
    expect(r.main.bestEpoch).toBe(1);
    expect(r.warnings.some((w) => /kept weights are from epoch 1 of 60/.test(w))).toBe(true);
  }, 60_000);

  it('delaunay on stacked layers (shared x, y) leaves nodes isolated: flagged', async () => {
    const r = await runExperiment(small((c) => { c.graph.method = 'delaunay'; }), quiet);
    expect(r.prepared.stats.isolated).toBeGreaterThan(0.01 * r.prepared.stats.nodes);
    expect(r.warnings.some((w) => /have no edge/.test(w))).toBe(true);
  }, 60_000);

  it('a rare class is flagged, and so is every class the model never predicts on held-out nodes', async () => {
    const r = await runExperiment(small((c) => { Object.assign(c.data.synthetic, { paleochannelDepth: 45, paleochannelWidth: 40, lines: 6, stationsPerLine: 30 }); }), quiet);
    const test = r.main.metrics.test!;
    const never = test.perClass.filter((pc, k) => pc.support > 0 && test.confusion.every((row) => row[k] === 0)).map((pc) => pc.class);
    for (const c of never) expect(r.warnings.some((w) => w.includes(`class '${c}' is never predicted`))).toBe(true);
    expect(r.warnings.filter((w) => /is never predicted/.test(w))).toHaveLength(never.length);
    expect(r.warnings.some((w) => /class 'paleochannel' is [0-9.]+ % of the training nodes/.test(w))).toBe(true);
  }, 60_000);

  it('a clean run has none, and a survey too shallow to reach below the sand has one class', async () => {
    const r = await runExperiment(small((c) => { Object.assign(c.model, { type: 'sage', directions: 'vertical' }); c.graph.verticalReach = 5; }), quiet);
    expect(r.warnings).toEqual([]);
    const shallow = await runExperiment(small((c) => { Object.assign(c.data.synthetic, { layers: 3, sandThickness: 40, thicknessVariation: 0 }); }), quiet);
    expect(new Set(shallow.prepared.nodes.labels)).toEqual(new Set([0]));
    expect(shallow.warnings[0]).toMatch(/only one class among the labelled nodes \('sand-cover'\)/);
  }, 60_000);
});

describe('errors for graphs that cannot be right', () => {
  const fails = async (extra: (c: RunConfig) => void, pattern: RegExp) => {
    const err = await runExperiment(small(extra), quiet).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(pattern);
  };
  it('inverse weights over points at the same place', async () => {
    const dir = tempDir('dup');
    // two samples logged at the same place
    writeFileSync(join(dir, 'nodes.csv'), ['id,x,y,z,cond,label,train,Line', '0,0,0,0,1,a,1,A', '1,0,0,0,2,b,1,A', '2,5,0,0,1,a,1,A', '3,9,0,0,2,b,0,B', '4,12,0,0,1,a,0,B'].join('\n') + '\n');
    await fails((c) => {
      c.data = { ...c.data, source: 'csv', nodes: join(dir, 'nodes.csv'), id: 'id', features: ['cond'], logFeatures: [], coordFeatures: [] };
      Object.assign(c.graph, { method: 'knn', k: 2, weight: 'inverse' });
      c.method.valFraction = 0;
    }, /key 'graph.weight': \d+ edge\(s\) join points at the same place/);
  }, 60_000);
  it('a scale with fewer entries than coordinates', async () => {
    await fails((c) => { Object.assign(c.graph, { method: 'knn', scale: [1, 1] }); }, /key 'graph.scale': has 2 entries but the data has 3 coordinates/);
  }, 60_000);
  it('a coordinate reference system proj4 does not know, before any training', async () => {
    const logs: string[] = [];
    const err = await runExperiment(small((c) => { c.data.crs = 'EPSG:999999'; }), { log: (s) => logs.push(s), quiet: true }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/key 'data.crs': 'EPSG:999999' is not an EPSG code proj4 knows/);
    expect(logs).toEqual([]);
  });
  it('a graph without any edge', async () => {
    await fails((c) => { Object.assign(c.graph, { method: 'radius', radius: 0.001 }); }, /key 'graph.method': the radius graph of \d+ nodes has no edge/);
  }, 60_000);
});
