import { Tensor } from '../tensor/tensor';
import { add, leadingRows, matmul, spmm } from '../ops';
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

  readonly directional: boolean;

  /**
   * neighbourSets: the sets of neighbours averaged apart, each with its own weight (GraphInput's
   * neighbourSets). The directions: neighbours above, below and beside, so a layer can tell what
   * lies over a cell from what lies under it (mean aggregation alone is blind to direction: a
   * resistor over a conductor and one under it look the same). With node types, one set per
   * relation (borehole → cell, cell → borehole, …), as PyG's HeteroConv of SAGEConvs does.
   */
  constructor(readonly inDim: number, readonly outDim: number, rng: Rng, dtype: DType = 'float32', readonly neighbourSets: string[] = ['neigh']) {
    this.directional = neighbourSets.includes(DIRECTIONS[0]);
    this.weightsNeigh = neighbourSets.map(() => glorotUniform([inDim, outDim], inDim, outDim, rng, dtype));
    this.weightRoot = glorotUniform([inDim, outDim], inDim, outDim, rng, dtype);
    this.bias = zerosParam([outDim], dtype);
  }

  namedParameters(): [string, Tensor][] {
    // relation names come from data: parameters are named by position
    const neigh = this.neighbourSets.map((s, k): [string, Tensor] => [s === 'neigh' || (DIRECTIONS as readonly string[]).includes(s) ? `weight_${s}` : `weight_rel${k}`, this.weightsNeigh[k]]);
    return [...neigh, ['weight_root', this.weightRoot], ['bias', this.bias]];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const means = ctx.graph.neighbourMeans(x.dtype, this.directional);
    if (means.length !== this.weightsNeigh.length) throw new Error(`this SAGE layer averages ${this.weightsNeigh.length} neighbour sets (${this.neighbourSets.join(', ')}); the graph has ${means.length}`);
    // the root term reads the destination nodes, the first rows of a block's input
    let out = matmul(leadingRows(x, ctx.graph.numDst), this.weightRoot);
    means.forEach((a, k) => {
      const w = this.weightsNeigh[k];
      out = add(out, this.inDim <= this.outDim ? matmul(spmm(a, x), w) : spmm(a, matmul(x, w)));
    });
    return add(out, this.bias);
  }
}
