import { Tensor } from '../tensor/tensor';
import { add, matmul, spmm } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { glorotUniform, zerosParam } from './init';
import { DIRECTIONS } from './graph_input';
import type { ForwardContext, Module } from './module';

/**
 * GraphSAGE with the mean aggregator and a root weight (PyG's SAGEConv):
 * mean_{j∈N(i)} x_j · W_l + b + x_i · W_r. Mean aggregation is linear, so it is one SpMM with the
 * row-normalised adjacency, done before or after W_l, whichever is narrower.
 */
export class SAGELayer implements Module {
  /** One neighbour weight, or (directional) one per direction: above, below, level. */
  readonly weightsNeigh: Tensor[];
  readonly weightRoot: Tensor;
  readonly bias: Tensor;

  /**
   * directional: neighbours above, below and beside are averaged apart, each with its own weight,
   * so a layer can tell what lies over a cell from what lies under it (mean aggregation alone is
   * blind to direction: a resistor over a conductor and one under it look the same).
   */
  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32', readonly directional = false) {
    this.weightsNeigh = Array.from({ length: directional ? DIRECTIONS.length : 1 }, () => glorotUniform([inDim, outDim], inDim, outDim, rng, dtype));
    this.weightRoot = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.bias = zerosParam([outDim], dtype);
  }

  namedParameters(): [string, Tensor][] {
    const neigh: [string, Tensor][] = this.directional ? DIRECTIONS.map((d, k) => [`weight_${d}`, this.weightsNeigh[k]]) : [['weight_neigh', this.weightsNeigh[0]]];
    return [...neigh, ['weight_root', this.weightRoot], ['bias', this.bias]];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const means = this.directional ? ctx.graph.directionalMeans(x.dtype) : [ctx.graph.mean(x.dtype)];
    let out = matmul(x, this.weightRoot);
    means.forEach((a, k) => {
      const w = this.weightsNeigh[k];
      out = add(out, this.inDim <= this.outDim ? matmul(spmm(a, x), w) : spmm(a, matmul(x, w)));
    });
    return add(out, this.bias);
  }
}
