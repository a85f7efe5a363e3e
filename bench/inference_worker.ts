/*
 * Inference over the whole benchmark graph in a process of its own (so peak memory is this run's):
 * npx ts-node bench/inference_worker.ts <gcn|sage|gat> <nodes> <whole|layerwise> <threads>
 * Prints one JSON line: seconds, peak RSS, and a checksum of the class scores (equal between the two ways).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { noGrad } from '../src/autograd/tape';
import { GraphInput } from '../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../src/nn/model';
import { CSR } from '../src/sparse/csr';
import { Tensor } from '../src/tensor/tensor';
import { layerwiseLogits } from '../src/train/layerwise';
import { makeRng } from '../src/util/rng';
import { setThreads, shutdownThreads } from '../src/util/thread_pool';
import { benchGraph, CLASSES, FEATURES } from './graph_fixture';

const rssMB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const [type, nArg, how, threadsArg] = process.argv.slice(2);
const n = Number(nArg);
setThreads(Number(threadsArg ?? 1));
const g = benchGraph(n);
const graph = new GraphInput(new CSR(n, n, g.rowPtr, g.col, new Float32Array(g.col.length).fill(1)));
const x = new Tensor(g.x, [n, FEATURES]);
const cfg = { ...defaultModelConfig, type: type as ModelType, hidden: type === 'gat' ? 16 : 64, heads: 4, outHeads: 1, layers: 3 };
const model = new NodeClassifier(cfg, FEATURES, CLASSES, makeRng(1));
// the operators a layer reads are built before the clock starts, as in training
graph.gcn('float32'); graph.mean('float32'); graph.withSelfLoops('float32');
const before = rssMB('VmRSS');
const t0 = performance.now();
const out = how === 'layerwise' ? layerwiseLogits(model, graph, x) : noGrad(() => model.forward(x, { graph, training: false, rng: makeRng(0) }));
const seconds = (performance.now() - t0) / 1000;
const sum = createHash('sha256').update(new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength)).digest('hex').slice(0, 16);
console.log(JSON.stringify({ seconds, peakMB: Math.round(rssMB('VmHWM')), beforeMB: Math.round(before), scores: sum }));
shutdownThreads();
