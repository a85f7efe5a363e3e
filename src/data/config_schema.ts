import type { Schema } from './schema';

/*
 * The configuration schemas, with every default and what it means. `npx ts-node src/cli.ts schema`
 * prints the run schema as JSON Schema for editors (configs/run.schema.json is that output).
 */

const str = (description: string, dflt?: string): Schema => ({ type: 'string', description, ...(dflt !== undefined ? { default: dflt } : {}) });
const num = (description: string, dflt: number, minimum?: number, maximum?: number): Schema => ({ type: 'number', description, default: dflt, ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) });
const int = (description: string, dflt: number, minimum?: number): Schema => ({ type: 'integer', description, default: dflt, ...(minimum !== undefined ? { minimum } : {}) });
const bool = (description: string, dflt: boolean): Schema => ({ type: 'boolean', description, default: dflt });
const obj = (description: string, properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({ type: 'object', description, properties, additionalProperties: false, ...extra });

export const surveySchema: Schema = obj('A seeded synthetic airborne-EM survey: lines × stations × layers over cover and basement.', {
  lines: int('Number of flight lines.', 10, 2),
  stationsPerLine: int('Soundings per line.', 80, 2),
  stationSpacing: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, description: 'Min and max distance between stations along a line (m).', default: [10, 25] },
  lineSpacing: num('Distance between flight lines (m).', 300, 1),
  layers: int('Layers per sounding.', 30, 2),
  firstLayerThickness: num('Thickness of the top layer (m).', 2, 0.01),
  thicknessGrowth: num('Each layer is this factor thicker than the one above.', 1.08, 1),
  basementDepth: num('Mean depth of the cover/basement boundary (m).', 45, 0),
  undulation: num('Amplitude of the basement undulation (m).', 15, 0),
  paleovalleyDepth: num('Extra cover depth along the buried paleovalley axis (m); 0 for none.', 35, 0),
  paleovalleyWidth: num('Half-width of the paleovalley (m).', 200, 1),
  clayLens: bool('Add a conductive clay lens inside the cover.', true),
  coverConductivity: num('Median cover conductivity (mS/m).', 80, 0),
  basementConductivity: num('Median basement conductivity (mS/m).', 8, 0),
  clayConductivity: num('Median clay-lens conductivity (mS/m).', 400, 0),
  noise: num('Log-normal noise scale (natural log); the standard deviation is noise·(0.5 + 2·runc), so it grows with depth.', 1.5, 0),
  smoothing: int('Vertical smoothing passes, as a smooth inversion would blur the boundary.', 2, 0),
  units: { type: 'integer', enum: [2, 3], default: 2, description: '2: cover/basement; 3: cover/clay/basement (needs clayLens).' },
  trainEvery: int('Lines flagged for training: every n-th line (2 = alternate lines).', 2, 1),
});

export const dataSchema: Schema = obj('Where nodes (and optionally edges) come from, and which columns play which role.', {
  source: { type: 'string', enum: ['synthetic', 'csv'], default: 'synthetic', description: "'synthetic' generates a survey; 'csv' reads node (and edge) tables." },
  synthetic: { ...surveySchema, default: {} },
  nodes: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }], description: 'Node table (CSV or .csv.gz), or a list of tables: several graphs trained together as one disjoint graph.' },
  edges: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }], description: 'Edge table (one per node table); when absent the graph is built by the graph config.' },
  id: { type: 'string', nullable: true, default: null, description: "Node id column; null uses the leading unnamed index column when there is one, else the row order." },
  coords: obj('Coordinate columns.', { x: { type: 'string', nullable: true, default: 'x', description: 'Easting column (null for data without coordinates, e.g. citation graphs).' }, y: { type: 'string', nullable: true, default: 'y', description: 'Northing column (null: none).' }, z: { type: 'string', nullable: true, default: 'z', description: 'Elevation or depth column (null for 2-D data).' } }, { default: {} }),
  features: { type: 'array', items: { type: 'string' }, default: [], description: 'Value columns used as features.' },
  featurePattern: { type: 'string', nullable: true, default: null, description: 'Regular expression: every column whose name matches is a feature (added to features).' },
  logFeatures: { type: 'array', items: { type: 'string' }, default: [], description: 'Features replaced by log10 of their value (conductivity, resistivity); values must be > 0.' },
  coordFeatures: { type: 'array', items: { type: 'string', enum: ['x', 'y', 'z'] }, default: [], description: 'Coordinates also used as features.' },
  label: str('Label column (class names or integer codes).', 'label'),
  classes: { type: 'array', items: { type: 'string' }, nullable: true, default: null, description: 'The class list in order; null infers it from the labels (sorted).' },
  unlabelled: { type: 'array', items: { type: 'string' }, default: ['', '-1'], description: 'Label values meaning "no label".' },
  split: { type: 'string', nullable: true, default: null, description: 'Column with train / val / test / none per node.' },
  trainFlag: { type: 'string', nullable: true, default: 'train', description: 'Column with 1/0 (true/false) marking training nodes; used when split is null.' },
  group: { type: 'string', nullable: true, default: 'Line', description: 'Group column: flight line, well.' },
  missing: { type: 'string', enum: ['error', 'drop', 'impute'], default: 'error', description: 'Empty or NaN feature: error, drop the row, or impute with the training median.' },
  missingIndicator: bool('With impute: add a 0/1 feature per column that had missing values.', false),
  edgeColumns: obj('Edge table columns.', { u: str('Source node id column.', 'U'), v: str('Target node id column.', 'V'), weight: { type: 'string', nullable: true, default: null, description: 'Edge weight column (null: unweighted).' } }, { default: {} }),
}, { default: {} });

