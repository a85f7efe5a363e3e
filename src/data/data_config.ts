import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Bool, Int, Nullable, Num, OneOf, Section } from '../util/schema';
import { SurveySection } from './survey_config';

/** A column name: never empty (an empty name would match nothing, or the unnamed index column by accident). */
const Column = (description = 'A column name.') => Type.String({ minLength: 1, description });

const FileList = (description: string) => Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description });

const As = Nullable(Column(), "Name of the new column (null: a name from the column and the operation, see each op); the source column's own name replaces it.");
const Along = Column("The depth column the samples of each group are ordered by (a measured depth, in its units); samples without a depth get NaN.");
const Op = <O extends string, P extends TProperties>(op: O, description: string, properties: P) =>
  Type.Object({ op: Type.Literal(op, { description: 'Transform.' }), column: Column('The column transformed (a node-table column, or an earlier transform\'s output).'), ...properties, as: As }, { description, additionalProperties: false });

/**
 * Per-group feature transforms (issue #19): each computed on one group (well, line) at a time from
 * that group's own values, never across groups, so nothing leaks between wells; each adds a column
 * or replaces one. Missing values are skipped (see each op), and a note says what was done.
 */
export const TransformItem = Type.Union([
  Op('group-standardize', "(value − the group's mean) / the group's standard deviation (n − 1), over the group's non-missing values; a group whose values are all equal gets 0; default name <column>_group_z.", {}),
  Op('group-quantile', "The value's quantile within its group: (rank − 1) / (n − 1) over the group's non-missing values, ties sharing their mean rank (0 the lowest, 1 the highest, 0.5 for a single value); default name <column>_group_q.", {}),
  Op('group-range', "(value − the group's `low` percentile) / (its `high` percentile − its `low` percentile), percentiles interpolated linearly (numpy's default), the petrophysicist's two-point normalisation; a group whose two percentiles are equal gets 0; default name <column>_group_range.", {
    low: Num('Lower percentile, as a fraction.', 0.05, 0, 1),
    high: Num('Upper percentile, as a fraction.', 0.95, 0, 1),
  }),
  Op('diff', 'Down-hole difference within the group: the value minus that of the sample just above it (the previous one by the depth column); NaN at the top of each group and where either value is missing; default name <column>_diff.', { along: Along }),
  Op('rolling-mean', "Mean of the group's non-missing values within window/2 above and below the sample (by the depth column, in its units), the sample's own included; NaN where the window holds none; default name <column>_mean_<window>.", {
    along: Along, window: Type.Number({ exclusiveMinimum: 0, description: "Window length, in the depth column's units (centred)." }),
  }),
  Op('rolling-std', "Standard deviation (population, n) of the group's non-missing values within window/2 above and below the sample; NaN where the window holds fewer than two; default name <column>_std_<window>.", {
    along: Along, window: Type.Number({ exclusiveMinimum: 0, description: "Window length, in the depth column's units (centred)." }),
  }),
  Op('log10', 'log10 of the value, with values below `floor` raised to it first (resistivities logged as 0 or less); without a floor a value ≤ 0 is an error; default name log10_<column>.', {
    floor: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'Values below this (> 0) are set to it before the log; null: none.'),
  }),
], { description: 'A per-group transform: op, column, its options, and as (the output column).' });

export type TransformConfig = Static<typeof TransformItem>;

/** Rows whose `column` holds one of `values`. */
const RowRule = (description: string) => Nullable(Type.Object({
  column: Column('The column compared (text as written in the file, e.g. a well name).'),
  values: Type.Array(Type.String(), { minItems: 1, uniqueItems: true, description: 'The values that select a row.' }),
}, { additionalProperties: false }), description);

/** A node type's name: it prefixes ids and names relations, so it is a plain word. */
export const TYPE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

/**
 * Another kind of node in the same model (issue #18): borehole samples, map observations. Its own
 * table, coordinates and features (it shares the survey's classes); linked to the survey's nodes
 * and to each other by graph.relations. Labelled nodes of every type train.
 */
