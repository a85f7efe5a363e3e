import { Tensor } from '../tensor/tensor';
import { add, matmul, spmm } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { glorotUniform, zerosParam } from './init';
import type { ForwardContext, Module } from './module';

/**
 * GraphSAGE with the mean aggregator and a root weight (PyG's SAGEConv):
 * mean_{j∈N(i)} x_j · W_l + b + x_i · W_r. Mean aggregation is linear, so it is one SpMM with the
 * row-normalised adjacency, done before or after W_l, whichever is narrower.
 */
export class SAGELayer implements Module {
  readonly weightNeigh: Tensor;
  readonly weightRoot: Tensor;
  readonly bias: Tensor;

  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32') {
    this.weightNeigh = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.weightRoot = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.bias = zerosParam([outDim], dtype);
  }

  namedParameters(): [string, Tensor][] {
    return [['weight_neigh', this.weightNeigh], ['weight_root', this.weightRoot], ['bias', this.bias]];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const a = ctx.graph.mean(x.dtype);
    const neigh = this.inDim <= this.outDim ? matmul(spmm(a, x), this.weightNeigh) : spmm(a, matmul(x, this.weightNeigh));
    return add(add(neigh, matmul(x, this.weightRoot)), this.bias);
  }
}
