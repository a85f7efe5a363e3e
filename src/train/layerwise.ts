import { noGrad } from '../autograd/tape';
import { NeighbourSampler } from '../graph/neighbour_sampler';
import type { GraphInput } from '../nn/graph_input';
import type { NodeClassifier } from '../nn/model';
import type { ForwardContext } from '../nn/module';
import { declareInput, indexSelect } from '../ops';
import { Tensor } from '../tensor/tensor';
import { allocFloat } from '../util/float';
import { makeRng } from '../util/rng';

/** Destination rows per block: large enough that per-block overheads vanish, small enough that a block's inputs stay a fraction of one layer. */
export const LAYERWISE_ROWS = 32_768;

/**
 * Class scores of every node, one layer at a time (PyG's layer-wise inference): layer l runs over
 * the whole graph in blocks of rows, each reading its rows' neighbours from layer l−1's outputs,
 * before layer l+1 starts. Memory grows with one layer's activations (two, while a layer runs;
 * with jumping knowledge, those of every layer, which its readout reads), not with the depth of
 * the model and its saved intermediates. Each block's operator rows are the whole graph's, so the
 * scores equal model.forward on the whole graph bit for bit. Evaluation mode (no dropout).
 */
export function layerwiseLogits(model: NodeClassifier, graph: GraphInput, x: Tensor, rowsPerBlock = LAYERWISE_ROWS): Tensor {
  const n = graph.numNodes;
  if (x.shape[0] !== n) throw new Error(`layer-wise inference: ${x.shape[0]} feature rows for ${n} nodes`);
  const sampler = new NeighbourSampler(graph);
  const ctx: ForwardContext = { graph, training: false, rng: makeRng(0) };
  const seen: Tensor[] = [x];
  let h = x;
  for (let l = 0; l < model.graphLayerCount; l++) {
    const prev = h;
    h = byRowBlocks(n, rowsPerBlock, x.dtype, (r0, r1) => {
      const rows = Int32Array.from({ length: r1 - r0 }, (_, i) => r0 + i);
      if (model.cfg.type === 'mlp') return model.layerForward(l, asInput(rowSlice(prev, r0, r1), l === 0), ctx);
      const { blocks: [block], input } = sampler.sample(rows, ['all'], null);
      return model.layerForward(l, asInput(indexSelect(prev, input), l === 0), { ...ctx, graph: block });
    });
    if (model.jumpingKnowledge) seen.push(h);
  }
  if (!model.jumpingKnowledge) return h;
  return byRowBlocks(n, rowsPerBlock, x.dtype, (r0, r1) => model.readout(seen.map((t) => rowSlice(t, r0, r1)), ctx));
}

/** The model's input rows are declared, as model.forward declares the whole input (its sparse form serves the first layer alike). */
function asInput(t: Tensor, isModelInput: boolean): Tensor {
  if (isModelInput) declareInput(t);
  return t;
}

function rowSlice(t: Tensor, r0: number, r1: number): Tensor {
  const W = t.shape[1];
  return new Tensor(t.data.subarray(r0 * W, r1 * W), [r1 - r0, W]);
}

/**
 * An [n, W] tensor whose rows [r0, r1) are fn(r0, r1), blocks computed one after another. Their
 * temporaries go to the collector, not the buffer pool: blocks differ in size, so nothing would take them.
 */
function byRowBlocks(n: number, rowsPerBlock: number, dtype: Tensor['dtype'], fn: (r0: number, r1: number) => Tensor): Tensor {
  let out: Tensor | null = null;
  // an empty graph still runs one (empty) block, which gives the output its width
  for (let r0 = 0; r0 === 0 || r0 < n; r0 += rowsPerBlock) {
    const r1 = Math.min(n, r0 + rowsPerBlock);
    noGrad(() => {
      const y = fn(r0, r1);
      const W = y.shape[1];
      out ??= new Tensor(allocFloat(n * W, dtype, false), [n, W]);
      out.data.set(y.data, r0 * W);
    });
  }
  return out!;
}