export const graphSchema: Schema = obj('How to build the graph when no edge table is given.', {
  method: { type: 'string', enum: ['knn', 'radius', 'lattice', 'line-knn', 'delaunay'], default: 'lattice', description: 'Graph builder.' },
  k: int('Neighbours per node (knn, line-knn).', 8, 1),
  radius: num('Radius (radius method), in scaled units.', 50, 0),
  scale: { type: 'array', items: { type: 'number', minimum: 0 }, default: [1, 1, 1], description: 'Per-axis multipliers for x, y, z before distances (exaggerate depth, compress lines).' },
  acrossK: int('Lattice: nearest stations linked on each adjacent line.', 1, 0),
  lineColumns: { type: 'array', items: { type: 'string' }, default: ['x', 'y', 'z', 'cond'], description: "line-knn: the mixed space's columns (coordinates x, y, z or node-table columns)." },
  lineWeights: { type: 'array', items: { type: 'number', minimum: 0 }, default: [1, 1, 1, 1], description: 'line-knn: per-column weights (applied after min-max scaling of each column).' },
  p: num('Minkowski exponent for knn and line-knn (1 = L1 as the older tool, 2 = Euclidean).', 2, 1),
  weight: { type: 'string', enum: ['none', 'inverse', 'gaussian', 'minmax'], default: 'gaussian', description: 'Edge weights: none, 1/distance, Gaussian kernel, or 1 − min-max-scaled distance.' },
  sigma: { type: 'number', nullable: true, default: null, description: 'Gaussian kernel width; null uses the median edge length.' },
}, { default: {} });

export const modelSchema: Schema = obj('The network.', {
  type: { type: 'string', enum: ['gcn', 'sage', 'gat', 'mlp'], default: 'gcn', description: 'Layer type (mlp ignores the graph).' },
  hidden: int('Hidden width (per head for GAT).', 64, 1),
  layers: int('Layers including the output layer.', 2, 1),
  dropout: num('Dropout on each layer input.', 0.2, 0, 0.95),
  heads: int('GAT: heads in hidden layers (concatenated).', 4, 1),
  outHeads: int('GAT: heads in the output layer (averaged).', 1, 1),
  attentionDropout: num('GAT: dropout on attention coefficients.', 0, 0, 0.95),
  activation: { type: 'string', enum: ['relu', 'elu'], default: 'relu', description: 'Hidden activation.' },
  jk: { type: 'string', enum: ['none', 'cat'], default: 'none', description: "Jumping knowledge: 'cat' makes every layer hidden and adds a linear output layer over the input and all layer outputs." },
}, { default: {} });

export const methodSchema: Schema = obj('How to train and evaluate.', {
  epochs: int('Maximum epochs.', 250, 1),
  optimizer: { type: 'string', enum: ['adam', 'adamw', 'adamax', 'sgd'], default: 'adam', description: 'Optimiser.' },
  lr: num('Learning rate.', 0.02, 0),
  weightDecay: num('L2 weight decay.', 5e-4, 0),
  weightDecayScope: { type: 'string', enum: ['all', 'first-layer'], default: 'all', description: "Parameters that decay: all, or only the first layer's (Kipf & Welling's GCN setting)." },
  momentum: num('SGD momentum.', 0.9, 0, 1),
  patience: int('Stop after this many epochs without a lower validation loss (0: never).', 40, 0),
  selection: { type: 'string', enum: ['loss', 'loss-and-accuracy'], default: 'loss', description: "Which epoch's weights to keep: the lowest validation loss; or (the GAT paper's rule) the last epoch that matched the best validation loss and accuracy together, with patience counting epochs that improved neither." },
  valFraction: num('Share of training groups (lines, wells) held out for early stopping when there is no split column.', 0.2, 0, 0.9),
  classWeighted: bool('Weight the loss by inverse class frequency in the training nodes.', false),
  labelInput: bool("Give the model the training nodes' labels as extra one-hot inputs, so graph layers read the known classes of neighbours (the label trick; validation and held-out labels are never inputs).", false),
  labelMaskRate: num('With labelInput: share of training groups (lines, wells) whose labels are hidden, and learnt, in each epoch.', 0.5, 0.05, 0.95),
  baseline: bool('Also train an MLP on the same features, as a no-graph baseline.', true),
}, { default: {} });

