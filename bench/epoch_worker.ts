/*
 * One training-epoch measurement in a process of its own (so peak memory is this run's):
 * npx ts-node bench/epoch_worker.ts <gcn|sage|gat> <nodes> <epochs> <threads> [given|rcm]
 * Prints one JSON line: median seconds per epoch (forward, backward, Adam step) and peak RSS.
 * With rcm the graph (and the node features and labels with it) is renumbered by reverse
 * Cuthill–McKee first, so neighbours sit near each other in memory.
 */
import { readFileSync } from 'node:fs';
import { backward } from '../src/autograd/tape';
import { GraphInput } from '../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../src/nn/model';
import { parametersOf } from '../src/nn/module';
import { crossEntropy } from '../src/ops';
import { Adam } from '../src/optim';
import { CSR } from '../src/sparse/csr';
import { Tensor } from '../src/tensor/tensor';
import { allocFloat, allocInt } from '../src/util/float';
import { makeRng } from '../src/util/rng';
import { setThreads, shutdownThreads } from '../src/util/thread_pool';
import { rcmOrder, renumberCSR } from '../src/sparse/renumber';
import { benchGraph, CLASSES, FEATURES, type BenchGraph } from './graph_fixture';

function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

const [type, nArg, epochsArg, threadsArg, orderArg] = process.argv.slice(2);
const n = Number(nArg);
setThreads(Number(threadsArg ?? 1));
const g = orderArg === 'rcm' ? renumbered(benchGraph(n)) : benchGraph(n);

/** The graph, its features and labels with nodes in reverse Cuthill–McKee order. */
function renumbered(b: BenchGraph): BenchGraph {
  const order = rcmOrder(new CSR(b.n, b.n, b.rowPtr, b.col, new Float32Array(b.col.length)));
  const a = renumberCSR(new CSR(b.n, b.n, b.rowPtr, b.col, new Float32Array(b.col.length)), order);
  const x = new Float32Array(b.x.length), y = new Int32Array(b.n);
  for (let k = 0; k < b.n; k++) { x.set(b.x.subarray(order[k] * FEATURES, order[k] * FEATURES + FEATURES), k * FEATURES); y[k] = b.y[order[k]]; }
  return { n: b.n, rowPtr: a.rowPtr, col: a.col, x, y };
}
const rowPtr = allocInt(g.rowPtr.length); rowPtr.set(g.rowPtr);
const col = allocInt(g.col.length); col.set(g.col);
const val = allocFloat(col.length, 'float32'); val.fill(1);
const graph = new GraphInput(new CSR(n, n, rowPtr, col, val));
const xData = allocFloat(n * FEATURES, 'float32') as Float32Array; xData.set(g.x);
const x = new Tensor(xData, [n, FEATURES]);
const cfg = { ...defaultModelConfig, type: type as ModelType, hidden: type === 'gat' ? 16 : 64, heads: 4, outHeads: 1, layers: 2, dropout: 0.5 };
const model = new NodeClassifier(cfg, FEATURES, CLASSES, makeRng(1));
const opt = new Adam(parametersOf(model), { lr: 0.01 });
const rng = makeRng(2);
const times: number[] = [];
const epochs = Number(epochsArg);
for (let e = 0; e <= epochs; e++) {
  const t0 = performance.now();
  opt.zeroGrad();
  const loss = crossEntropy(model.forward(x, { graph, training: true, rng }), g.y);
  backward(loss, undefined, { recycle: true }); // as fit.ts trains: the epoch's buffers are reused by the next
  opt.step();
  if (e > 0) times.push((performance.now() - t0) / 1000); // epoch 0 warms up (normalisation caches, JIT)
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ impl: 'geo-graphnet', order: orderArg ?? 'given', model: type, nodes: n, edges: g.col.length, threads: Number(threadsArg ?? 1), median_s: times[Math.floor(times.length / 2)], peak_mb: peakRssMB() }));
shutdownThreads();
