import { Type, type Static } from '@sinclair/typebox';
import { Bool, Int, Num, OneOf, Section } from '../util/schema';

/** The sampler part of a study config (defaults follow Optuna's TPESampler). */
export const SamplerSection = Section('Sampler (defaults follow Optuna’s TPESampler).', {
  type: OneOf(['tpe', 'random'] as const, 'tpe or random.', 'tpe'),
  nStartupTrials: Int('Random trials before TPE starts.', 10, 0),
  nEiCandidates: Int('Candidates drawn from l(x) per parameter.', 24, 1),
  priorWeight: Num('Weight of the prior kernel.', 1, 0),
  considerPrior: Bool('Add a wide prior kernel.', true),
  considerMagicClip: Bool('Lower-bound bandwidths by range / min(100, 1 + n).', true),
  considerEndpoints: Bool('Use the bounds as neighbours when sizing edge kernels.', false),
  multivariate: Bool("Sample the unconditional parameters jointly (multivariate TPE, Optuna 5's default for one objective); false samples each alone.", true),
});

export const PrunerSection = Section('Pruner of unpromising trials, fed the per-epoch validation metric.', {
  type: OneOf(['median', 'percentile', 'halving', 'none'] as const, 'median, percentile, successive halving or none.', 'median'),
  percentile: Num('percentile: the cut.', 25, 0, 100),
  startupTrials: Int('median/percentile: completed trials before any pruning.', 5, 0),
  warmupSteps: Int('median/percentile: epochs before a trial can be pruned.', 20, 0),
  interval: Int('median/percentile: check every this many epochs.', 1, 1),
  minResource: Int('halving: first rung (epochs).', 10, 1),
  reductionFactor: Int('halving: keep the top 1/η at each rung.', 3, 2),
});

export const ObjectiveSection = Section('What a trial optimises: a validation metric (never a training loss).', {
  metric: OneOf(['val_macro_f1', 'val_accuracy', 'val_loss'] as const, 'Validation metric at the kept epoch.', 'val_macro_f1'),
  direction: OneOf(['maximize', 'minimize'] as const, 'maximize or minimize.', 'maximize'),
});

const Choice = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const When = Type.Optional(Type.Record(Type.String(), Choice, { description: 'Sample this parameter only when the named earlier parameters have these values (GAT heads only for GAT).' }));
const Bound = (integer: boolean, description: string) => (integer ? Type.Integer({ description }) : Type.Number({ description }));
const Range = (type: 'float' | 'int') => Type.Object({
  type: Type.Literal(type),
  low: Bound(type === 'int', 'Lower bound (inclusive).'),
  high: Bound(type === 'int', 'Upper bound (inclusive).'),
  log: Type.Optional(Type.Boolean({ description: 'Sample on a log scale (low > 0).' })),
  step: Type.Optional(type === 'int' ? Type.Integer({ minimum: 1, description: 'Grid step.' }) : Type.Number({ exclusiveMinimum: 0, description: 'Grid step.' })),
  when: When,
}, { additionalProperties: false });

/** One searched parameter: a float or int range, or a list of choices ('a+b' names a list value such as a feature subset). */
export const SpaceEntrySchema = Type.Union([
  Range('float'),
  Range('int'),
  Type.Object({ type: Type.Literal('categorical'), choices: Type.Array(Choice, { minItems: 1 }), when: When }, { additionalProperties: false }),
], { description: 'A parameter distribution.' });

export const SpaceSchema = Type.Record(Type.String({ pattern: '^[A-Za-z]\\w*(\\.[A-Za-z]\\w*)+$' }), SpaceEntrySchema, {
  description: 'Parameters to search: dotted paths into the run config (model.hidden, method.lr, data.features) → distribution.',
  minProperties: 1,
});

export type SpaceEntry = Static<typeof SpaceEntrySchema>;
