import { Tensor } from '../tensor/tensor';
import { declareInput, dropout, elu, relu } from '../ops';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';
import { GATLayer } from './gat';
import { GCNLayer } from './gcn';
import { Linear } from './linear';
import type { ForwardContext, Module } from './module';
import { SAGELayer } from './sage';

export type ModelType = 'gcn' | 'sage' | 'gat' | 'mlp';

export interface ModelConfig {
  type: ModelType;
  /** Width of each hidden layer (per head for GAT). */
  hidden: number;
  /** Number of layers, the output layer included (≥ 1). */
  layers: number;
  /** Dropout on every layer's input during training. */
  dropout: number;
  /** GAT: heads of the hidden layers, and of the output layer (averaged). */
  heads: number;
  outHeads: number;
  /** GAT: dropout on attention coefficients. */
  attentionDropout: number;
  activation: 'relu' | 'elu';
}

export const defaultModelConfig: ModelConfig = {
  type: 'gcn', hidden: 64, layers: 2, dropout: 0.5, heads: 4, outHeads: 1, attentionDropout: 0, activation: 'relu',
};

/**
 * A stack of layers of one type: dropout → layer → activation, repeated, the last layer giving
 * class scores (logits). The MLP is the same stack with Linear layers and no graph.
 */
export class NodeClassifier implements Module {
  readonly layers: Module[] = [];

  constructor(readonly cfg: ModelConfig, readonly inDim: number, readonly numClasses: number, rng: Rng, dtype: DType = 'float32') {
    if (cfg.layers < 1) throw new Error(`a model needs at least one layer, got ${cfg.layers}`);
    let d = inDim;
    for (let l = 0; l < cfg.layers; l++) {
      const last = l === cfg.layers - 1;
      const out = last ? numClasses : cfg.hidden;
      this.layers.push(makeLayer(cfg, d, out, last, rng, dtype));
      d = cfg.type === 'gat' && !last ? cfg.heads * out : out;
    }
  }

  namedParameters(): [string, Tensor][] {
    return this.layers.flatMap((layer, l) => layer.namedParameters().map(([n, t]): [string, Tensor] => [`layers.${l}.${n}`, t]));
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    // constant node features: scanned once for sparsity, and dropout draws only for non-zeros
    if (!x.requiresGrad) declareInput(x);
    let h = x;
    for (let l = 0; l < this.layers.length; l++) {
      h = dropout(h, this.cfg.dropout, ctx.rng, ctx.training);
      h = this.layers[l].forward(h, ctx);
      if (l < this.layers.length - 1) h = this.cfg.activation === 'elu' ? elu(h) : relu(h);
    }
    return h;
  }
}

function makeLayer(cfg: ModelConfig, inDim: number, outDim: number, last: boolean, rng: Rng, dtype: DType): Module {
  switch (cfg.type) {
    case 'gcn': return new GCNLayer(inDim, outDim, rng, dtype);
    case 'sage': return new SAGELayer(inDim, outDim, rng, dtype);
    case 'mlp': return new Linear(inDim, outDim, rng, dtype);
    case 'gat':
      return new GATLayer(inDim, outDim, rng, dtype, {
        heads: last ? cfg.outHeads : cfg.heads, concat: !last, attentionDropout: cfg.attentionDropout,
      });
    default: throw new Error(`unknown model type '${(cfg as ModelConfig).type}' (expected gcn, sage, gat or mlp)`);
  }
}
