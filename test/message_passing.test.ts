import { describe, expect, it } from 'vitest';
import * as ops from '../src/ops';
import { Tensor } from '../src/tensor/tensor';
import { GraphInput } from '../src/nn/graph_input';
import { GCNLayer } from '../src/nn/gcn';
import { SAGELayer } from '../src/nn/sage';
import { propagate } from '../src/nn/message_passing';
import { makeRng } from '../src/util/rng';
import { randTensor, randUndirectedGraph } from './helpers/random';
import { gradCheck } from './helpers/gradcheck';

describe('generic message passing', () => {
  const graph = new GraphInput(randUndirectedGraph(5, 20, 3, 'float64', [6]));
  const x = randTensor(makeRng(1), [20, 4], 'float64', false);
  it('reproduces the fused GCN layer (messages = normalised edge value × source features)', () => {
    const layer = new GCNLayer(4, 3, makeRng(2), 'float64');
    const a = graph.gcn('float64');
    const fused = layer.forward(x, { graph, training: false, rng: makeRng(0) });
    const generic = propagate(a, ops.matmul(x, layer.weight), {
      // scale each gathered source row by its edge's normalised weight
      message: (xs) => ops.mul(xs, edgeColumn(a.val, xs.shape[1])),
      aggregate: 'sum',
      update: (agg) => ops.add(agg, layer.bias),
    });
    for (let i = 0; i < fused.size; i++) expect(generic.data[i]).toBeCloseTo(fused.data[i], 12);
  });
  it('reproduces SAGE with mean aggregation', () => {
    const layer = new SAGELayer(4, 3, makeRng(3), 'float64');
    const fused = layer.forward(x, { graph, training: false, rng: makeRng(0) });
    const generic = propagate(graph.adj.as('float64'), x, {
      message: (xs) => xs,
      aggregate: 'mean',
      update: (agg, xi) => ops.add(ops.add(ops.matmul(agg, layer.weightsNeigh[0]), ops.matmul(xi, layer.weightRoot)), layer.bias),
    });
    for (let i = 0; i < fused.size; i++) expect(generic.data[i]).toBeCloseTo(fused.data[i], 12);
  });
  it('has correct gradients for a nonlinear message', () => {
    const xg = randTensor(makeRng(4), [20, 3], 'float64');
    const a = graph.adj.as('float64');
    const err = gradCheck((i) => propagate(a, i[0], { message: (xs, xd) => ops.tanh(ops.sub(xs, xd)), aggregate: 'mean' }), [xg]);
    expect(err).toBeLessThanOrEqual(1e-6);
  });
});

/** An [nnz, F] constant tensor repeating each edge's value across F columns. */
function edgeColumn(vals: ArrayLike<number>, F: number): Tensor {
  return Tensor.from(Array.from({ length: vals.length * F }, (_, i) => vals[Math.floor(i / F)]), [vals.length, F], 'float64');
}
