import { Tensor } from '../tensor/tensor';
import { concatCols, declareInput, dropout, elu, leadingRows, relu } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { GATLayer } from './gat';
import { GCNLayer } from './gcn';
import { Linear } from './linear';
import type { ModelConfig } from './model_config';
import type { ForwardContext, Module } from './module';
import { DIRECTIONS } from './graph_input';
import { SAGELayer } from './sage';

export { defaultModelConfig, type ModelConfig, type ModelType } from './model_config';

/**
 * A stack of layers of one type: dropout → layer → activation, repeated, the last layer giving
 * class scores (logits). The MLP is the same stack with Linear layers and no graph. With jk 'cat'
 * all `layers` are hidden and one Linear layer after them reads [x, h1, …, hL].
 */
export class NodeClassifier implements Module {
  readonly layers: Module[] = [];

  /**
   * neighbourSets: what each SAGE layer averages apart (GraphInput.neighbourSets; default from
   * model.directions), so a model for a heterogeneous graph has a weight per relation.
   */
  constructor(readonly cfg: ModelConfig, readonly inDim: number, readonly numClasses: number, rng: Rng, dtype: DType = 'float32', readonly neighbourSets: string[] = cfg.directions === 'vertical' ? [...DIRECTIONS] : ['neigh']) {
    if (cfg.layers < 1) throw new Error(`a model needs at least one layer, got ${cfg.layers}`);
    const jk = this.jumpingKnowledge;
    let d = inDim, readout = inDim;
    for (let l = 0; l < cfg.layers; l++) {
      const last = l === cfg.layers - 1 && !jk;
      const out = last ? numClasses : cfg.hidden;
      this.layers.push(makeLayer(cfg, d, out, last, rng, dtype, neighbourSets));
      d = cfg.type === 'gat' && !last ? cfg.heads * out : out;
      readout += d;
    }
    if (jk) this.layers.push(new Linear(readout, numClasses, rng, dtype));
  }

  get jumpingKnowledge(): boolean {
    return this.cfg.jk === 'cat';
  }

  namedParameters(): [string, Tensor][] {
    return this.layers.flatMap((layer, l) => layer.namedParameters().map(([n, t]): [string, Tensor] => [`layers.${l}.${n}`, t]));
  }

  /** Layers that read the graph (all but jumping knowledge's linear readout). */
  get graphLayerCount(): number {
    return this.jumpingKnowledge ? this.layers.length - 1 : this.layers.length;
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    // constant node features: scanned once for sparsity, and dropout draws only for non-zeros
    if (!x.requiresGrad) declareInput(x);
    const L = this.graphLayerCount;
    if (ctx.blocks && ctx.blocks.length !== L) throw new Error(`a model with ${L} graph layers got ${ctx.blocks.length} blocks`);
    const seen: Tensor[] = [x];
    let h = x;
    for (let l = 0; l < L; l++) {
      h = this.layerForward(l, h, ctx.blocks ? { ...ctx, graph: ctx.blocks[l] } : ctx);
      seen.push(h);
    }
    if (!this.jumpingKnowledge) return h;
    // on blocks each layer has fewer rows than the one before: the readout reads the seeds, the first rows of all
    return this.readout(seen.map((t) => leadingRows(t, h.shape[0])), ctx);
  }

  /** Graph layer l on its input: dropout → layer → activation (none after the class scores). */
  layerForward(l: number, h: Tensor, ctx: ForwardContext): Tensor {
    const out = this.layers[l].forward(dropout(h, this.cfg.dropout, ctx.rng, ctx.training), ctx);
    return this.jumpingKnowledge || l < this.graphLayerCount - 1 ? (this.cfg.activation === 'elu' ? elu(out) : relu(out)) : out;
  }

  /** Jumping knowledge 'cat': class scores from the input beside every layer's output. */
  readout(seen: Tensor[], ctx: ForwardContext): Tensor {
    return this.layers[this.graphLayerCount].forward(dropout(concatCols(seen), this.cfg.dropout, ctx.rng, ctx.training), ctx);
  }
}

function makeLayer(cfg: ModelConfig, inDim: number, outDim: number, last: boolean, rng: Rng, dtype: DType, neighbourSets: string[]): Module {
  switch (cfg.type) {
    case 'gcn': return new GCNLayer(inDim, outDim, rng, dtype);
    case 'sage': return new SAGELayer(inDim, outDim, rng, dtype, neighbourSets);
    case 'mlp': return new Linear(inDim, outDim, rng, dtype);
    case 'gat':
      return new GATLayer(inDim, outDim, rng, dtype, {
        heads: last ? cfg.outHeads : cfg.heads, concat: !last, attentionDropout: cfg.attentionDropout,
      });
    default: throw new Error(`unknown model type '${(cfg as ModelConfig).type}' (expected gcn, sage, gat or mlp)`);
  }
}