export const NodeTypeItem = Type.Object({
  name: Type.String({ pattern: TYPE_NAME_PATTERN, maxLength: 40, description: "The type's name, e.g. 'borehole' (ids become <name>:<id>); not the survey's own (data.type)." }),
  nodes: Type.String({ minLength: 1, description: 'Its node table (CSV or .csv.gz), relative to the file that names it; for a synthetic survey with synthetic.boreholeLogs, the type named borehole is generated and this is ignored.' }),
  id: Nullable(Column(), 'Id column; null: the row order.'),
  coords: Section('Coordinate columns (every node needs them: relations link by position).', {
    x: Column('Easting column.'), y: Column('Northing column.'), z: Nullable(Column(), 'Elevation column (null for 2-D data).', 'z'),
  }),
  features: Type.Array(Column(), { minItems: 1, description: 'Its value columns; missing values are filled with the type\'s own medians.' }),
  logFeatures: Type.Array(Column(), { default: [], description: 'Features replaced by log10 of their value (> 0).' }),
  label: Nullable(Column(), 'Label column (the survey\'s class names); null: unlabelled.', 'label'),
  group: Nullable(Column(), 'Group column (a hole name), for messages; the report draws each node on the survey line it lies nearest.', null),
}, { additionalProperties: false, description: 'A node type beside the survey\'s own.' });
export type NodeTypeConfig = Static<typeof NodeTypeItem>;

/** The data section: where nodes (and edges) come from, which columns play which role, and how features are scaled. */
export const DataSection = Section('Where nodes (and optionally edges) come from, and which columns play which role.', {
  source: OneOf(['synthetic', 'csv'] as const, "'synthetic' generates a survey; 'csv' reads node (and edge) tables.", 'synthetic'),
  synthetic: SurveySection,
  nodes: Type.Optional(FileList('Node table (CSV or .csv.gz), or a list of tables: several graphs trained together as one disjoint graph. Relative to the file that names it.')),
  edges: Type.Optional(FileList('Edge table (one per node table); when absent the graph is built by the graph config.')),
  id: Nullable(Column(), 'Node id column; null uses the leading unnamed index column when there is one, else the row order.'),
  crs: Nullable(Type.String({ pattern: '^(EPSG|epsg):[0-9]+$' }), "Coordinate reference system of x and y as an EPSG code, e.g. 'EPSG:28353' (GDA94 / MGA zone 53); needed for the GeoJSON export (WGS84 longitude/latitude). null: unknown."),
  coords: Section('Coordinate columns.', {
    x: Nullable(Column(), 'Easting column (null for data without coordinates, e.g. citation graphs).', 'x'),
    y: Nullable(Column(), 'Northing column (null: none).', 'y'),
    z: Nullable(Column(), 'Elevation or depth column (null for 2-D data).', 'z'),
  }),
  features: Type.Array(Column(), { default: [], description: 'Value columns used as features.' }),
  featurePattern: Nullable(Type.String({ minLength: 1, maxLength: 200 }), 'Regular expression: every column whose name matches is a feature (added to features).'),
  logFeatures: Type.Array(Column(), { default: [], description: 'Features replaced by log10 of their value (conductivity, resistivity); values must be > 0.' }),
  coordFeatures: Type.Array(OneOf(['x', 'y', 'z'] as const, 'A coordinate axis.'), { default: [], description: 'Coordinates also used as features.' }),
  normalize: OneOf(['standard', 'row', 'none'] as const, "Feature scaling: 'standard' (mean 0, sd 1 per feature, from training nodes only; for measured values), 'row' (each node's features divided by their sum, as the Planetoid papers do for bag-of-words; keeps sparse inputs sparse), 'none'.", 'standard'),
  label: Type.String({ minLength: 1, default: 'label', description: 'Label column (class names or integer codes).' }),
  classes: Nullable(Type.Array(Type.String(), { minItems: 1 }), 'The class list in order; null infers it from the labels (sorted).'),
  unlabelled: Type.Array(Type.String(), { default: ['', '-1'], description: 'Label values meaning "no label".' }),
  split: Nullable(Column(), 'Column with train / val / test / none per node.'),
  trainFlag: Nullable(Column(), 'Column with 1/0 (true/false) marking training nodes; used when split is null.', 'train'),
  group: Nullable(Column(), 'Group column: flight line, well.', 'Line'),
  type: Type.String({ pattern: TYPE_NAME_PATTERN, maxLength: 40, default: 'cell', description: "Name of the survey's own node type, when data.types adds others." }),
  types: Type.Array(NodeTypeItem, { default: [], maxItems: 16, description: "Other node types in the same graph (a heterogeneous graph: survey cells and borehole samples), each with its own table and features, linked by graph.relations; their labelled nodes train beside the survey's. A synthetic survey with synthetic.boreholeLogs > 0 adds the type 'borehole' by itself. Needs model.type 'sage' (a weight per relation) or 'mlp'." }),
  depth: Nullable(Column(), "Depth down each group, increasing downwards (a well's measured depth): the report draws each group as a well log (depth down, the first six features as tracks, the label and the predictions as colour columns) instead of a section along a line; predictions.csv carries the column. null: sections along lines (or none without coordinates)."),
  doi: Nullable(Column(), "Depth of investigation of each node's sounding (m below its top cell, as inversions report it): the report greys the cells below it on the sections and draws it as a line; predictions.csv carries the column. null: none."),
  units: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.String({ maxLength: 40 }), { default: {}, maxProperties: 256, description: 'Unit of each feature as measured, by feature name, e.g. { "cond": "S/m", "depth": "m" }: written on the colour bars and tracks (a log10 feature as log10 S/m).' }),
  keep: Type.Array(Column(), { default: [], uniqueItems: true, description: 'Columns copied unchanged into predictions.csv (and the baselines\' predictions files) after its own columns, e.g. the measured depth or the well name as given; every node table must have them.' }),
  missing: OneOf(['error', 'drop', 'impute'] as const, 'Empty or NaN feature: error, drop the row, or impute with the training median.', 'error'),
  missingIndicator: Bool('With impute: add a 0/1 feature per column that had missing values.', false),
  exclude: RowRule("Rows dropped as soon as a table is read, before anything else (transforms, roles, the graph): e.g. a blind well, { \"column\": \"WELL\", \"values\": [\"31/2-10\"] }. Only their ids are kept, so an edge table's edges to them are dropped too. null: none."),
  transforms: Type.Array(TransformItem, { default: [], maxItems: 256, description: 'Per-group feature transforms, in order, applied to each node table after exclude and before every other step (features, missing values, scaling): each computed on one group (data.group: a well) at a time, so nothing crosses groups; saved with a model, so predict applies them to new data.' }),
  every: Int('Keep every n-th row of each group (in file order) after the transforms, so differences and windows still see every sample (FORCE logs every 0.152 m: 8 keeps one per 1.2 m). 1 keeps all. Not with an edge table.', 1, 1, 1_000_000),
  holdOut: RowRule("Rows held out as the test split, every other row training (e.g. a well: { \"column\": \"WELL\", \"values\": [\"25/11-24\"] }); replaces split and trainFlag. null: split or trainFlag decides."),
  edgeColumns: Section('Edge table columns.', {
    u: Type.String({ minLength: 1, default: 'U', description: 'Source node id column.' }),
    v: Type.String({ minLength: 1, default: 'V', description: 'Target node id column.' }),
    weight: Nullable(Column(), 'Edge weight column (null: unweighted).'),
  }),
});

