import { Tensor } from '../../src/tensor/tensor';
import * as ops from '../../src/ops';
import { DIRECTIONS, GraphInput, type NodeTypes } from '../../src/nn/graph_input';
import { Linear } from '../../src/nn/linear';
import { GCNLayer } from '../../src/nn/gcn';
import { SAGELayer } from '../../src/nn/sage';
import { GATLayer } from '../../src/nn/gat';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../../src/nn/model';
import { parametersOf, type Module } from '../../src/nn/module';
import type { DType } from '../../src/util/float';
import { makeRng } from '../../src/util/rng';
import { randGraph, randTensor, randUndirectedGraph } from './random';
import { NeighbourSampler } from '../../src/graph/neighbour_sampler';

/** One audited case: builds its inputs (deterministically, in either precision) and the function of them. */
export interface AuditCase {
  op: string;
  label: string;
  make(dtype: DType): { inputs: Tensor[]; fn: (inputs: Tensor[]) => Tensor };
}

const SEEDS = [1, 2, 3];

function cases(op: string, variants: { label: string; build: (seed: number, dtype: DType) => { inputs: Tensor[]; fn: (i: Tensor[]) => Tensor } }[]): AuditCase[] {
  const out: AuditCase[] = [];
  for (const v of variants) for (const s of SEEDS) out.push({ op, label: `${v.label} seed ${s}`, make: (dtype) => v.build(s, dtype) });
  return out;
}

/**
 * Parameters get random values (biases included): a zero bias behind a row whose inputs were all
 * dropped would put ReLU exactly on its kink, where finite differences are not defined.
 */
function randomizeParams(m: Module, seed: number): void {
  const rng = makeRng(`params-${seed}`);
  for (const p of parametersOf(m)) for (let i = 0; i < p.size; i++) p.data[i] = rng.next() * 2 - 1;
}

/** Two node types on a graph of n nodes: every third node is of type 1 (a borehole sample among survey cells). */
export function twoTypes(n: number): NodeTypes {
  return { of: Int32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 1 : 0)), names: ['cell', 'borehole'] };
}

function layerCase(makeLayer: (dtype: DType) => Module, n: number, inDim: number, seed: number, dtype: DType, isolated: number[] = [], types: NodeTypes | null = null) {
  // random positions: directional layers split neighbours into above, below and beside by them
  const at = makeRng(`xyz-${seed}`);
  const coord = () => Float64Array.from({ length: n }, () => at.next() * 10);
  const graph = new GraphInput(randUndirectedGraph(seed, n, 3, 'float64', isolated), { x: coord(), y: coord(), z: coord() }, types);
  const layer = makeLayer(dtype);
  randomizeParams(layer, seed);
  const x = randTensor(makeRng(`x-${seed}`), [n, inDim], dtype);
  const ctx = { graph, training: false, rng: makeRng(0) };
  return { inputs: [x, ...parametersOf(layer)], fn: (i: Tensor[]) => layer.forward(i[0], ctx) };
}

