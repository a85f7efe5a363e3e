import { afterAll, describe, expect, it } from 'vitest';
import { parallelCallCount, setThreads, shutdownThreads } from '../../src/util/thread_pool';
import { backward } from '../../src/autograd/tape';
import { GraphInput } from '../../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../../src/nn/model';
import { parametersOf } from '../../src/nn/module';
import * as ops from '../../src/ops';
import { makeRng } from '../../src/util/rng';
import { randTensor, randUndirectedGraph } from '../helpers/random';

/** One seeded forward + backward pass; returns the bits of the logits and of every gradient. */
function epochBits(type: ModelType, threads: number): Uint8Array[] {
  setThreads(threads);
  const n = 6000;
  const graph = new GraphInput(randUndirectedGraph(11, n, 4, 'float32'));
  const model = new NodeClassifier({ ...defaultModelConfig, type, hidden: 32, heads: 2, attentionDropout: 0.1 }, 8, 5, makeRng(3));
  const x = randTensor(makeRng(4), [n, 8], 'float32', false);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 5);
  const logits = model.forward(x, { graph, training: true, rng: makeRng(5) });
  const bits = [new Uint8Array(logits.data.slice().buffer)];
  backward(ops.crossEntropy(logits, labels));
  for (const p of parametersOf(model)) bits.push(new Uint8Array(p.grad!.slice().buffer));
  return bits;
}

describe('kernels split across worker threads give identical bits', () => {
  afterAll(() => shutdownThreads());
  for (const type of ['gcn', 'sage', 'gat'] as ModelType[]) {
    it(`${type}: forward and backward with 1, 2 and 3 threads`, () => {
      const one = epochBits(type, 1);
      for (const t of [2, 3]) {
        const before = parallelCallCount();
        const many = epochBits(type, t);
        expect(parallelCallCount()).toBeGreaterThan(before);
        expect(many.length).toBe(one.length);
        for (let k = 0; k < one.length; k++) expect(Buffer.compare(Buffer.from(many[k]), Buffer.from(one[k]))).toBe(0);
      }
    }, 60_000);
  }
});