export type DataConfig = Static<typeof DataSection>;
export type Normalization = DataConfig['normalize'];

/** The columns predictions.csv writes itself, and the prefixes of its per-class and per-feature columns. */
export const PREDICTION_COLUMNS = ['id', 'x', 'y', 'z', 'group', 'split', 'label', 'predicted', 'entropy'] as const;
export const PREDICTION_PREFIXES = ['prob_', 'value_'] as const;

/** The node-table columns predictions.csv copies: data.keep, then data.depth and data.doi when they are not among them (the report reads them back). */
export function copiedColumns(d: Pick<DataConfig, 'keep' | 'depth' | 'doi'>): string[] {
  const out = d.keep.slice();
  for (const c of [d.depth, d.doi]) if (typeof c === 'string' && !out.includes(c)) out.push(c);
  return out;
}

/** The unit of a feature as the model reads it: log10 features in log10 of their unit; '' when none is given. */
export function featureUnit(d: Pick<DataConfig, 'units' | 'logFeatures'>, feature: string): string {
  const raw = feature.startsWith('log10_') && d.logFeatures.includes(feature.slice(6)) ? feature.slice(6) : feature;
  const u = Object.hasOwn(d.units, raw) ? d.units[raw] : '';
  return raw !== feature ? `log10 ${u || '(no unit)'}` : u;
}

/** Why a data.keep column cannot be copied into predictions.csv (its name is one of the file's own), or null. */
export function keepColumnProblem(c: string): string | null {
  if ((PREDICTION_COLUMNS as readonly string[]).includes(c)) return `'${c}' is a column predictions.csv writes itself (${PREDICTION_COLUMNS.join(', ')}): it cannot be kept under that name`;
  const prefix = PREDICTION_PREFIXES.find((p) => c.startsWith(p));
  if (prefix) return `'${c}' starts with '${prefix}', which predictions.csv uses for its own columns: it cannot be kept under that name`;
  return null;
}