const ref = (s: Schema): Schema => ({ anyOf: [s, { type: 'string', description: 'Path to a JSON file holding this section, relative to the config file.' }], default: s.default });

export const runSchema: Schema = obj('A one-shot experiment: data, graph, model and method (each inline or a path to a file).', {
  $schema: { type: 'string', description: 'Editor hint; ignored.' },
  name: str('Run name: outputs go to <out>/<name>/.', 'default'),
  seed: int('Seed for every random choice.', 42, 0),
  threads: int('Worker threads for the kernels.', 1, 1),
  out: str('Output root folder.', 'out'),
  data: ref(dataSchema),
  graph: ref(graphSchema),
  model: ref(modelSchema),
  method: ref(methodSchema),
  study: { type: 'object', description: 'Provenance written by tune into best.json (study, trial, value, parameters); run ignores it.' },
}, { default: {} });

const space: Schema = {
  type: 'object',
  description: 'Parameters to search: dotted paths into the run config (model.hidden, method.lr, data.features) → distribution.',
};

export const studySchema: Schema = obj('A hyperparameter study: a base run config, a search space, a sampler, a pruner and an objective.', {
  $schema: { type: 'string', description: 'Editor hint; ignored.' },
  name: str('Study name: the journal and the best trial go to <out>/<name>/.', 'study'),
  run: { anyOf: [{ type: 'string', description: 'Path to the base run config, relative to the study config.' }, { type: 'object', description: 'The base run config inline.' }], default: {} },
  trials: int('Finished trials (complete or pruned) to reach.', 20, 1),
  timeout: { type: 'number', nullable: true, default: null, description: 'Stop starting new trials after this many seconds.' },
  seed: int('Seed of the sampler (the runs inside use the base config seed).', 1, 0),
  storage: { type: 'string', nullable: true, default: null, description: 'Journal file; null: <out>/<name>/journal.jsonl.' },
  sampler: obj('Sampler (defaults follow Optuna’s TPESampler).', {
    type: { type: 'string', enum: ['tpe', 'random'], default: 'tpe', description: 'tpe or random.' },
    nStartupTrials: int('Random trials before TPE starts.', 10, 0),
    nEiCandidates: int('Candidates drawn from l(x) per parameter.', 24, 1),
    priorWeight: num('Weight of the prior kernel.', 1, 0),
    considerPrior: bool('Add a wide prior kernel.', true),
    considerMagicClip: bool('Lower-bound bandwidths by range / min(100, 1 + n).', true),
    considerEndpoints: bool('Use the bounds as neighbours when sizing edge kernels.', false),
    multivariate: bool('Sample the unconditional parameters jointly (multivariate TPE, Optuna 5\'s default for one objective); false samples each alone.', true),
  }, { default: {} }),
  pruner: obj('Pruner of unpromising trials, fed the per-epoch validation metric.', {
    type: { type: 'string', enum: ['median', 'percentile', 'halving', 'none'], default: 'median', description: 'median, percentile, successive halving or none.' },
    percentile: num('percentile: the cut.', 25, 0, 100),
    startupTrials: int('median/percentile: completed trials before any pruning.', 5, 0),
    warmupSteps: int('median/percentile: epochs before a trial can be pruned.', 20, 0),
    interval: int('median/percentile: check every this many epochs.', 1, 1),
    minResource: int('halving: first rung (epochs).', 10, 1),
    reductionFactor: int('halving: keep the top 1/η at each rung.', 3, 2),
  }, { default: {} }),
  objective: obj('What a trial optimises: a validation metric (never a training loss).', {
    metric: { type: 'string', enum: ['val_macro_f1', 'val_accuracy', 'val_loss'], default: 'val_macro_f1', description: 'Validation metric at the kept epoch.' },
    direction: { type: 'string', enum: ['maximize', 'minimize'], default: 'maximize', description: 'maximize or minimize.' },
  }, { default: {} }),
  space,
}, { required: ['space'] });
