import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeSet } from '../../src/data/node_set';
import { DataSection } from '../../src/data/data_config';
import { undirectedGraph } from '../../src/graph/graph';
import { GraphInput } from '../../src/nn/graph_input';
import { ModelSection } from '../../src/nn/model_config';
import { predict } from '../../src/pipeline/predict';
import type { Prepared } from '../../src/pipeline/prepare';
import { runToFolder } from '../../src/pipeline/run';
import { trainModel } from '../../src/pipeline/train_model';
import { Tensor } from '../../src/tensor/tensor';
import { MethodSection } from '../../src/train/method_config';
import { withDefaults } from '../../src/util/schema';
import { inferenceInput } from '../../src/train/fit';
import { hideGroups, withLabelColumns } from '../../src/train/label_input';
import { makeRng } from '../../src/util/rng';
import { smallRunConfig } from '../helpers/run_config';

/**
 * Eight lines of 30 stations. The class is a layered pattern of the station index, the same on
 * every line (beds that continue laterally); the features are pure noise. Each station links to
 * its neighbours on the line and to the same station on the neighbouring lines. Lines 0, 2, 4 and 6
 * train, line 1 validates, lines 3, 5 and 7 are held out. Only the labels of neighbouring lines
 * can tell a held-out station's class.
 */
function layeredLines() {
  const L = 8, P = 30, C = 3, F = 4;
  const n = L * P;
  const labels = Int32Array.from({ length: n }, (_, i) => Math.floor((i % P) / 5) % C);
  const group = Int32Array.from({ length: n }, (_, i) => Math.floor(i / P));
  const rng = makeRng('noise');
  const x = new Tensor(Float32Array.from({ length: n * F }, () => rng.next() * 2 - 1), [n, F]);
  const src: number[] = [], dst: number[] = [];
  for (let l = 0; l < L; l++) {
    for (let p = 0; p < P; p++) {
      if (p + 1 < P) { src.push(l * P + p); dst.push(l * P + p + 1); }
      if (l + 1 < L) { src.push(l * P + p); dst.push((l + 1) * P + p); }
    }
  }
  const graph = new GraphInput(undirectedGraph(n, src, dst, null).adj);
  const rows = (lines: number[]) => Int32Array.from({ length: n }, (_, i) => i).filter((i) => lines.includes(group[i]));
  const split = { train: rows([0, 2, 4, 6]), val: rows([1]), test: rows([3, 5, 7]), role: new Uint8Array(n) };
  const nodes = { labels, classes: ['a', 'b', 'c'], group, groupNames: Array.from({ length: L }, (_, l) => `line ${l}`) } as NodeSet;
  return { nodes, graph, x, split, C };
}

async function train(labelInput: boolean, labels?: Int32Array) {
  const d = layeredLines();
  const nodes = labels ? { ...d.nodes, labels } : d.nodes;
  const model = withDefaults(ModelSection, { type: 'gcn', hidden: 16, layers: 2, dropout: 0 });
  const method = withDefaults(MethodSection, { epochs: 150, lr: 0.02, patience: 0, labelInput, baselines: [] });
  const prepared = { nodes, split: d.split, features: d.x, input: d.graph, data: withDefaults(DataSection) } as Prepared;
  return { d, out: await trainModel(prepared, model, method, 3) };
}

describe('training labels as inputs (label trick)', () => {
  it('adds one one-hot column per class, only for the visible nodes', () => {
    const x = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2]);
    const out = withLabelColumns(x, Int32Array.from([2, 0, 1]), Int32Array.from([0, 2]), 3);
    expect(out.shape).toEqual([3, 5]);
    expect(Array.from(out.data)).toEqual([1, 2, 0, 0, 1, 3, 4, 0, 0, 0, 5, 6, 0, 1, 0]);
  });

  it('hides whole groups, at least one, never all, the same for the same seed', () => {
    const train = Int32Array.from({ length: 40 }, (_, i) => i);
    const group = Int32Array.from(train, (i) => i % 5);
    for (const rate of [0.05, 0.5, 0.95]) {
      for (let s = 0; s < 20; s++) {
        const { visible, hidden } = hideGroups(train, group, rate, makeRng(`h-${s}`));
        const hg = new Set(Array.from(hidden, (i) => group[i]));
        const vg = new Set(Array.from(visible, (i) => group[i]));
        expect(hidden.length + visible.length).toBe(train.length);
        expect(hg.size).toBeGreaterThanOrEqual(1);
        expect(vg.size).toBeGreaterThanOrEqual(1);
        for (const g of hg) expect(vg.has(g)).toBe(false);
        expect(Array.from(hideGroups(train, group, rate, makeRng(`h-${s}`)).hidden)).toEqual(Array.from(hidden));
      }
    }
  });

  it('learns a held-out line from the labels of its neighbours where features say nothing', async () => {
    const plain = (await train(false)).out.metrics.test!.accuracy;
    const withLabels = (await train(true)).out.metrics.test!.accuracy;
    expect(plain).toBeLessThan(0.6); // three balanced-ish classes, noise features: near chance
    expect(withLabels).toBeGreaterThan(0.9);
  }, 60_000);

  it('never reads validation or held-out labels: changing them changes no probability', async () => {
    const { d, out } = await train(true);
    const scrambled = d.nodes.labels.slice();
    for (const i of [...d.split.test]) scrambled[i] = (scrambled[i] + 1) % d.C;
    const again = (await train(true, scrambled)).out;
    expect(Array.from(again.probs)).toEqual(Array.from(out.probs));
    // the inputs at prediction time carry training labels only
    const x = inferenceInput(d.x, d.nodes.labels, d.split.train, true, d.C).data;
    const W = d.x.shape[1] + d.C;
    const labelMass = (rows: Int32Array) => Array.from(rows).reduce((a, i) => a + Array.from(x.subarray(i * W + W - d.C, i * W + W)).reduce((b, v) => b + v, 0), 0);
    expect(labelMass(d.split.train)).toBe(d.split.train.length);
    expect(labelMass(d.split.val) + labelMass(d.split.test)).toBe(0);
  }, 60_000);

  it('predict on the training survey reproduces the run bit for bit, validation lines and all', async () => {
    // the default valFraction holds a training line out for validation: its labels are not inputs, in run or in predict
    const cfg = smallRunConfig((c) => { Object.assign(c.method, { epochs: 8, baselines: [], labelInput: true }); });
    expect(cfg.method.valFraction).toBeGreaterThan(0);
    const { dir, result: r } = await runToFolder(cfg, { log: () => {} });
    expect(r.prepared.split.val.length).toBeGreaterThan(0);
    const p = await predict({ model: join(dir, 'model.json') });
    expect(Buffer.from(p.probs.buffer).equals(Buffer.from(r.main.probs.buffer))).toBe(true);
    // and through the command line, as a user runs it
    const out = join(dir, 'again');
    const cli = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'predict', '--model', join(dir, 'model.json'), '--out', out], {
      cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(readFileSync(join(out, 'predictions.csv'), 'utf8')).toBe(readFileSync(join(dir, 'predictions.csv'), 'utf8'));
  }, 120_000);
});
