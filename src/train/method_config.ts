import { Type, type Static } from '@sinclair/typebox';
import { Bool, Int, Nullable, Num, OneOf, Section } from '../util/schema';

/** The no-graph baselines a run can train beside its model. */
export const BASELINES = ['mlp', 'depth', 'context'] as const;
export type BaselineKey = typeof BASELINES[number];

/** Graphs up to this many nodes train whole by default (method.fullBatchNodes), and are predicted in one pass. */
export const FULL_BATCH_NODES = 2_000_000;

/** The method section: how to train and evaluate. */
export const MethodSection = Section('How to train and evaluate.', {
  epochs: Int('Maximum epochs.', 250, 1, 1_000_000),
  optimizer: OneOf(['adam', 'adamw', 'adamax', 'sgd'] as const, 'Optimiser.', 'adam'),
  lr: Num('Learning rate.', 0.02, 0),
  weightDecay: Num('L2 weight decay.', 5e-4, 0),
  weightDecayScope: OneOf(['all', 'first-layer'] as const, "Parameters that decay: all, or only the first layer's (Kipf & Welling's GCN setting).", 'all'),
  momentum: Num('SGD momentum.', 0.9, 0, 1),
  patience: Int('Stop after this many epochs without a lower validation loss (0: never).', 40, 0),
  selection: OneOf(['loss', 'loss-and-accuracy', 'accuracy', 'macro-f1'] as const, "Which epoch's weights to keep: the lowest validation loss; or (the GAT paper's rule) the last epoch that matched the best validation loss and accuracy together, with patience counting epochs that improved neither; or the first epoch with the highest validation accuracy, or macro-F1, with patience counting epochs without a higher one (for held-out wells, where the loss can rise with overconfidence while the classes improve).", 'loss'),
  valFraction: Num('Share of the labelled training nodes held out for early stopping when there is no split column, as whole groups (lines, wells): groups in a seeded order, each taken when it brings the share nearer this.', 0.2, 0, 0.9),
  classWeighted: Bool('Weight the loss by inverse class frequency in the training nodes.', false),
  labelInput: Bool("Give the model the training nodes' labels as extra one-hot inputs, so graph layers read the known classes of neighbours (the label trick; validation and held-out labels are never inputs).", false),
  labelMaskRate: Num('With labelInput: share of training groups (lines, wells) whose labels are hidden, and learnt, in each epoch.', 0.5, 0.05, 0.95),
  costMatrix: Nullable(Type.String({ minLength: 1 }), "Cost of each true → predicted class, for a penalty score beside accuracy (the mean cost over the held-out nodes, and minus that as FORCE 2020 scores): a CSV with the class names as header and as row labels (true classes down, predicted across), or a C × C float64 .npy in the order of the class list (or of costMatrixClasses). Relative to the file that names it. null: no penalty score."),
  costMatrixClasses: Nullable(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true }), "With a .npy costMatrix: the classes of its rows and columns in order, e.g. a competition's published matrix; it must name every class, and classes the data lacks are left out. null: the class list's order."),
  fullBatch: Nullable(Type.Boolean(), 'Train on the whole graph in each step (true), or in mini-batches of training nodes with sampled neighbourhoods (false); null: whole-graph up to fullBatchNodes nodes, mini-batches above. Mini-batch runs also score each epoch and predict layer by layer, so memory grows with one layer\'s activations (the predict command does so for graphs above 2,000,000 nodes).'),
  fullBatchNodes: Int('With fullBatch null: the largest graph (in nodes) trained whole.', FULL_BATCH_NODES, 1),
  batchSize: Int('Mini-batches: training nodes per step.', 1024, 1),
  fanout: Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('all')]), {
    minItems: 1, default: [10, 10],
    description: "Mini-batches: neighbours sampled for each node, hop by hop from the training nodes outwards (PyG's num_neighbors order: the first entry for the last layer); 'all' keeps every neighbour. A model with more graph layers than entries repeats the last.",
  }),
  baselines: Type.Array(OneOf(BASELINES, 'A baseline.'), {
    uniqueItems: true, default: [...BASELINES],
    description: "Models without learning on the graph, scored on the same held-out nodes to show what the graph adds: 'mlp' (the same features), 'depth' (class frequencies by depth below the sounding's top; needs z), 'context' (an MLP on each node's features and the mean of its graph neighbours' features). [] for none.",
  }),
});

export type MethodConfig = Static<typeof MethodSection>;
