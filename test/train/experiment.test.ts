import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../src/train/experiment';
import { loadModel } from '../../src/train/model_io';
import { GraphInput } from '../../src/nn/graph_input';
import { Tensor } from '../../src/tensor/tensor';
import { applyStandardizer } from '../../src/train/standardize';
import { predictProbs } from '../../src/train/fit';
import { splitNodes } from '../../src/train/split';
import { smallRunConfig } from '../helpers/run_config';

describe('semi-supervised experiment on a synthetic survey', () => {
  it('GCN on alternate lines beats the MLP baseline on held-out lines', async () => {
    const r = await runExperiment(smallRunConfig(), () => {});
    expect(r.main.test.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(r.main.test.macroF1).toBeGreaterThan(r.baseline!.test.macroF1);
    // evaluation is on held-out lines only: none of them trains or validates
    const trainLines = new Set(Array.from(r.split.train, (i) => r.nodes.group[i]));
    for (const i of r.split.test) expect(trainLines.has(r.nodes.group[i])).toBe(false);
    const valLines = new Set(Array.from(r.split.val, (i) => r.nodes.group[i]));
    for (const l of valLines) expect(trainLines.has(l)).toBe(false);
  }, 120_000);

  it('is exactly reproducible: the same seed gives the same predictions file', async () => {
    const a = await runExperiment(smallRunConfig((c) => { c.method.epochs = 15; c.method.baseline = false; }), () => {});
    const b = await runExperiment(smallRunConfig((c) => { c.method.epochs = 15; c.method.baseline = false; }), () => {});
    expect(readFileSync(join(b.outDir, 'predictions.csv'), 'utf8')).toBe(readFileSync(join(a.outDir, 'predictions.csv'), 'utf8'));
    const c = await runExperiment(smallRunConfig((c) => { c.method.epochs = 15; c.method.baseline = false; c.seed = 43; }), () => {});
    expect(readFileSync(join(c.outDir, 'predictions.csv'), 'utf8')).not.toBe(readFileSync(join(a.outDir, 'predictions.csv'), 'utf8'));
  }, 120_000);

  it('the saved model reloads and gives the same probabilities', async () => {
    const r = await runExperiment(smallRunConfig((c) => { c.method.epochs = 10; c.method.baseline = false; }), () => {});
    const { model, saved } = loadModel(join(r.outDir, 'model.json'));
    const F = r.nodes.featureNames.length;
    const x = new Tensor(applyStandardizer(r.nodes.features, F, saved.standardizer), [r.nodes.n, F]);
    const probs = predictProbs(model, new GraphInput(r.graph.adj), x);
    expect(Array.from(probs)).toEqual(Array.from(r.main.probs));
    expect(saved.featureNames).toEqual(r.nodes.featureNames);
  }, 60_000);

  it('holds out whole training lines for validation', async () => {
    const r = await runExperiment(smallRunConfig((c) => { c.method.epochs = 1; c.method.baseline = false; }), () => {});
    const s = splitNodes(r.nodes, 0.34, 1);
    const lines = (idx: Int32Array) => new Set(Array.from(idx, (i) => r.nodes.group[i]));
    expect(lines(s.val).size).toBe(1);
    for (const l of lines(s.val)) expect(lines(s.train).has(l)).toBe(false);
  }, 60_000);
});