export function auditCases(): AuditCase[] {
  const r = (tag: string, s: number) => makeRng(`${tag}-${s}`);
  const shapes2 = [[3, 4], [1, 1], [5, 7]];
  const list: AuditCase[] = [];
  list.push(...cases('matmul', [[3, 4, 2], [1, 1, 1], [5, 3, 7]].map(([n, k, m]) => ({
    label: `${n}x${k}·${k}x${m}`,
    build: (s: number, d: DType) => ({ inputs: [randTensor(r('a', s), [n, k], d), randTensor(r('b', s), [k, m], d)], fn: (i: Tensor[]) => ops.matmul(i[0], i[1]) }),
  }))));
  // a constant, mostly-zero left operand takes the sparse path (bag-of-words features)
  list.push(...cases('matmul', [{
    label: 'sparse constant 80x64 (5 % non-zero)·64x5',
    build: (s: number, d: DType) => {
      const a = randTensor(r('a', s), [80, 64], d, false);
      const keep = r('mask', s);
      for (let i = 0; i < a.size; i++) if (keep.next() > 0.05) a.data[i] = 0;
      ops.declareInput(a);
      return { inputs: [randTensor(r('b', s), [64, 5], d)], fn: (i: Tensor[]) => ops.matmul(a, i[0]) };
    },
  }]));
  for (const name of ['add', 'sub', 'mul'] as const) {
    list.push(...cases(name, [
      { label: 'same shape', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 3], d), randTensor(r('b', s), [4, 3], d)], fn: (i) => ops[name](i[0], i[1]) }) },
      { label: 'row bias', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 3], d), randTensor(r('b', s), [3], d)], fn: (i) => ops[name](i[0], i[1]) }) },
      { label: 'scalar', build: (s, d) => ({ inputs: [randTensor(r('a', s), [2, 3], d), randTensor(r('b', s), [1], d)], fn: (i) => ops[name](i[0], i[1]) }) },
    ]));
  }
  list.push(...cases('scale', [{ label: '3x2', build: (s, d) => ({ inputs: [randTensor(r('a', s), [3, 2], d)], fn: (i) => ops.scale(i[0], -1.7) }) }]));
  const acts: [string, (t: Tensor) => Tensor][] = [
    ['relu', ops.relu], ['leaky_relu', (t) => ops.leakyRelu(t, 0.2)], ['elu', ops.elu], ['tanh', ops.tanh], ['sigmoid', ops.sigmoid],
  ];
  for (const [name, f] of acts) {
    list.push(...cases(name, shapes2.map(([n, m]) => ({ label: `${n}x${m}`, build: (s: number, d: DType) => ({ inputs: [randTensor(r('a', s), [n, m], d, true, -3, 3)], fn: (i: Tensor[]) => f(i[0]) }) }))));
  }
  list.push(...cases('dropout', [{ label: 'p=0.4', build: (s, d) => ({ inputs: [randTensor(r('a', s), [6, 5], d)], fn: (i) => ops.dropout(i[0], 0.4, makeRng(`mask-${s}`), true) }) }]));
  list.push(...cases('softmax', shapes2.map(([n, m]) => ({ label: `${n}x${m}`, build: (s: number, d: DType) => ({ inputs: [randTensor(r('a', s), [n, m], d, true, -4, 4)], fn: (i: Tensor[]) => ops.softmax(i[0]) }) }))));
  list.push(...cases('log_softmax', shapes2.map(([n, m]) => ({ label: `${n}x${m}`, build: (s: number, d: DType) => ({ inputs: [randTensor(r('a', s), [n, m], d, true, -4, 4)], fn: (i: Tensor[]) => ops.logSoftmax(i[0]) }) }))));
  list.push(...cases('sum', [{ label: '4x3', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 3], d)], fn: (i) => ops.sum(i[0]) }) }]));
  list.push(...cases('mean', [{ label: '4x3', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 3], d)], fn: (i) => ops.mean(i[0]) }) }]));
  list.push(...cases('head_mean', [{ label: '3 heads', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 6], d)], fn: (i) => ops.headMean(i[0], 3) }) }]));
  list.push(...cases('concat', [{ label: '[4x2,4x3,4x1]', build: (s, d) => ({ inputs: [randTensor(r('a', s), [4, 2], d), randTensor(r('b', s), [4, 3], d), randTensor(r('c', s), [4, 1], d)], fn: (i) => ops.concatCols(i) }) }]));
  list.push(...cases('index_select', [{ label: 'repeats', build: (s, d) => ({ inputs: [randTensor(r('a', s), [5, 3], d)], fn: (i) => ops.indexSelect(i[0], Int32Array.from([4, 0, 4, 2])) }) }]));
  list.push(...cases('leading_rows', [{ label: '3 of 5', build: (s, d) => ({ inputs: [randTensor(r('a', s), [5, 3], d)], fn: (i) => ops.leadingRows(i[0], 3) }) }]));
  const graphs: [string, number, number[]][] = [['8 nodes', 8, []], ['isolated nodes', 9, [0, 5]], ['single node', 1, []]];
  list.push(...cases('spmm', graphs.map(([label, n, iso]) => ({
    label: `constant values, ${label}`,
    build: (s: number, d: DType) => ({ inputs: [randTensor(r('x', s), [n, 4], d)], fn: (i: Tensor[]) => ops.spmm(randGraph(s, n, 3, d, iso), i[0]) }),
  }))));
  list.push(...cases('spmm+sddmm', graphs.flatMap(([label, n, iso]) => [1, 3].map((H) => ({
    label: `edge values, ${H} head(s), ${label}`,
    build: (s: number, d: DType) => {
      const a = randGraph(s, n, 3, d, iso);
      return { inputs: [randTensor(r('x', s), [n, H * 2], d), randTensor(r('v', s), [a.nnz, H], d)], fn: (i: Tensor[]) => ops.spmm(a, i[0], i[1], H) };
    },
  })))));
  list.push(...cases('edge_softmax', graphs.map(([label, n, iso]) => ({
    label: `2 heads, ${label}`,
    build: (s: number, d: DType) => {
      const a = randGraph(s, n, 3, d, iso);
      return { inputs: [randTensor(r('e', s), [a.nnz, 2], d, true, -3, 3)], fn: (i: Tensor[]) => ops.edgeSoftmax(a, i[0], 2) };
    },
  }))));
  list.push(...cases('edge_scores', [{ label: '2 heads', build: (s, d) => {
    const a = randGraph(s, 7, 3, d, [3]);
    return { inputs: [randTensor(r('d', s), [7, 2], d), randTensor(r('s', s), [7, 2], d)], fn: (i) => ops.edgeScores(a, i[0], i[1], 2) };
  } }]));
  list.push(...cases('head_dot', [{ label: '3 heads × 2', build: (s, d) => ({ inputs: [randTensor(r('x', s), [5, 6], d), randTensor(r('w', s), [3, 2], d)], fn: (i) => ops.headDot(i[0], i[1], 3) }) }]));
  const labels = Int32Array.from([0, 2, 1, 2, 0, 1]);
  list.push(...cases('nll_loss', [
    { label: 'masked, class weights', build: (s, d) => ({ inputs: [randTensor(r('l', s), [6, 3], d, true, -3, -0.1)], fn: (i) => ops.nllLoss(i[0], labels, { mask: Int32Array.from([0, 2, 3, 5]), classWeights: [0.5, 2, 1] }) }) },
  ]));
  list.push(...cases('cross_entropy', [
    { label: 'all rows', build: (s, d) => ({ inputs: [randTensor(r('l', s), [6, 3], d, true, -3, 3)], fn: (i) => ops.crossEntropy(i[0], labels) }) },
    { label: 'one class', build: (s, d) => ({ inputs: [randTensor(r('l', s), [4, 1], d, true, -3, 3)], fn: (i) => ops.crossEntropy(i[0], new Int32Array(4)) }) },
  ]));
  list.push(...cases('l2_penalty', [{ label: 'two tensors', build: (s, d) => ({ inputs: [randTensor(r('a', s), [3, 2], d), randTensor(r('b', s), [4], d)], fn: (i) => ops.l2Penalty(i, 5e-4) }) }]));

  // layers: gradients for the input and every parameter, on graphs with and without isolated nodes
  const layerGraphs: [string, number, number[]][] = [['10 nodes', 10, []], ['isolated nodes', 10, [2, 7]], ['single node', 1, []]];
  const layers: [string, (d: DType, s: number) => Module][] = [
    ['linear', (d, s) => new Linear(4, 3, makeRng(`w-${s}`), d)],
    ['gcn (widening 4→6)', (d, s) => new GCNLayer(4, 6, makeRng(`w-${s}`), d)],
    ['gcn (narrowing 4→3)', (d, s) => new GCNLayer(4, 3, makeRng(`w-${s}`), d)],
    ['sage', (d, s) => new SAGELayer(4, 3, makeRng(`w-${s}`), d)],
    ['sage (directional, narrowing 4→3)', (d, s) => new SAGELayer(4, 3, makeRng(`w-${s}`), d, [...DIRECTIONS])],
    ['sage (directional, widening 4→6)', (d, s) => new SAGELayer(4, 6, makeRng(`w-${s}`), d, [...DIRECTIONS])],
    ['gat (3 heads, concat)', (d, s) => new GATLayer(4, 2, makeRng(`w-${s}`), d, { heads: 3, concat: true })],
    ['gat (2 heads, mean)', (d, s) => new GATLayer(4, 3, makeRng(`w-${s}`), d, { heads: 2, concat: false })],
  ];
  for (const [name, mk] of layers) {
    list.push(...cases(`layer ${name.split(' ')[0]}`, layerGraphs.map(([label, n, iso]) => ({
      label: `${name}, ${label}`,
      build: (s: number, d: DType) => layerCase((dt) => mk(dt, s), n, 4, s, d, iso),
    }))));
  }
  // heterogeneous graphs: a weight per relation (cell→cell split by direction, borehole→cell, cell→borehole, borehole→borehole)
  for (const directional of [false, true]) {
    list.push(...cases('layer sage', layerGraphs.filter(([, n]) => n > 1).map(([label, n, iso]) => ({
      label: `sage (typed relations${directional ? ', directional' : ''}), ${label}`,
      build: (s: number, d: DType) => {
        const types = twoTypes(n);
        const graph = new GraphInput(randUndirectedGraph(s, n, 3, 'float64', iso), null, types);
        return layerCase((dt) => new SAGELayer(4, 3, makeRng(`w-${s}`), dt, graph.neighbourSets(directional)), n, 4, s, d, iso, types);
      },
    }))));
  }
  list.push(...cases('model', [{
    label: 'sage on a heterogeneous graph (two node types, directional), 2 layers with dropout',
    build: (s, d) => {
      const types = twoTypes(9);
      const at = makeRng(`xyz-${s}`);
      const coord = () => Float64Array.from({ length: 9 }, () => at.next() * 10);
      const graph = new GraphInput(randUndirectedGraph(s, 9, 3, 'float64', [4]), { x: coord(), y: coord(), z: coord() }, types);
      const model = new NodeClassifier({ ...defaultModelConfig, type: 'sage', hidden: 5, dropout: 0.3, directions: 'vertical' }, 4, 3, makeRng(`w-${s}`), d, graph.neighbourSets(true));
      randomizeParams(model, s);
      const x = randTensor(makeRng(`x-${s}`), [9, 4], d);
      return { inputs: [x, ...parametersOf(model)], fn: (i) => model.forward(i[0], { graph, training: true, rng: makeRng(`drop-${s}`) }) };
    },
  }]));
  const models: [ModelType, 'none' | 'cat'][] = [['gcn', 'none'], ['sage', 'none'], ['gat', 'none'], ['mlp', 'none'], ['gcn', 'cat'], ['gat', 'cat']];
  for (const [type, jk] of models) {
    list.push(...cases('model', [{
      label: `${type}, 2 layers with dropout${jk === 'cat' ? ', jumping knowledge (cat)' : ''}`,
      build: (s, d) => {
        const model = new NodeClassifier({ ...defaultModelConfig, type, jk, hidden: 5, heads: 2, dropout: 0.3, attentionDropout: 0.2 }, 4, 3, makeRng(`w-${s}`), d);
        randomizeParams(model, s);
        const graph = new GraphInput(randUndirectedGraph(s, 9, 3, 'float64', [4]));
        const x = randTensor(makeRng(`x-${s}`), [9, 4], d);
        return { inputs: [x, ...parametersOf(model)], fn: (i) => model.forward(i[0], { graph, training: true, rng: makeRng(`drop-${s}`) }) };
      },
    }]));
  }
  // mini-batch training: the same layers on sampled blocks (rectangular operators, destinations
  // first among the sources, rescaled sampled rows), seeds in shuffled order
  const blockModels: [ModelType, 'none' | 'cat', 'none' | 'vertical'][] = [['gcn', 'none', 'none'], ['sage', 'none', 'none'], ['sage', 'none', 'vertical'], ['gat', 'none', 'none'], ['gat', 'cat', 'none']];
  for (const [type, jk, directions] of blockModels) {
    list.push(...cases('model on sampled blocks', [{
      label: `${type}${directions === 'vertical' ? ' (directional)' : ''}, 2 layers with dropout, fan-out [2, 3]${jk === 'cat' ? ', jumping knowledge (cat)' : ''}`,
      build: (s, d) => {
        const model = new NodeClassifier({ ...defaultModelConfig, type, jk, directions, hidden: 5, heads: 2, dropout: 0.3, attentionDropout: 0.2 }, 4, 3, makeRng(`w-${s}`), d);
        randomizeParams(model, s);
        const at = makeRng(`xyz-${s}`);
        const coord = () => Float64Array.from({ length: 16 }, () => at.next() * 10);
        const graph = new GraphInput(randUndirectedGraph(s, 16, 4, 'float64', [4]), { x: coord(), y: coord(), z: coord() });
        const { blocks, input } = new NeighbourSampler(graph).sample(Int32Array.from([9, 4, 0, 13]), [2, 3], makeRng(`sample-${s}`));
        const x = randTensor(makeRng(`x-${s}`), [input.length, 4], d);
        return { inputs: [x, ...parametersOf(model)], fn: (i) => model.forward(i[0], { graph, blocks, training: true, rng: makeRng(`drop-${s}`) }) };
      },
    }]));
  }
  return list;
}
