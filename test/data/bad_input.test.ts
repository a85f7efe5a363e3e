import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import type { RunConfig } from '../../src/config/run_config';
import { predict } from '../../src/pipeline/predict';
import { runToFolder } from '../../src/pipeline/run';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

/**
 * Every bad-input case: the error is an InputError naming file, row and column (or config key),
 * and the run leaves no output folder behind.
 */
const GOOD_NODES = [
  ',x,y,z,cond,label,train,Line',
  '0,0,0,-1,10,cover,1,A',
  '1,10,0,-1,12,cover,1,A',
  '2,0,0,-5,1,basement,1,A',
  '3,10,0,-5,2,basement,1,A',
  '4,0,100,-1,11,cover,0,B',
  '5,0,100,-5,1.5,basement,0,B',
];
const GOOD_EDGES = [',U,V', '0,0,1', '1,0,2', '2,1,3', '3,2,3', '4,4,5', '5,0,4'];

function setup(nodes: string[], edges: string[] = GOOD_EDGES, data: Record<string, unknown> = {}, top: Record<string, unknown> = {}): { file: string; out: string; dir: string } {
  const dir = tempDir('bad');
  writeFileSync(join(dir, 'nodes.csv'), nodes.join('\n') + '\n');
  writeFileSync(join(dir, 'edges.csv'), edges.join('\n') + '\n');
  const out = join(dir, 'out');
  const cfg = {
    name: 'bad', out,
    data: { source: 'csv', nodes: 'nodes.csv', edges: 'edges.csv', features: ['cond'], group: 'Line', ...data },
    method: { epochs: 2, valFraction: 0 },
    ...top,
  };
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify(cfg));
  return { file, out, dir };
}

async function expectInputError(s: { file: string; out: string }, pattern: RegExp): Promise<void> {
  let err: unknown = null;
  try {
    const cfg: RunConfig = loadRunConfig(s.file);
    await runToFolder(cfg, { log: () => {} });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(pattern);
  expect(existsSync(s.out)).toBe(false);
}

describe('bad input gives a clear error and leaves nothing behind', () => {
  it('the good files run (control)', async () => {
    const s = setup(GOOD_NODES);
    await runToFolder(loadRunConfig(s.file), { log: () => {} });
    expect(readdirSync(join(s.out, 'bad'))).toContain('predictions.csv');
  });
  it('missing column', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, { features: ['cond', 'runc'] }), /nodes\.csv, column 'runc': missing column for a feature \(columns are: '', 'x'/);
  });
  it('non-numeric value', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[3] = '2,0,0,-5,abc,basement,1,A';
    await expectInputError(setup(nodes), /nodes\.csv, row 3, column 'cond': non-numeric value 'abc'/);
  });
  it('empty feature under the error policy', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[2] = '1,10,0,-1,,cover,1,A';
    await expectInputError(setup(nodes), /nodes\.csv, row 2, column 'cond': empty or NaN value for a feature/);
  });
  it('NaN feature under the error policy', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[2] = '1,10,0,-1,NaN,cover,1,A';
    await expectInputError(setup(nodes), /row 2, column 'cond': empty or NaN/);
  });
  it('edge to a node that does not exist', async () => {
    await expectInputError(setup(GOOD_NODES, [...GOOD_EDGES, '6,3,99']), /edges\.csv, row 7, column 'V': edge to node '99', which does not exist/);
  });
  it('duplicate node id', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[4] = '1,10,0,-5,2,basement,1,A';
    await expectInputError(setup(nodes), /nodes\.csv, row 4, column '': duplicate node id '1' \(first seen in row 2\)/);
  });
  it('empty train set', async () => {
    const nodes = GOOD_NODES.map((l, i) => (i === 0 ? l : l.replace(/,1,([AB])$/, ',0,$1')));
    await expectInputError(setup(nodes), /nodes\.csv: the training set is empty/);
  });
  it('a class with no training example', async () => {
    const nodes = GOOD_NODES.map((l) => (l.includes('basement,1') ? l.replace('basement,1', 'basement,0') : l));
    await expectInputError(setup(nodes), /class 'basement' has no training example/);
  });
  it('label outside the class list', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[5] = '4,0,100,-1,11,granite,0,B';
    await expectInputError(setup(nodes, GOOD_EDGES, { classes: ['cover', 'basement'] }), /nodes\.csv, row 5, column 'label': label 'granite' is not in the class list \[cover, basement\]/);
  });
  it('unknown config key', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, { featurez: ['cond'] }), /run\.json, key 'data\.featurez': unknown config key/);
  });
  it('unknown top-level config key', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, {}, { epochs: 5 }), /run\.json, key 'epochs': unknown config key/);
  });
  it('wrong type in the config', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, {}, { seed: 'x' }), /key 'seed': expected an integer, got "x"/);
  });
  it('a ragged row', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[2] = '1,10,0,-1,12,cover,1';
    await expectInputError(setup(nodes), /nodes\.csv, row 2: has 7 fields, the header has 8/);
  });
  it('a feature pattern that is not a regular expression', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, { featurePattern: '(' }), /key 'data\.featurePattern': not a regular expression/);
  });
  it('line-knn weights that do not match its columns', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, {}, { graph: { method: 'line-knn', lineColumns: ['x', 'y', 'cond'], lineWeights: [1] } }), /key 'graph\.lineWeights': has 1 weight\(s\) for 3 line column\(s\)/);
  });
  it('a feature pattern that could take forever to match', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, { featurePattern: '^(a+)+$' }), /key 'data\.featurePattern': a repeated group that repeats inside/);
  });
  it('an empty node id', async () => {
    const nodes = GOOD_NODES.slice();
    nodes[4] = ',10,0,-5,2,basement,1,A';
    await expectInputError(setup(nodes), /nodes\.csv, row 4, column '': empty node id/);
  });
  it('an edge table without any edge', async () => {
    await expectInputError(setup(GOOD_NODES, [',U,V']), /key 'data\.edges': the edge table holds no edge/);
  });
  it('a missing node file', async () => {
    await expectInputError(setup(GOOD_NODES, GOOD_EDGES, { nodes: 'nope.csv' }), /nope\.csv: file not found/);
  });
});

