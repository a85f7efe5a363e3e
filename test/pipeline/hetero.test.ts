import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import type { RunConfig } from '../../src/config/run_config';
import { SPLIT } from '../../src/data/node_set';
import { relationEdges } from '../../src/graph/type_relations';
import { predict } from '../../src/pipeline/predict';
import { runToFolder, type WrittenRun } from '../../src/pipeline/run';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

/*
 * Heterogeneous graphs (issue #18): survey cells and logged boreholes in one model. The synthetic
 * survey logs a few boreholes (synthetic.boreholeLogs); CSV node types come from their own tables.
 */

/** configs/hetero.json on a small survey, writing under a temp folder. */
function smallHetero(set: string[] = []): RunConfig {
  return loadRunConfig(join(__dirname, '../../configs/hetero.json'), {
    overrides: { out: tempDir('hetero') },
    set: ['data.synthetic.lines=4', 'data.synthetic.stationsPerLine=30', 'data.synthetic.layers=16', 'data.synthetic.boreholeLogs=3', 'data.synthetic.paleochannelDepth=0', 'method.epochs=12', 'method.baselines=["mlp"]', ...set],
  });
}

describe('heterogeneous graph: survey cells and logged boreholes', () => {
  let run: WrittenRun;
  beforeAll(async () => { run = await runToFolder(smallHetero(), { log: () => {}, quiet: true }); }, 120_000);

  it('joins the boreholes after the cells, features in blocks, their labels training and never scored', () => {
    const { nodes, split, features } = run.result.prepared;
    const types = nodes.types!;
    expect(types.names).toEqual(['cell', 'borehole']);
    const cells = Array.from(types.of).filter((t) => t === 0).length;
    expect(cells).toBe(4 * 30 * 16);
    // the survey's nodes first, then the boreholes'
    expect(Array.from(types.of.subarray(0, cells)).every((t) => t === 0)).toBe(true);
    expect(nodes.ids[cells]).toMatch(/^borehole:/);
    const F = nodes.featureNames.length;
    expect(nodes.featureNames).toEqual(['log10_cond', 'log10_cond_unc', 'depth', 'doi', 'borehole:log10_cond', 'borehole:depth', 'is_borehole']);
    for (const i of [0, cells - 1, cells, nodes.n - 1]) {
      const own = types.of[i] === 0 ? [0, 1, 2, 3] : [4, 5];
      const other = types.of[i] === 0 ? [4, 5] : [0, 1, 2, 3];
      for (const f of own) expect(Number.isFinite(nodes.features[i * F + f])).toBe(true);
      // raw features: empty outside the node's block; the model's input: 0 there
      for (const f of other) {
        expect(nodes.features[i * F + f]).toBeNaN();
        expect(features.data[i * F + f]).toBe(0);
      }
      expect(features.data[i * F + 6]).toBe(types.of[i]);
    }
    for (let i = cells; i < nodes.n; i++) {
      expect(split.role[i]).toBe(SPLIT.TRAIN);
      expect(nodes.labels[i]).toBeGreaterThanOrEqual(0);
    }
    expect(Array.from(split.test).every((i) => types.of[i] === 0)).toBe(true);
    expect(Array.from(split.train).filter((i) => types.of[i] === 1).length).toBe(nodes.n - cells);
  });

  it('the SAGE layers have a weight per relation; the survey\'s own relation keeps its directions', () => {
    const { input } = run.result.prepared;
    expect(input.relations().map((r) => r.name)).toEqual(['cell→cell', 'borehole→cell', 'cell→borehole', 'borehole→borehole']);
    expect(input.neighbourSets(true)).toEqual(['above', 'below', 'level', 'borehole→cell', 'cell→borehole', 'borehole→borehole']);
    const names = run.result.main.model.namedParameters().map(([n]) => n);
    for (const l of [0, 1]) for (const w of ['weight_above', 'weight_below', 'weight_level', 'weight_rel3', 'weight_rel4', 'weight_rel5', 'weight_root']) expect(names).toContain(`layers.${l}.${w}`);
  });

  it('predictions.csv holds every node; a borehole sits on the survey line nearest it', () => {
    const rows = readFileSync(join(run.dir, 'predictions.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const head = rows[0];
    const bh = rows.slice(1).filter((r) => r[0].startsWith('borehole:'));
    expect(bh.length).toBe(run.result.prepared.nodes.n - 4 * 30 * 16);
    const lines = new Set(rows.slice(1).filter((r) => !r[0].startsWith('borehole:')).map((r) => r[head.indexOf('group')]));
    for (const r of bh) expect(lines.has(r[head.indexOf('group')])).toBe(true);
    expect(bh[0][head.indexOf('value_borehole:log10_cond')]).not.toBe('');
    expect(bh[0][head.indexOf('value_log10_cond')]).toBe('');
  });

  it('predict with the saved model gives the run\'s probabilities bit for bit', async () => {
    const p = await predict({ model: join(run.dir, 'model.json') });
    expect(Buffer.from(p.probs.buffer).equals(Buffer.from(run.result.main.probs.buffer))).toBe(true);
  }, 60_000);

  it('GCN and GAT are refused with node types: they have no weight per relation', async () => {
    await expect(runToFolder(smallHetero(['model.type=gcn', 'model.directions=none']), { log: () => {}, quiet: true })).rejects.toThrow(/model\.type 'gcn' has no weight per relation/);
  });

  it('a relation naming a type that does not exist is refused with its key', async () => {
    await expect(runToFolder(smallHetero(['graph.relations=[{"src":"well","dst":"cell","k":2,"radius":null,"scale":null}]']), { log: () => {}, quiet: true })).rejects.toThrow(/graph\.relations\[0\].*no node type 'well'/);
  });
});

describe('CSV node types', () => {
  /** A survey of 2 lines × 6 soundings × 4 cells and 2 boreholes of 5 samples, as tables. */
  function tables(dir: string, boreholeRows?: (rows: string[]) => string[]): string {
    const survey = ['id,x,y,z,cond,label,train,Line'];
    for (let l = 0; l < 2; l++) for (let s = 0; s < 6; s++) for (let k = 0; k < 4; k++) {
      survey.push([`c${l}-${s}-${k}`, s * 20, l * 100, -10 * k, (k < 2 ? 0.01 : 0.1) * (1 + 0.1 * s), k < 2 ? 'cover' : 'basement', l === 0 ? 1 : 0, `L${l}`].join(','));
    }
    let holes = ['sample,hole,X,Y,Z,res,unit'];
    for (let h = 0; h < 2; h++) for (let k = 0; k < 5; k++) holes.push([`s${h}-${k}`, `BH${h}`, 30 + 40 * h, 50, -8 * k, k < 2 ? 100 : 10, k < 2 ? 'cover' : 'basement'].join(','));
    if (boreholeRows) holes = boreholeRows(holes);
    writeFileSync(join(dir, 'survey.csv'), survey.join('\n') + '\n');
    writeFileSync(join(dir, 'holes.csv'), holes.join('\n') + '\n');
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({
      name: 'csv-types', out: 'out',
      data: {
        source: 'csv', nodes: 'survey.csv', id: 'id', features: ['cond'], logFeatures: ['cond'], classes: ['cover', 'basement'], group: 'Line',
        types: [{ name: 'borehole', nodes: 'holes.csv', id: 'sample', coords: { x: 'X', y: 'Y', z: 'Z' }, features: ['res'], logFeatures: ['res'], label: 'unit', group: 'hole' }],
      },
      graph: { method: 'knn', k: 3, relations: [{ src: 'borehole', dst: 'cell', k: 2, radius: null, scale: null }] },
      model: { type: 'sage', hidden: 8, layers: 2 },
      method: { epochs: 5, valFraction: 0, baselines: [] },
    }));
    return cfg;
  }

  it('reads a type from its own table (relative to the config) and trains on both', async () => {
    const dir = tempDir('csv-types');
    const r = await runToFolder(loadRunConfig(tables(dir)), { log: () => {}, quiet: true });
    const { nodes } = r.result.prepared;
    expect(nodes.n).toBe(48 + 10);
    expect(nodes.ids.slice(48)).toEqual(Array.from({ length: 10 }, (_, i) => `borehole:s${Math.floor(i / 5)}-${i % 5}`));
    expect(nodes.featureNames).toEqual(['log10_cond', 'borehole:log10_res', 'is_borehole']);
  });

  it('a borehole label outside the survey\'s classes names the file, row and column', async () => {
    const dir = tempDir('csv-types-bad');
    const cfg = tables(dir, (rows) => rows.map((r, i) => (i === 1 ? r.replace(/cover$/, 'granite') : r)));
    const err = await runToFolder(loadRunConfig(cfg), { log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    for (const part of [join(dir, 'holes.csv'), 'row 1', "column 'unit'", "label 'granite'"]) expect(err.message).toContain(part);
  });

  it('each src node links to its k nearest dst nodes within the radius (brute force)', () => {
    const n = 40;
    const of = Int32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const x = Float64Array.from({ length: n }, (_, i) => (i * 37) % 23), y = Float64Array.from({ length: n }, (_, i) => (i * 11) % 17), z = Float64Array.from({ length: n }, (_, i) => (i * 5) % 7);
    const e = relationEdges({ src: 'b', dst: 'a', k: 3, radius: 9, scale: [1, 1, 2] }, 'graph.relations[0]', { of, names: ['a', 'b'] }, { x, y, z });
    for (let i = 0; i < n; i++) {
      if (of[i] !== 1) continue;
      const d = (j: number) => Math.hypot(x[i] - x[j], y[i] - y[j], 2 * (z[i] - z[j]));
      const want = Array.from({ length: n }, (_, j) => j).filter((j) => of[j] === 0).sort((a, b) => d(a) - d(b) || a - b).slice(0, 3).filter((j) => d(j) <= 9);
      expect(e.dst.filter((_, k) => e.src[k] === i)).toEqual(want);
    }
  });
});
