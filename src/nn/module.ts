import type { Tensor } from '../tensor/tensor';
import type { Rng } from '../util/rng';
import type { LayerGraph } from './layer_graph';

/** What a layer needs besides its input: the graph, whether it is training, and the dropout RNG. */
export interface ForwardContext {
  graph: LayerGraph;
  training: boolean;
  rng: Rng;
  /**
   * A model's graph layers on sampled blocks, first layer first (mini-batch training, layer-wise
   * and tiled inference); absent: every layer runs on `graph`.
   */
  blocks?: LayerGraph[];
}

/** A layer or model: named parameters and a forward pass. */
export interface Module {
  /** Parameters by stable name (used to save and load weights). */
  namedParameters(): [string, Tensor][];
  forward(x: Tensor, ctx: ForwardContext): Tensor;
}

export function parametersOf(m: Module): Tensor[] {
  return m.namedParameters().map(([, t]) => t);
}
