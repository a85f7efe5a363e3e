import type { Tensor } from '../tensor/tensor';
import type { Rng } from '../util/rng';
import type { GraphInput } from './graph_input';

/** What a layer needs besides its input: the graph, whether it is training, and the dropout RNG. */
export interface ForwardContext {
  graph: GraphInput;
  training: boolean;
  rng: Rng;
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
