import { Tensor } from '../tensor/tensor';
import { add, matmul, spmm } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { glorotUniform, zerosParam } from './init';
import type { ForwardContext, Module } from './module';

/**
 * Graph convolution (Kipf & Welling): Â·X·W + b with Â = D^-1/2 (A + I) D^-1/2 and A's edge
 * weights. The message X·W is linear, so aggregation is one fused SpMM; it runs on whichever side
 * of W is narrower (aggregate first when the layer widens), which cuts the sparse work.
 */
export class GCNLayer implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32') {
    this.weight = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.bias = zerosParam([outDim], dtype);
  }

  namedParameters(): [string, Tensor][] {
    return [['weight', this.weight], ['bias', this.bias]];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const a = ctx.graph.gcn(x.dtype);
    const y = this.inDim < this.outDim ? matmul(spmm(a, x), this.weight) : spmm(a, matmul(x, this.weight));
    return add(y, this.bias);
  }
}
