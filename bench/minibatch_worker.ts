/*
 * Neighbour-sampled mini-batch training on the benchmark graph, in a process of its own:
 * npx ts-node bench/minibatch_worker.ts <gcn|sage|gat> <nodes> <batches> <threads> [batchSize] [fanout, e.g. 10,10]
 * Prints one JSON line: median seconds per batch for sampling (blocks cut, inputs gathered) and
 * for the step (forward, backward, Adam), their sum, and peak RSS. The first two batches warm up.
 */
import { readFileSync } from 'node:fs';
import { backward } from '../src/autograd/tape';
import { NeighbourSampler, type Fanout } from '../src/graph/neighbour_sampler';
import { GraphInput } from '../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../src/nn/model';
import { parametersOf } from '../src/nn/module';
import { crossEntropy, indexSelect } from '../src/ops';
import { Adam } from '../src/optim';
import { CSR } from '../src/sparse/csr';
import { Tensor } from '../src/tensor/tensor';
import { clearFloatPool } from '../src/util/float';
import { makeRng, shuffle } from '../src/util/rng';
import { setThreads, shutdownThreads } from '../src/util/thread_pool';
import { benchGraph, CLASSES, FEATURES } from './graph_fixture';

function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

const [type, nArg, batchesArg, threadsArg, batchArg, fanArg] = process.argv.slice(2);
const n = Number(nArg), batches = Number(batchesArg), batchSize = Number(batchArg ?? 4096);
// hop by hop from the seeds, as PyG's num_neighbors; the sampler takes them first layer first
const fanouts: Fanout[] = (fanArg ?? '10,10').split(',').map((f) => (f === 'all' ? 'all' : Number(f))).reverse();
setThreads(Number(threadsArg ?? 1));
const g = benchGraph(n);
const graph = new GraphInput(new CSR(n, n, g.rowPtr, g.col, new Float32Array(g.col.length).fill(1)));
const x = new Tensor(g.x, [n, FEATURES]);
const cfg = { ...defaultModelConfig, type: type as ModelType, hidden: type === 'gat' ? 16 : 64, heads: 4, outHeads: 1, layers: 2, dropout: 0.5 };
const model = new NodeClassifier(cfg, FEATURES, CLASSES, makeRng(1));
const opt = new Adam(parametersOf(model), { lr: 0.01 });
const sampler = new NeighbourSampler(graph);
const order = Int32Array.from({ length: n }, (_, i) => i);
shuffle(order, makeRng('order'));
const sample: number[] = [], step: number[] = [];
let inputs = 0;
for (let b = 0; b < batches + 2; b++) {
  const seeds = order.subarray(b * batchSize, (b + 1) * batchSize);
  const t0 = performance.now();
  const { blocks, input } = sampler.sample(seeds, fanouts, makeRng(`sample-${b}`));
  const xb = indexSelect(x, input);
  const t1 = performance.now();
  opt.zeroGrad();
  const logits = model.forward(xb, { graph, blocks, training: true, rng: makeRng(`drop-${b}`) });
  backward(crossEntropy(logits, Int32Array.from(seeds, (i) => g.y[i])));
  opt.step();
  clearFloatPool(); // as MiniBatchTrainer does: block-sized buffers are never reused
  const t2 = performance.now();
  if (b >= 2) {
    sample.push((t1 - t0) / 1000);
    step.push((t2 - t1) / 1000);
    inputs += input.length;
  }
}
const median = (a: number[]) => a.slice().sort((p, q) => p - q)[Math.floor(a.length / 2)];
const total = sample.map((s, i) => s + step[i]);
console.log(JSON.stringify({ sample: median(sample), step: median(step), batch: median(total), inputNodes: Math.round(inputs / batches), peakMB: Math.round(peakRssMB()) }));
shutdownThreads();
