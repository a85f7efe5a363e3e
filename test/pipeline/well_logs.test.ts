import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { readCsv } from '../../src/data/csv';
import { npyBytes, readNpyFloat64 } from '../../src/data/npy';
import { predict, predictToFolder } from '../../src/pipeline/predict';
import { reportRun } from '../../src/pipeline/report';
import { runToFolder } from '../../src/pipeline/run';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

/*
 * Well logs as a workflow: rows joined by an edge table (up and down each well), coordinates that
 * may be missing, columns carried through to predictions.csv, per-well scores, FORCE-style cost
 * matrices, and predict scoring only rows that did not train the model.
 */

const WELLS = ['W1', 'W2', 'W3', 'W4', 'W5'];
const ROWS = 12;
// codes as FORCE writes lithologies
const SAND = '30000', SHALE = '65000', LIME = '70000';

interface WellOptions { unplaced?: number[]; heldOutLabels?: boolean; train?: string[] }

/** Five wells of 12 samples; W1–W3 train by default; rows listed in `unplaced` have no X, Y, Z. */
function wellTables(o: WellOptions = {}): { nodes: string; edges: string; labelled: number } {
  const unplaced = new Set(o.unplaced ?? []);
  const train = new Set(o.train ?? ['W1', 'W2', 'W3']);
  const nodes = ['id,WELL,DEPTH_MD,X,Y,Z,GR,label,train'];
  const edges = [',U,V'];
  let r = 0, e = 0, labelled = 0;
  WELLS.forEach((w, k) => {
    for (let s = 0; s < ROWS; s++, r++) {
      const md = 1000 + 10 * s;
      const label = s < 4 ? SAND : s < 9 ? SHALE : LIME;
      // GR tells the classes apart, with a well-dependent shift
      const gr = (label === SAND ? 30 : label === SHALE ? 90 : 60) + 3 * k + (s % 2);
      const [x, y, z] = unplaced.has(r) ? ['', '', ''] : [String(1000 * k), String(500 * k), String(-md)];
      const isTrain = train.has(w);
      const lab = isTrain || o.heldOutLabels !== false ? label : '';
      if (lab) labelled++;
      nodes.push(`n${r},${w},${md},${x},${y},${z},${gr},${lab},${isTrain ? 1 : 0}`);
      if (s > 0) edges.push(`${e++},n${r - 1},n${r}`);
    }
  });
  return { nodes: nodes.join('\n') + '\n', edges: edges.join('\n') + '\n', labelled };
}

function setup(o: WellOptions = {}, data: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  const dir = tempDir('wells');
  const t = wellTables(o);
  writeFileSync(join(dir, 'nodes.csv'), t.nodes);
  writeFileSync(join(dir, 'edges.csv'), t.edges);
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify({
    name: 'wells', out: 'out',
    data: { source: 'csv', nodes: 'nodes.csv', edges: 'edges.csv', id: 'id', coords: { x: 'X', y: 'Y', z: 'Z' }, features: ['GR'], group: 'WELL', ...data },
    model: { type: 'gcn', hidden: 8 },
    method: { epochs: 40, lr: 0.05, valFraction: 0, baselines: [] },
    ...top,
  }));
  return { dir, file, out: join(dir, 'out'), labelled: t.labelled };
}

const quiet = { log: () => {}, quiet: true };

