import { afterAll, describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/tape';
import { NeighbourSampler } from '../../src/graph/neighbour_sampler';
import { GraphInput } from '../../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../../src/nn/model';
import { parametersOf } from '../../src/nn/module';
import * as ops from '../../src/ops';
import { fit } from '../../src/train/fit';
import { batchingFor } from '../../src/train/minibatch';
import { MethodSection } from '../../src/train/method_config';
import { withDefaults } from '../../src/util/schema';
import { makeRng } from '../../src/util/rng';
import { parallelCallCount, setThreads, shutdownThreads } from '../../src/util/thread_pool';
import { randTensor, randUndirectedGraph } from '../helpers/random';

function graphOf(n: number, seed = 5) {
  const at = makeRng(`xyz-${seed}`);
  const coord = () => Float64Array.from({ length: n }, () => at.next() * 10);
  return new GraphInput(randUndirectedGraph(seed, n, 5, 'float32', [3]), { x: coord(), y: coord(), z: coord() });
}

describe('neighbour sampling', () => {
  const graph = graphOf(300);
  const sampler = new NeighbourSampler(graph);
  const seeds = Int32Array.from([17, 3, 250, 4, 99, 0]);

  it('lists each block\'s destinations first among its sources, and each block\'s sources are the previous block\'s destinations', () => {
    const { blocks, input } = sampler.sample(seeds, [4, 3], makeRng('s'));
    expect(blocks).toHaveLength(2);
    expect(Array.from(blocks[1].dst)).toEqual(Array.from(seeds));
    expect(Array.from(blocks[0].dst)).toEqual(Array.from(blocks[1].src));
    expect(Array.from(input)).toEqual(Array.from(blocks[0].src));
    for (const b of blocks) expect(new Set(b.src).size).toBe(b.src.length);
  });

  it('keeps min(fan-out, degree) distinct neighbours of each row, only real ones, and all of them for "all"', () => {
    const { rowPtr, col } = graph.adj;
    for (const fan of [1, 3, 7, 'all'] as const) {
      const { blocks: [b] } = sampler.sample(seeds, [fan], makeRng(`f-${fan}`));
      const mean = b.neighbourMeans('float32', false)[0];
      for (let i = 0; i < seeds.length; i++) {
        const g = seeds[i];
        const nb = new Set(Array.from(col.subarray(rowPtr[g], rowPtr[g + 1])));
        const kept = Array.from(mean.col.subarray(mean.rowPtr[i], mean.rowPtr[i + 1]), (c) => b.src[c]);
        expect(new Set(kept).size).toBe(kept.length);
        expect(kept.length).toBe(fan === 'all' ? nb.size : Math.min(fan, nb.size));
        for (const c of kept) expect(nb.has(c)).toBe(true);
        // a mean over the kept neighbours
        if (kept.length) expect(Array.from(mean.val.subarray(mean.rowPtr[i], mean.rowPtr[i + 1])).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      }
    }
  });

  it('keeps a sampled GCN row\'s self-loop weight and its neighbours\' total weight', () => {
    const whole = graph.gcn('float64');
    const { blocks: [b] } = sampler.sample(seeds, [2], makeRng('g'));
    const cut = b.gcn('float64');
    for (let i = 0; i < seeds.length; i++) {
      const g = seeds[i];
      const sums = (a: typeof whole, r: number, self: (c: number) => boolean) => {
        let s = 0, d = 0;
        for (let p = a.rowPtr[r]; p < a.rowPtr[r + 1]; p++) if (self(a.col[p])) d += a.val[p]; else s += a.val[p];
        return [s, d];
      };
      const [ws, wd] = sums(whole, g, (c) => c === g);
      const [cs, cd] = sums(cut, i, (c) => c === i);
      expect(cd).toBe(wd);
      expect(cs).toBeCloseTo(ws, 12);
    }
  });

  it('draws the same blocks from the same seed, other blocks from another', () => {
    const a = sampler.sample(seeds, [3, 3], makeRng('same'));
    const b = sampler.sample(seeds, [3, 3], makeRng('same'));
    const c = sampler.sample(seeds, [3, 3], makeRng('other'));
    expect(Array.from(b.input)).toEqual(Array.from(a.input));
    expect(Array.from(b.blocks[0].keptCol)).toEqual(Array.from(a.blocks[0].keptCol));
    expect(Array.from(c.blocks[0].keptCol)).not.toEqual(Array.from(a.blocks[0].keptCol));
  });

  it('refuses a seed listed twice, and samples correctly afterwards', () => {
    expect(() => sampler.sample(Int32Array.from([5, 6, 5]), [2], makeRng(1))).toThrow(/seed node 5 is listed twice/);
    const { blocks: [b] } = sampler.sample(Int32Array.from([5, 6]), ['all'], null);
    expect(Array.from(b.dst)).toEqual([5, 6]);
  });
});

describe('a model on blocks with every neighbour', () => {
  for (const type of ['gcn', 'sage', 'gat'] as ModelType[]) {
    it(`${type}: the seeds' class scores equal the whole graph's bit for bit, and the gradients agree`, () => {
      const graph = graphOf(200);
      const model = new NodeClassifier({ ...defaultModelConfig, type, hidden: 8, heads: 2 }, 6, 4, makeRng('w'));
      const x = randTensor(makeRng('x'), [200, 6], 'float32', false);
      const seeds = Int32Array.from([150, 2, 77, 3, 199, 40]);
      const labels = Int32Array.from({ length: 200 }, (_, i) => i % 4);
      const { blocks, input } = new NeighbourSampler(graph).sample(seeds, ['all', 'all'], null);
      const ctx = { graph, training: false, rng: makeRng(0) };
      const whole = model.forward(x, ctx);
      const onBlocks = model.forward(ops.indexSelect(x, input), { ...ctx, blocks });
      for (let k = 0; k < seeds.length; k++) {
        expect(Array.from(onBlocks.data.subarray(k * 4, k * 4 + 4))).toEqual(Array.from(whole.data.subarray(seeds[k] * 4, seeds[k] * 4 + 4)));
      }
      const grads = (loss: ReturnType<typeof ops.crossEntropy>) => {
        for (const p of parametersOf(model)) p.grad = null;
        backward(loss);
        return parametersOf(model).map((p) => Array.from(p.grad!));
      };
      const gWhole = grads(ops.crossEntropy(whole, labels, { mask: seeds }));
      const gBlocks = grads(ops.crossEntropy(onBlocks, Int32Array.from(seeds, (i) => labels[i])));
      gWhole.forEach((g, k) => g.forEach((v, j) => expect(gBlocks[k][j]).toBeCloseTo(v, 5)));
    });
  }
});

describe('mini-batch training', () => {
  afterAll(() => shutdownThreads());
  const method = withDefaults(MethodSection, { epochs: 3, fullBatch: false, batchSize: 512, fanout: [5, 3], patience: 0, baselines: [] });

  it('is chosen by method.fullBatch, or by the node budget when it is null, with the fan-out read hop by hop from the seeds', () => {
    expect(batchingFor({ ...method, fullBatch: null, fullBatchNodes: 100 }, 100, 2)).toBeNull();
    expect(batchingFor({ ...method, fullBatch: null, fullBatchNodes: 100 }, 101, 3)).toEqual({ batchSize: 512, fanouts: [3, 3, 5] });
    expect(batchingFor({ ...method, fullBatch: true }, 1e9, 2)).toBeNull();
    expect(batchingFor({ ...method, fullBatch: false }, 10, 2)).toEqual({ batchSize: 512, fanouts: [3, 5] });
  });

  async function trained(type: ModelType, threads: number) {
    setThreads(threads);
    const n = 6000;
    const graph = new GraphInput(randUndirectedGraph(11, n, 6, 'float32'));
    const model = new NodeClassifier({ ...defaultModelConfig, type, hidden: 64, heads: 2, attentionDropout: 0.1 }, 16, 5, makeRng(3));
    const x = randTensor(makeRng(4), [n, 16], 'float32', false);
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 5);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const r = await fit({ model, graph, x, labels, train: all.filter((i) => i % 3 !== 0), val: all.filter((i) => i % 3 === 0), method, seed: 9, classes: ['a', 'b', 'c', 'd', 'e'] });
    return { history: r.history.map(({ seconds: _, ...h }) => h), weights: parametersOf(model).map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('base64')) };
  }

  it('with every neighbour and one batch of all the training nodes, an epoch takes the step whole-graph training takes', async () => {
    setThreads(1);
    const n = 300;
    const graph = graphOf(n, 8);
    const x = randTensor(makeRng('x'), [n, 6], 'float32', false);
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 3) % 4);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const weightsAfter = async (fullBatch: boolean) => {
      const model = new NodeClassifier({ ...defaultModelConfig, type: 'sage', hidden: 8, dropout: 0 }, 6, 4, makeRng(3));
      const m = withDefaults(MethodSection, { epochs: 1, fullBatch, batchSize: n, fanout: ['all'], patience: 0, baselines: [] });
      const r = await fit({ model, graph, x, labels, train: all.filter((i) => i % 2 === 0), val: all.filter((i) => i % 2 === 1), method: m, seed: 1, classes: ['a', 'b', 'c', 'd'] });
      return { loss: r.history[0].train_loss, valLoss: r.history[0].val_loss!, weights: parametersOf(model).flatMap((p) => Array.from(p.data)) };
    };
    const whole = await weightsAfter(true), batched = await weightsAfter(false);
    expect(batched.loss).toBeCloseTo(whole.loss, 5);
    // the same epoch scored layer by layer: the validation loss of the same weights
    expect(batched.valLoss).toBeCloseTo(whole.valLoss, 5);
    batched.weights.forEach((w, k) => expect(w).toBeCloseTo(whole.weights[k], 5));
  });

  for (const type of ['gcn', 'sage', 'gat'] as ModelType[]) {
    it(`${type}: the same run bit for bit with 1 and 2 threads (kernels split across threads)`, async () => {
      const one = await trained(type, 1);
      const before = parallelCallCount();
      const two = await trained(type, 2);
      expect(parallelCallCount()).toBeGreaterThan(before);
      expect(two).toEqual(one);
      // the loss fell: the steps learnt something
      expect(one.history[2].train_loss).toBeLessThan(one.history[0].train_loss);
    }, 120_000);
  }
});
