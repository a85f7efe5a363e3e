import { backward } from '../autograd/tape';
import { NeighbourSampler, type Fanout } from '../graph/neighbour_sampler';
import type { GraphInput } from '../nn/graph_input';
import type { NodeClassifier } from '../nn/model';
import { crossEntropy, indexSelect } from '../ops';
import type { Optimizer } from '../optim/optimizer';
import type { Tensor } from '../tensor/tensor';
import { clearFloatPool } from '../util/float';
import { makeRng, shuffle } from '../util/rng';
import type { MethodConfig } from './method_config';

/** How a run trains in mini-batches: seeds per step and neighbours per layer (first layer first). */
export interface Batching {
  batchSize: number;
  fanouts: Fanout[];
}

/**
 * Mini-batches or whole-graph training (null): method.fullBatch, or when it is null, whether the
 * graph is larger than method.fullBatchNodes. The fanout list runs hop by hop from the seeds
 * (method.fanout); the result runs layer by layer from the input, its last entry repeated.
 */
export function batchingFor(method: Pick<MethodConfig, 'fullBatch' | 'fullBatchNodes' | 'batchSize' | 'fanout'>, numNodes: number, graphLayers: number): Batching | null {
  const full = method.fullBatch ?? numNodes <= method.fullBatchNodes;
  if (full) return null;
  const hops = Array.from({ length: graphLayers }, (_, h) => method.fanout[Math.min(h, method.fanout.length - 1)]);
  return { batchSize: method.batchSize, fanouts: hops.reverse() };
}

export interface MiniBatchEpoch {
  /** Features the model reads this epoch ([nodes, F]): rows are gathered per batch. */
  x: Tensor;
  labels: Int32Array;
  /** The nodes whose labels are learnt. */
  learn: Int32Array;
  classWeights?: number[];
}

/**
 * One epoch of neighbour-sampled training: the learnt nodes in a seeded order, cut into batches;
 * each batch samples its blocks, gathers its input rows, and takes one forward, backward and
 * optimiser step. Order, neighbours and dropout draw from RNGs named by (seed, epoch, batch), so a
 * run is the same bit for bit whatever the thread count. Returns the mean training loss over the
 * epoch's seeds.
 */
export class MiniBatchTrainer {
  private readonly sampler: NeighbourSampler;

  constructor(readonly model: NodeClassifier, readonly graph: GraphInput, readonly batching: Batching, readonly seed: number) {
    this.sampler = new NeighbourSampler(graph);
  }

  epoch(epoch: number, e: MiniBatchEpoch, opt: Optimizer): number {
    if (e.learn.length === 0) throw new Error('mini-batch training: no training node to learn from');
    const order = e.learn.slice();
    shuffle(order, makeRng(`batches-${this.seed}-${epoch}`));
    const usesGraph = this.model.cfg.type !== 'mlp';
    let total = 0;
    for (let b = 0, start = 0; start < order.length; b++, start += this.batching.batchSize) {
      const seeds = order.subarray(start, start + this.batching.batchSize);
      const { blocks, input } = usesGraph
        ? this.sampler.sample(seeds, this.batching.fanouts, makeRng(`sample-${this.seed}-${epoch}-${b}`))
        : { blocks: undefined, input: seeds };
      opt.zeroGrad();
      const logits = this.model.forward(indexSelect(e.x, input), { graph: this.graph, blocks, training: true, rng: makeRng(`dropout-${this.seed}-${epoch}-${b}`) });
      const loss = crossEntropy(logits, Int32Array.from(seeds, (i) => e.labels[i]), { classWeights: e.classWeights });
      total += loss.item() * seeds.length;
      backward(loss);
      opt.step();
      // blocks differ in size from batch to batch: the gradient buffers backward hands to the pool
      // would never be taken, and would hold up to the pool's limit
      clearFloatPool();
    }
    return total / order.length;
  }
}
