import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DataSection } from '../data/data_config';
import { GraphSection } from '../graph/graph_config';
import { ModelSection } from '../nn/model_config';
import { ObjectiveSection, PrunerSection, SamplerSection, SpaceSchema } from '../study/study_config';
import { MethodSection } from '../train/method_config';
import { Int, Nullable, Section } from '../util/schema';

/** A run or study name: it becomes a folder under the output root, so it may not be a path. */
export const NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]*$';
const Name = (description: string, dflt: string) =>
  Type.String({ description, default: dflt, pattern: NAME_PATTERN, maxLength: 120, patternHint: 'a name is letters, digits, _ . - (not starting with . or -), so that it stays one folder inside the output root' });

/** The sections a run config holds, each owned by the layer it configures. */
export const SECTIONS = { data: DataSection, graph: GraphSection, model: ModelSection, method: MethodSection } as const;
export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

const runProperties = {
  name: Name('Run name: outputs go to <out>/<name>/.', 'default'),
  seed: Int('Seed for every random choice.', 42, 0),
  threads: Int('Worker threads for the kernels.', 1, 1, 256),
  figures: Section('How the report draws the run.', {
    verticalExaggeration: Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), 'Vertical exaggeration of every section of the report (elevation drawn this many times the horizontal scale), stated on each; null: one value for the whole report, chosen so that sections are about 150 px tall.'),
    mapElevation: Nullable(Type.Number(), 'Elevation (m) of the map of predicted classes; null: the cell elevation where the predicted classes vary most across the survey.'),
  }),
  out: Type.String({ minLength: 1, default: 'out', description: 'Output root folder, relative to the config file (to the working folder when given on the command line, or without a config file).' }),
};

/** A resolved run config: every section inline, every default filled in. */
export const RunSection = Section('A one-shot experiment: data, graph, model and method.', {
  ...runProperties,
  ...SECTIONS,
  study: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Provenance written by tune into best.json (study, trial, value, parameters); run ignores it.' })),
});
export type RunConfig = Static<typeof RunSection>;

/** The top level of a run config file, sections aside (they are checked one by one, each against its own schema). */
export const RunTopSection = Section('A run config without its sections.', {
  $schema: Type.Optional(Type.String({ description: 'Editor hint; ignored.' })),
  ...runProperties,
  ...Object.fromEntries(SECTION_NAMES.map((k) => [k, Type.Optional(Type.Unknown())])),
  study: RunSection.properties.study,
});

const pathOr = (s: TSchema) => Type.Union([s, Type.String({ description: 'Path to a JSON file holding this section, relative to the config file.' })], { description: s.description, default: {} });

/** A run config file as written: each section inline or a path to a file (what editors check against). */
export const RunFileSchema = Section('A one-shot experiment: data, graph, model and method (each inline or a path to a file).', {
  $schema: Type.Optional(Type.String({ description: 'Editor hint; ignored.' })),
  ...runProperties,
  ...Object.fromEntries(SECTION_NAMES.map((k) => [k, pathOr(SECTIONS[k])])),
  study: RunSection.properties.study,
});

/** A study config: a base run config, a search space, a sampler, a pruner and an objective. */
export const StudySection = Section('A hyperparameter study: a base run config, a search space, a sampler, a pruner and an objective.', {
  $schema: Type.Optional(Type.String({ description: 'Editor hint; ignored.' })),
  name: Name('Study name: the journal and the best trial go to <out>/<name>/.', 'study'),
  run: Type.Union([Type.String({ description: 'Path to the base run config, relative to the study config.' }), Type.Object({}, { description: 'The base run config inline (checked as a run config).' })], { default: {}, description: 'The base run config.' }),
  trials: Int('Finished trials (complete or pruned) to reach.', 20, 1),
  timeout: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'Stop starting new trials after this many seconds.'),
  seed: Int('Seed of the sampler (the runs inside use the base config seed).', 1, 0),
  staleAfter: Int("Seconds without a heartbeat after which another process's RUNNING trial counts as dead and is failed (heartbeats go out every sixth of this, between epochs: raise it when one epoch or one data preparation takes longer).", 60, 10, 86_400),
  storage: Nullable(Type.String({ minLength: 1 }), 'Journal file (relative to the study config; --storage is relative to the working folder), redis://[user:password@]host:port/db (rediss:// for TLS), or sqlite:///path/study.db (an Optuna RDB database on SQLite, relative the same way; sqlite:////abs/path.db is absolute); null: <out>/<name>/journal.jsonl.'),
  sampler: SamplerSection,
  pruner: PrunerSection,
  objective: ObjectiveSection,
  space: SpaceSchema,
}, { default: undefined });
export type StudyConfig = Static<typeof StudySection>;
