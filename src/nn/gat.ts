import { Tensor } from '../tensor/tensor';
import { add, dropout, edgeScores, edgeSoftmax, headDot, headMean, leadingRows, leakyRelu, matmul, spmm } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { glorotUniform, zerosParam } from './init';
import type { ForwardContext, Module } from './module';

export interface GATOptions {
  heads: number;
  /** Concatenate heads (width heads·out) or average them (width out). */
  concat: boolean;
  /** Dropout on the attention coefficients during training. */
  attentionDropout: number;
  negativeSlope: number;
}

/**
 * Graph attention (Veličković et al., PyG's GATConv): h = x·W split into heads; for each edge
 * j → i (self-loops included) e = LeakyReLU(a_dst·h_i + a_src·h_j), α = softmax over i's incoming
 * edges, out_i = Σ α·h_j; heads concatenated or averaged, plus a bias.
 */
export class GATLayer implements Module {
  readonly weight: Tensor;
  readonly attSrc: Tensor;
  readonly attDst: Tensor;
  readonly bias: Tensor;
  readonly opts: GATOptions;

  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32', opts: Partial<GATOptions> = {}) {
    this.opts = { heads: 1, concat: true, attentionDropout: 0, negativeSlope: 0.2, ...opts };
    const H = this.opts.heads;
    this.weight = glorotUniform([inDim, H * outDim], inDim, H * outDim, rng, dtype);
    this.attSrc = glorotUniform([H, outDim], H, outDim, rng, dtype);
    this.attDst = glorotUniform([H, outDim], H, outDim, rng, dtype);
    this.bias = zerosParam([this.opts.concat ? H * outDim : outDim], dtype);
  }

  namedParameters(): [string, Tensor][] {
    return [['weight', this.weight], ['att_src', this.attSrc], ['att_dst', this.attDst], ['bias', this.bias]];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const { heads, concat, attentionDropout, negativeSlope } = this.opts;
    const a = ctx.graph.withSelfLoops(x.dtype);
    const h = matmul(x, this.weight);
    const scores = leakyRelu(edgeScores(a, headDot(leadingRows(h, ctx.graph.numDst), this.attDst, heads), headDot(h, this.attSrc, heads), heads), negativeSlope);
    const alpha = dropout(edgeSoftmax(a, scores, heads), attentionDropout, ctx.rng, ctx.training);
    const out = spmm(a, h, alpha, heads);
    return add(concat ? out : headMean(out, heads), this.bias);
  }
}
