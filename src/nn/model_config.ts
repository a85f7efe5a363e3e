import type { Static } from '@sinclair/typebox';
import { Int, Num, OneOf, Section, withDefaults } from '../util/schema';

/** The model section: the network. */
export const ModelSection = Section('The network.', {
  type: OneOf(['gcn', 'sage', 'gat', 'mlp'] as const, 'Layer type (mlp ignores the graph).', 'gcn'),
  hidden: Int('Hidden width (per head for GAT).', 64, 1, 65536),
  layers: Int('Layers including the output layer.', 2, 1, 64),
  dropout: Num('Dropout on each layer input.', 0.2, 0, 0.95),
  heads: Int('GAT: heads in hidden layers (concatenated).', 4, 1, 64),
  outHeads: Int('GAT: heads in the output layer (averaged).', 1, 1, 64),
  attentionDropout: Num('GAT: dropout on attention coefficients.', 0, 0, 0.95),
  activation: OneOf(['relu', 'elu'] as const, 'Hidden activation.', 'relu'),
  directions: OneOf(['none', 'vertical'] as const, "SAGE: 'vertical' averages the neighbours above, below and beside a node apart, each with its own weight (layered sections: what lies over a cell differs from what lies under it); needs z. Other layer types ignore it, as they ignore heads.", 'none'),
  jk: OneOf(['none', 'cat'] as const, "Jumping knowledge: 'cat' makes every layer hidden and adds a linear output layer over the input and all layer outputs.", 'none'),
});

export type ModelConfig = Static<typeof ModelSection>;
export type ModelType = ModelConfig['type'];

/** Every model default (the schema's). */
export const defaultModelConfig: ModelConfig = withDefaults(ModelSection);
