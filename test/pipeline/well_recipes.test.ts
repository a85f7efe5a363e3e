import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { readCsv } from '../../src/data/csv';
import { predictToFolder } from '../../src/pipeline/predict';
import { runToFolder } from '../../src/pipeline/run';
import { tempDir } from '../helpers/run_config';

/*
 * A well-log run as configs/wells/ sets it up, in miniature: no edge table (the union recipe builds
 * the graph: depth neighbours within each well, nearest samples of other wells), per-well
 * transforms as features, a blind well excluded, a held-out well, and predict on new wells
 * recomputing the transforms from the saved config, each well from its own values.
 */

const SAND = 'sand', SHALE = 'shale';

/** Wells of 10 samples 0.5 m apart; GR tells sand from shale after a per-well shift (a tool calibration). */
function wellsCsv(wells: { name: string; shift: number; x: number }[]): string {
  const lines = ['WELL,MD,X,Y,Z,GR,RDEP,label'];
  for (const w of wells) {
    for (let s = 0; s < 10; s++) {
      const md = 1000 + 0.5 * s;
      const sand = s % 4 < 2;
      // resistivities at or below zero where the tool failed: the floor handles them
      const rdep = s === 3 ? '0' : String(sand ? 20 : 2);
      lines.push([w.name, md, w.x, 0, -md, (sand ? 40 : 100) + w.shift + (s % 2), rdep, sand ? SAND : SHALE].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

function setup() {
  const dir = tempDir('well-recipes');
  writeFileSync(join(dir, 'wells.csv'), wellsCsv([
    { name: 'W1', shift: 0, x: 0 }, { name: 'W2', shift: 50, x: 100 }, { name: 'W3', shift: -20, x: 200 },
    { name: 'BLIND', shift: 0, x: 300 }, { name: 'TEST', shift: 30, x: 400 },
  ]));
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify({
    name: 'wells', out: 'out', seed: 1,
    data: {
      source: 'csv', nodes: 'wells.csv', id: null, coords: { x: 'X', y: 'Y', z: 'Z' }, group: 'WELL',
      exclude: { column: 'WELL', values: ['BLIND'] },
      holdOut: { column: 'WELL', values: ['TEST'] },
      transforms: [
        { op: 'group-standardize', column: 'GR' },
        { op: 'log10', column: 'RDEP', floor: 0.1 },
        { op: 'rolling-mean', column: 'GR_group_z', along: 'MD', window: 1 },
      ],
      features: ['GR_group_z', 'log10_RDEP', 'GR_group_z_mean_1'],
      keep: ['MD'],
    },
    graph: { method: 'union', recipes: [
      { method: 'group-depth', k: 2, along: 'MD', weight: 'none' },
      { method: 'cross-group-knn', k: 1, columns: ['X', 'Y', 'Z'], scale: [1, 1, 10], weight: 'none' },
    ] },
    model: { type: 'sage', hidden: 8 },
    method: { epochs: 30, lr: 0.05, valFraction: 0, baselines: [] },
  }));
  return { dir, file };
}

describe('a well-log run with a recipe graph and per-well transforms', () => {
  it('runs without an edge table; model.json keeps the transforms and the recipe; predict recomputes them on new wells, each well alone', async () => {
    const s = setup();
    const logs: string[] = [];
    const run = await runToFolder(loadRunConfig(s.file), { log: (l) => logs.push(l), quiet: true });
    const { nodes, graph, split } = run.result.prepared;
    // the blind well never reaches the node set; the test well is the held-out split
    expect(nodes.groupNames).toEqual(['W1', 'W2', 'W3', 'TEST']);
    expect(split.test.length).toBe(10);
    expect(logs).toContain("data: data.exclude: dropped 10 row(s) whose WELL is 'BLIND' before anything else was read from them");
    // 4 wells × 10 samples: depth links (k 2 nearest, i.e. the samples above and below) and one cross-well link each
    expect(graph.numEdges).toBeGreaterThan(4 * 9);
    expect(logs.some((l) => l.startsWith('graph (union of group-depth, cross-group-knn,'))).toBe(true);
    const saved = JSON.parse(readFileSync(join(run.dir, 'model.json'), 'utf8'));
    expect(saved.data.transforms.map((t: { op: string }) => t.op)).toEqual(['group-standardize', 'log10', 'rolling-mean']);
    expect(saved.data.exclude).toEqual({ column: 'WELL', values: ['BLIND'] });
    expect(saved.graph.recipes.map((r: { method: string }) => r.method)).toEqual(['group-depth', 'cross-group-knn']);

    // predict on the training table reproduces the run
    const same = await predictToFolder({ model: join(run.dir, 'model.json') }, join(s.dir, 'again'), () => {});
    expect(Array.from(same.probs)).toEqual(Array.from(run.result.main.probs));

    // new wells: their raw logs only (no GR_group_z column), one of them with GR shifted by 1,000 API
    const newFile = join(s.dir, 'new.csv');
    writeFileSync(newFile, wellsCsv([{ name: 'N1', shift: 0, x: 50 }, { name: 'N2', shift: 1000, x: 150 }]));
    const p = await predictToFolder({ model: join(run.dir, 'model.json'), nodes: newFile }, join(s.dir, 'new'), () => {});
    const pred = await readCsv(join(s.dir, 'new', 'predictions.csv'));
    const z = pred.columns.get('value_GR_group_z')!.map(Number);
    // standardised within each new well: its own mean and sd (n − 1), whatever the training wells held
    const gr = Array.from({ length: 10 }, (_, s) => (s % 4 < 2 ? 40 : 100) + (s % 2));
    const mean = gr.reduce((a, b) => a + b, 0) / 10;
    const sd = Math.sqrt(gr.reduce((a, b) => a + (b - mean) ** 2, 0) / 9);
    gr.forEach((g, i) => {
      expect(z[i]).toBeCloseTo((g - mean) / sd, 5);
      expect(z[10 + i]).toBeCloseTo((g - mean) / sd, 5);
    });
    // the floor: RDEP 0 → log10 0.1 = −1
    expect(pred.columns.get('value_log10_RDEP')![3]).toBe('-1');
    // N2's shift is undone by its own standardisation: the two wells are predicted alike
    const C = p.saved.classes.length;
    // (alike up to rounding: a node's neighbours are summed in another order in the other well)
    Array.from(p.probs.subarray(0, 10 * C)).forEach((v, k) => expect(p.probs[10 * C + k]).toBeCloseTo(v, 6));
    expect(pred.columns.get('MD')!.slice(0, 2)).toEqual(['1000', '1000.5']);
  }, 120_000);
});