async function inputError(fn: () => Promise<unknown>): Promise<InputError> {
  const err = await fn().then(() => null, (e) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('optional coordinates when an edge table gives the graph', () => {
  it('empty X, Y, Z cells load as NaN: predictions.csv leaves them empty, nodes.vtu and the report leave those nodes out with a note', async () => {
    const s = setup({ unplaced: [3, 4, 40] }, {}, { method: { epochs: 10, valFraction: 0, baselines: ['mlp', 'depth', 'context'] } });
    const logs: string[] = [];
    const run = await runToFolder(loadRunConfig(s.file), { log: (l) => logs.push(l), quiet: true });
    const { nodes } = run.result.prepared;
    expect(Number.isNaN(nodes.x[3]) && Number.isNaN(nodes.z![40])).toBe(true);
    const p = await readCsv(join(run.dir, 'predictions.csv'));
    expect([3, 4, 40].map((i) => [p.columns.get('x')![i], p.columns.get('z')![i]])).toEqual([['', ''], ['', ''], ['', '']]);
    expect(p.columns.get('x')![5]).toBe('0');
    // every node is predicted, coordinates or not
    expect(p.rows).toBe(WELLS.length * ROWS);
    expect(logs.some((l) => /3 of 60 nodes have no coordinates: left out of nodes\.vtu/.test(l))).toBe(true);
    expect(logs.some((l) => /depth-only baseline: 3 node\(s\) without coordinates have no depth/.test(l))).toBe(true);
    const vtu = readFileSync(join(run.dir, 'nodes.vtu'), 'utf8');
    expect(vtu).toContain('NumberOfPoints="57"');
    expect(vtu).not.toContain('nan');
    expect(vtu).toMatch(/Name="node" format="ascii">0 1 2 5 6 /);
    // 55 edges (11 per well); 2–3, 3–4, 4–5, 39–40 and 40–41 touch unplaced nodes
    expect(vtu).toContain(`NumberOfCells="${57 + 55 - 5}"`);
    const products = await readCsv(join(run.dir, 'products.csv'));
    expect(products.rows).toBe(WELLS.length);
    // the report draws the placed nodes and says how many are left out
    await reportRun(run.dir, run.result, false);
    const html = readFileSync(join(run.dir, 'report.html'), 'utf8');
    expect(html).toContain('3 of 60 nodes have no coordinates: they are left out of the sections');
    expect(existsSync(join(run.dir, 'figures/section-W1.svg'))).toBe(true);
  }, 120_000);

  it('without an edge table the graph is built from the coordinates: an empty one is an error naming file, row and column', async () => {
    const s = setup({ unplaced: [7] }, { edges: undefined }, { graph: { method: 'knn', k: 3 } });
    const err = await inputError(() => runToFolder(loadRunConfig(s.file), quiet));
    expect(err.message).toMatch(/nodes\.csv, row 8, column 'X': empty or NaN x coordinate: the graph is built from the coordinates \(with an edge table, coordinates may be empty\)/);
    expect(existsSync(s.out)).toBe(false);
  });

  it('line-knn over columns that are not coordinates needs none', async () => {
    const s = setup({ unplaced: [7] }, { edges: undefined }, { graph: { method: 'line-knn', k: 2, lineColumns: ['DEPTH_MD', 'GR'], lineWeights: [1, 1] }, method: { epochs: 3, valFraction: 0, baselines: [] } });
    const run = await runToFolder(loadRunConfig(s.file), quiet);
    expect(Number.isNaN(run.result.prepared.nodes.x[7])).toBe(true);
  }, 60_000);

  it('directional SAGE needs every node\'s position: an error naming file, row and column', async () => {
    const s = setup({ unplaced: [13] }, {}, { model: { type: 'sage', hidden: 8, directions: 'vertical' } });
    const err = await inputError(() => runToFolder(loadRunConfig(s.file), quiet));
    expect(err.message).toMatch(/nodes\.csv, row 14, column 'X': model\.directions 'vertical' tells neighbours above from those below by their coordinates, and this node has no x/);
    expect(existsSync(s.out)).toBe(false);
  });

  it('a coordinate used as a feature still needs a value under data.missing error', async () => {
    const s = setup({ unplaced: [2] }, { coordFeatures: ['z'] });
    const err = await inputError(() => runToFolder(loadRunConfig(s.file), quiet));
    expect(err.message).toMatch(/nodes\.csv, row 3, column 'Z': empty or NaN z coordinate: the z coordinate is a feature \(data\.coordFeatures\)/);
  });
});

describe('metrics that fit the task', () => {
  it('held-out rows without labels: no held-out metrics and a line saying so, never zeros', async () => {
    const s = setup({ heldOutLabels: false }, {}, { method: { epochs: 5, valFraction: 0, baselines: ['mlp'] } });
    const logs: string[] = [];
    const run = await runToFolder(loadRunConfig(s.file), { log: (l) => logs.push(l), quiet: true });
    const m = JSON.parse(readFileSync(join(run.dir, 'metrics.json'), 'utf8'));
    expect(m.test).toBeNull();
    expect(m.perGroup).toBeNull();
    expect(m.baselines[0].test).toBeNull();
    expect(m.split).toMatchObject({ test: 0, heldOutNodes: 2 * ROWS });
    expect(logs.filter((l) => l.includes('no held-out metrics: none of the 24 held-out nodes has a label'))).toHaveLength(2);
    expect(logs.join('\n')).not.toMatch(/macro-F1 0\.0000|accuracy 0\.0000/);
  }, 60_000);

  it('per-well scores of the model and each baseline, and a cost matrix\'s penalty score beside accuracy', async () => {
    const s = setup({}, {}, { method: { epochs: 30, lr: 0.05, valFraction: 0, baselines: ['mlp', 'depth', 'context'], costMatrix: 'costs.csv' } });
    // any row order and column order: read by name
    writeFileSync(join(s.dir, 'costs.csv'), ['true\\pred,70000,30000,65000', '65000,1,2,0', '30000,3,0,4', '70000,0,5,6'].join('\n') + '\n');
    const run = await runToFolder(loadRunConfig(s.file), quiet);
    const m = JSON.parse(readFileSync(join(run.dir, 'metrics.json'), 'utf8'));
    expect(m.costMatrix).toBe(join(s.dir, 'costs.csv'));
    const cost: Record<string, Record<string, number>> = { [SAND]: { [SAND]: 0, [SHALE]: 4, [LIME]: 3 }, [SHALE]: { [SAND]: 2, [SHALE]: 0, [LIME]: 1 }, [LIME]: { [SAND]: 5, [SHALE]: 6, [LIME]: 0 } };
    for (const [entry, file] of [[m, 'predictions.csv'], ...m.baselines.map((b: { key: string }) => [b, `predictions_baseline_${b.key}.csv`])]) {
      const p = await readCsv(join(run.dir, file));
      const col = (c: string) => p.columns.get(c)!;
      // the held-out rows, scored independently from predictions.csv
      const rows = col('split').map((v, i) => (v === 'test' ? i : -1)).filter((i) => i >= 0);
      const mean = rows.reduce((t, i) => t + cost[col('label')[i]][col('predicted')[i]], 0) / rows.length;
      expect(entry.test.penalty, file).toBeCloseTo(mean, 12);
      expect(entry.test.penaltyScore, file).toBeCloseTo(-mean, 12);
      expect(entry.perGroup.map((g: { group: string }) => g.group), file).toEqual(['W4', 'W5']);
      for (const g of entry.perGroup) {
        const mine = rows.filter((i) => col('group')[i] === g.group);
        expect(g.n).toBe(mine.length);
        expect(g.accuracy).toBeCloseTo(mine.filter((i) => col('label')[i] === col('predicted')[i]).length / mine.length, 12);
        expect(g.penalty).toBeCloseTo(mine.reduce((t, i) => t + cost[col('label')[i]][col('predicted')[i]], 0) / mine.length, 12);
        expect(g.macroF1).toBeGreaterThanOrEqual(0);
      }
    }
    expect(m.baselines.map((b: { key: string }) => b.key)).toEqual(['mlp', 'depth', 'context']);
    expect(m.validation).toBeNull();
  }, 120_000);

  it('a .npy cost matrix in class order gives the same score; one of the wrong shape or names is an error naming the file', async () => {
    const s = setup({}, {}, { method: { epochs: 5, valFraction: 0, baselines: [], costMatrix: 'costs.npy' } });
    // classes sorted numerically: 30000, 65000, 70000
    writeFileSync(join(s.dir, 'costs.npy'), npyBytes([3, 3], [0, 4, 3, 2, 0, 1, 5, 6, 0]));
    expect(Array.from(readNpyFloat64(join(s.dir, 'costs.npy')).data)).toEqual([0, 4, 3, 2, 0, 1, 5, 6, 0]);
    const run = await runToFolder(loadRunConfig(s.file), quiet);
    const t = run.result.main.metrics.test!;
    const C = t.confusion;
    const w = [[0, 4, 3], [2, 0, 1], [5, 6, 0]];
    expect(t.penalty).toBeCloseTo(C.flatMap((row, a) => row.map((v, b) => v * w[a][b])).reduce((x, y) => x + y, 0) / t.n, 12);
    writeFileSync(join(s.dir, 'costs.npy'), npyBytes([2, 2], [0, 1, 1, 0]));
    const shape = await inputError(() => runToFolder(loadRunConfig(s.file), quiet));
    expect(shape.message).toMatch(/costs\.npy: the cost matrix has shape \(2, 2\); the model has 3 classes \(30000, 65000, 70000\), so it must be 3 × 3/);
    writeFileSync(join(s.dir, 'costs.csv'), [',30000,65000,80000', '30000,0,1,1', '65000,1,0,1', '70000,1,1,0'].join('\n') + '\n');
    const names = await inputError(() => runToFolder(loadRunConfig(s.file, { set: [`method.costMatrix=${JSON.stringify(join(s.dir, 'costs.csv'))}`] }), quiet));
    expect(names.message).toMatch(/costs\.csv, row 0: the cost matrix's header must name each class once \(30000, 65000, 70000\): missing '70000'; not classes: '80000'/);
    writeFileSync(join(s.dir, 'costs.csv'), [',30000,65000,70000', '30000,0,1,1', '65000,1,0,x', '70000,1,1,0'].join('\n') + '\n');
    const cell = await inputError(() => runToFolder(loadRunConfig(s.file, { set: [`method.costMatrix=${JSON.stringify(join(s.dir, 'costs.csv'))}`] }), quiet));
    expect(cell.message).toMatch(/costs\.csv, row 2, column '70000': cost 'x' is not a finite number/);
  }, 120_000);

  it('predict scores the training file\'s held-out rows as the run did, and every labelled row of a new file, never pooled', async () => {
    const s = setup({}, { keep: ['DEPTH_MD', 'WELL'] }, { method: { epochs: 20, lr: 0.05, valFraction: 0.5, baselines: [] } });
    const run = await runToFolder(loadRunConfig(s.file), quiet);
    const model = join(run.dir, 'model.json');
    const same = await predict({ model, nodes: join(s.dir, 'nodes.csv'), edges: join(s.dir, 'edges.csv') });
    expect(same.scored).toBe('held-out rows of the training data');
    expect(same.test).toEqual(run.result.main.metrics.test);
    expect(same.validation).toEqual(run.result.main.metrics.validation);
    expect(same.perGroup!.map((g) => g.group)).toEqual(['W4', 'W5']);
    // the same wells in another file: a new graph, all of whose labelled rows are new to the model
    copyFileSync(join(s.dir, 'nodes.csv'), join(s.dir, 'new_wells.csv'));
    const out = join(s.dir, 'pred');
    const fresh = await predictToFolder({ model, nodes: join(s.dir, 'new_wells.csv'), edges: join(s.dir, 'edges.csv') }, out);
    expect(fresh.scored).toBe('labelled rows of new data');
    expect(fresh.test!.n).toBe(s.labelled);
    expect(fresh.validation).toBeNull();
    expect(fresh.perGroup!.map((g) => [g.group, g.n])).toEqual(WELLS.map((w) => [w, ROWS]));
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m).toMatchObject({ scored: 'labelled rows of new data', test: { n: s.labelled }, validation: null });
    expect(m.perGroup).toHaveLength(WELLS.length);
    // the kept columns come along in predict's output too
    const p = await readCsv(join(out, 'predictions.csv'));
    expect(p.header.slice(-2)).toEqual(['DEPTH_MD', 'WELL']);
  }, 120_000);
});

describe('passthrough columns (data.keep)', () => {
  it('are copied unchanged after the fixed columns, into the model\'s and each baseline\'s predictions', async () => {
    const s = setup({}, { keep: ['DEPTH_MD', 'WELL', 'Y'] }, { method: { epochs: 3, valFraction: 0, baselines: ['mlp'] } });
    const run = await runToFolder(loadRunConfig(s.file), quiet);
    const src = await readCsv(join(s.dir, 'nodes.csv'));
    for (const f of ['predictions.csv', 'predictions_baseline_mlp.csv']) {
      const p = await readCsv(join(run.dir, f));
      expect(p.header.slice(-4), f).toEqual(['value_GR', 'DEPTH_MD', 'WELL', 'Y']);
      for (const c of ['DEPTH_MD', 'WELL', 'Y']) expect(p.columns.get(c), `${f} ${c}`).toEqual(src.columns.get(c));
    }
  }, 60_000);

  it('a missing column is an error naming the file and column; a name of predictions.csv\'s own is refused', async () => {
    const missing = setup({}, { keep: ['DEPTH_MD', 'FORMATION'] });
    const err = await inputError(() => runToFolder(loadRunConfig(missing.file), quiet));
    expect(err.message).toMatch(/nodes\.csv, column 'FORMATION': missing column for data\.keep \(copied into predictions\.csv\) \(columns are: 'id', 'WELL'/);
    expect(existsSync(missing.out)).toBe(false);
    const clash = setup({}, { keep: ['x', 'DEPTH_MD', 'prob_30000', 'value_GR'] });
    let issues: { key: string; message: string; file: string }[] = [];
    try { loadRunConfig(clash.file); } catch (e) { expect(e).toBeInstanceOf(ConfigError); issues = (e as ConfigError).issues; }
    expect(issues.map((i) => i.key)).toEqual(['data.keep[0]', 'data.keep[2]', 'data.keep[3]']);
    expect(issues[0]).toMatchObject({ file: clash.file, message: expect.stringMatching(/'x' is a column predictions\.csv writes itself/) });
    expect(issues[1].message).toMatch(/'prob_30000' starts with 'prob_'/);
  });
});
