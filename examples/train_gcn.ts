/*
 * Build a graph from your own arrays and train a GCN on it through geo-graphnet's library API.
 *
 * Two geological units in a 2-D section: points above a wavy boundary are "cover", below it
 * "basement". The measured value (log conductivity) is noisy, so a point alone is often ambiguous;
 * its neighbours in a kNN graph settle it. The left half of the section trains, the right half is
 * held out.
 *
 *   npx tsc examples/train_gcn.ts ... && node examples/train_gcn.js   (or: npx ts-node examples/train_gcn.ts)
 */
import {
  Adam, GraphInput, NodeClassifier, Tensor, backward, defaultModelConfig, edgeWeights, knnEdges, makeRng, noGrad, ops, parametersOf, undirectedGraph,
} from 'geo-graphnet';

const rng = makeRng('example');
const n = 2000;
const coords = new Float64Array(2 * n);
const features = new Float32Array(2 * n);
const labels = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const x = rng.next() * 1000, depth = rng.next() * 100;
  const boundary = 50 + 15 * Math.sin(x / 120);
  labels[i] = depth > boundary ? 1 : 0;
  coords[2 * i] = x;
  coords[2 * i + 1] = depth;
  // log10 conductivity: conductive cover (≈ 1.9) over resistive basement (≈ 0.9), with heavy noise
  features[2 * i] = (labels[i] ? 0.9 : 1.9) + 0.8 * rng.normal();
  features[2 * i + 1] = depth / 100;
}

// a kNN graph in the section, Gaussian edge weights, symmetrised
const e = knnEdges({ coords, dim: 2 }, 8);
const graph = undirectedGraph(n, e.src, e.dst, edgeWeights(e.dist, { weight: 'gaussian', sigma: null }));
const input = new GraphInput(graph.adj);
const x = new Tensor(features, [n, 2]);

const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => coords[2 * i] < 500);
const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => coords[2 * i] >= 500);

const model = new NodeClassifier({ ...defaultModelConfig, type: 'gcn', hidden: 16, layers: 2, dropout: 0.2 }, 2, 2, makeRng(1));
const opt = new Adam(parametersOf(model), { lr: 0.02, weightDecay: 5e-4 });
const dropoutRng = makeRng(2);
for (let epoch = 1; epoch <= 150; epoch++) {
  opt.zeroGrad();
  const loss = ops.crossEntropy(model.forward(x, { graph: input, training: true, rng: dropoutRng }), labels, { mask: train });
  backward(loss);
  opt.step();
  if (epoch % 50 === 0) console.log(`epoch ${epoch}: training loss ${loss.item().toFixed(4)}`);
}

const probs = noGrad(() => ops.softmax(model.forward(x, { graph: input, training: false, rng: dropoutRng })).data);
let right = 0;
for (const i of test) if ((probs[2 * i + 1] > probs[2 * i] ? 1 : 0) === labels[i]) right++;
console.log(`held-out accuracy ${(right / test.length).toFixed(4)} on ${test.length} points (${graph.numEdges} edges)`);
