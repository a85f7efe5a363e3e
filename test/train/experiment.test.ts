import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../../src/config/run_config';
import { runToFolder } from '../../src/pipeline/run';
import { predict } from '../../src/pipeline/predict';
import { splitNodes } from '../../src/train/split';
import { smallDefaultRunConfig, smallRunConfig } from '../helpers/run_config';

/** What the default model reaches on the small survey of smallDefaultRunConfig (measured, with a margin). */
const MIN_F1 = 0.7;

describe('semi-supervised experiment on a synthetic survey', () => {
  it('the default model on alternate lines beats every baseline on held-out lines, each scored in metrics.json', async () => {
    const { dir, result: r } = await runToFolder(smallDefaultRunConfig(), { log: () => {} });
    const { nodes, split } = r.prepared;
    expect(r.baselines.map((b) => b.key)).toEqual(['mlp', 'depth', 'context']);
    const f1 = r.main.metrics.test!.macroF1;
    expect(f1).toBeGreaterThanOrEqual(MIN_F1);
    for (const b of r.baselines) expect(f1, b.label).toBeGreaterThan(b.result.metrics.test!.macroF1);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(metrics.baselines.map((b: { model: string }) => b.model)).toEqual(['mlp', 'depth-only', 'mlp + neighbour mean']);
    for (const b of metrics.baselines) expect(b.test.perClass.map((c: { recall: number }) => c.recall)).toHaveLength(nodes.classes.length);
    // evaluation is on held-out lines only: none of them trains or validates
    const trainLines = new Set(Array.from(split.train, (i) => nodes.group[i]));
    for (const i of split.test) expect(trainLines.has(nodes.group[i])).toBe(false);
    const valLines = new Set(Array.from(split.val, (i) => nodes.group[i]));
    for (const l of valLines) expect(trainLines.has(l)).toBe(false);
  }, 120_000);

  it('is exactly reproducible: the same seed gives the same predictions file', async () => {
    const short = (c: RunConfig) => { c.method.epochs = 15; c.method.baselines = []; };
    const a = await runToFolder(smallRunConfig(short), { log: () => {} });
    const b = await runToFolder(smallRunConfig(short), { log: () => {} });
    expect(readFileSync(join(b.dir, 'predictions.csv'), 'utf8')).toBe(readFileSync(join(a.dir, 'predictions.csv'), 'utf8'));
    const c = await runToFolder(smallRunConfig((c) => { short(c); c.seed = 43; }), { log: () => {} });
    expect(readFileSync(join(c.dir, 'predictions.csv'), 'utf8')).not.toBe(readFileSync(join(a.dir, 'predictions.csv'), 'utf8'));
  }, 120_000);

  it('the saved model, applied by predict to the same survey, gives the run\'s probabilities bit for bit', async () => {
    const { dir, result: r } = await runToFolder(smallRunConfig((c) => { c.method.epochs = 10; c.method.baselines = []; }), { log: () => {} });
    const p = await predict({ model: join(dir, 'model.json') });
    expect(p.saved.featureNames).toEqual(r.prepared.nodes.featureNames);
    expect(Array.from(p.prepared.split.role)).toEqual(Array.from(r.prepared.split.role));
    expect(Buffer.from(p.probs.buffer).equals(Buffer.from(r.main.probs.buffer))).toBe(true);
  }, 60_000);

  it('holds out whole training lines for validation', async () => {
    const { result: r } = await runToFolder(smallRunConfig((c) => { c.method.epochs = 1; c.method.baselines = []; }), { log: () => {} });
    const { nodes } = r.prepared;
    const s = splitNodes(nodes, 0.34, 1);
    const lines = (idx: Int32Array) => new Set(Array.from(idx, (i) => nodes.group[i]));
    expect(lines(s.val).size).toBe(1);
    for (const l of lines(s.val)) expect(lines(s.train).has(l)).toBe(false);
  }, 60_000);
});
