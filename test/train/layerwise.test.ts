import { describe, expect, it } from 'vitest';
import { noGrad } from '../../src/autograd/tape';
import { GraphInput } from '../../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelConfig } from '../../src/nn/model';
import { Tensor } from '../../src/tensor/tensor';
import { layerwiseLogits } from '../../src/train/layerwise';
import { makeRng } from '../../src/util/rng';
import { randTensor, randUndirectedGraph } from '../helpers/random';

const N = 400;

function survey(seed: number) {
  const at = makeRng(`xyz-${seed}`);
  const coord = () => Float64Array.from({ length: N }, () => at.next() * 10);
  // nodes 7 and 300 have no neighbours: their rows are empty in every operator
  const graph = new GraphInput(randUndirectedGraph(seed, N, 6, 'float32', [7, 300]), { x: coord(), y: coord(), z: coord() });
  const x = randTensor(makeRng(`x-${seed}`), [N, 12], 'float32', false);
  // a mostly-zero input takes the sparse path in the first layer, whole or in blocks
  const onehot = Tensor.zeros([N, 40]);
  for (let i = 0; i < N; i++) onehot.data[i * 40 + (i % 40)] = 1;
  return { graph, x, onehot };
}

const models: [string, Partial<ModelConfig>][] = [
  ['gcn', { type: 'gcn' }],
  ['gcn, 3 layers, widening', { type: 'gcn', layers: 3, hidden: 48 }],
  ['sage', { type: 'sage' }],
  ['sage, directional', { type: 'sage', directions: 'vertical' }],
  ['gat, 3 heads', { type: 'gat', heads: 3, hidden: 8 }],
  ['gat, jumping knowledge', { type: 'gat', heads: 2, hidden: 8, jk: 'cat' }],
  ['gcn, jumping knowledge, elu', { type: 'gcn', jk: 'cat', activation: 'elu' }],
  ['mlp', { type: 'mlp' }],
];

describe('layer-wise inference', () => {
  for (const [label, cfg] of models) {
    for (const input of ['dense', 'one-hot'] as const) {
      it(`equals the whole-graph forward pass bit for bit: ${label}, ${input} features, blocks of 37 rows`, () => {
        const { graph, x, onehot } = survey(3);
        const features = input === 'dense' ? x : onehot;
        const model = new NodeClassifier({ ...defaultModelConfig, hidden: 16, ...cfg }, features.shape[1], 5, makeRng('w'), 'float32', cfg.directions === 'vertical' ? undefined : ['neigh']);
        const whole = noGrad(() => model.forward(features, { graph, training: false, rng: makeRng(0) }));
        const byLayer = layerwiseLogits(model, graph, features, 37);
        expect(byLayer.shape).toEqual(whole.shape);
        expect(Array.from(byLayer.data)).toEqual(Array.from(whole.data));
      });
    }
  }
});