describe('missing-value policies', () => {
  const gappy = GOOD_NODES.slice();
  gappy[2] = '1,10,0,-1,,cover,1,A';
  it('drop removes the node and its edges', async () => {
    const s = setup(gappy, GOOD_EDGES, { missing: 'drop' });
    const { nodes, graph } = (await runToFolder(loadRunConfig(s.file), { log: () => {} })).result.prepared;
    expect(nodes.n).toBe(5);
    expect(nodes.ids).not.toContain('1');
    expect(graph.numEdges).toBe(4);
  });
  it('impute fills the training median and can add an indicator feature', async () => {
    const s = setup(gappy, GOOD_EDGES, { missing: 'impute', missingIndicator: true });
    const { nodes } = (await runToFolder(loadRunConfig(s.file), { log: () => {} })).result.prepared;
    expect(nodes.featureNames).toEqual(['cond', 'missing_cond']);
    // training cond values 10, 1, 2 (node 1 missing): median 2
    expect(nodes.features[1 * 2]).toBe(2);
    expect(nodes.features[1 * 2 + 1]).toBe(1);
    expect(nodes.features[0 * 2 + 1]).toBe(0);
  });
  it('predict fills the gaps of a new, unlabelled table with the medians and indicators saved at training', async () => {
    const s = setup(gappy, GOOD_EDGES, { missing: 'impute', missingIndicator: true });
    const run = await runToFolder(loadRunConfig(s.file), { log: () => {} });
    // the survey without labels or train flags, with a gap in another node, where no training node is
    const fresh = ['id,x,y,z,cond,Line', '0,0,0,-1,10,A', '1,10,0,-1,12,A', '2,0,0,-5,,A', '3,10,0,-5,2,A', '4,0,100,-1,11,B', '5,0,100,-5,1.5,B'];
    writeFileSync(join(s.dir, 'fresh.csv'), fresh.join('\n') + '\n');
    const p = await predict({ model: join(run.dir, 'model.json'), nodes: join(s.dir, 'fresh.csv'), edges: join(s.dir, 'edges.csv') });
    const F = p.prepared.nodes.featureNames.length;
    expect(p.prepared.nodes.featureNames).toEqual(['cond', 'missing_cond']);
    // the training median (2), not one of this table's values; and the indicator the model learnt with
    expect(p.prepared.nodes.features[2 * F]).toBe(2);
    expect(p.prepared.nodes.features[2 * F + 1]).toBe(1);
  });
});
