import { Tensor } from '../tensor/tensor';
import { add, matmul } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { glorotUniform, zerosParam } from './init';
import type { ForwardContext, Module } from './module';

/** y = x·W + b with W [in, out] (Glorot) and b [out] (zeros). */
export class Linear implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32', bias = true) {
    this.weight = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.bias = bias ? zerosParam([outDim], dtype) : null;
  }

  namedParameters(): [string, Tensor][] {
    return this.bias ? [['weight', this.weight], ['bias', this.bias]] : [['weight', this.weight]];
  }

  forward(x: Tensor, _ctx?: ForwardContext): Tensor {
    const y = matmul(x, this.weight);
    return this.bias ? add(y, this.bias) : y;
  }
}
