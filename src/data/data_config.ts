import { Type, type Static } from '@sinclair/typebox';
import { Bool, Nullable, OneOf, Section } from '../util/schema';
import { SurveySection } from './survey_config';

/** A column name: never empty (an empty name would match nothing, or the unnamed index column by accident). */
const Column = (description = 'A column name.') => Type.String({ minLength: 1, description });

const FileList = (description: string) => Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description });

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
  keep: Type.Array(Column(), { default: [], uniqueItems: true, description: 'Columns copied unchanged into predictions.csv (and the baselines\' predictions files) after its own columns, e.g. the measured depth or the well name as given; every node table must have them.' }),
  missing: OneOf(['error', 'drop', 'impute'] as const, 'Empty or NaN feature: error, drop the row, or impute with the training median.', 'error'),
  missingIndicator: Bool('With impute: add a 0/1 feature per column that had missing values.', false),
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

/** Why a data.keep column cannot be copied into predictions.csv (its name is one of the file's own), or null. */
export function keepColumnProblem(c: string): string | null {
  if ((PREDICTION_COLUMNS as readonly string[]).includes(c)) return `'${c}' is a column predictions.csv writes itself (${PREDICTION_COLUMNS.join(', ')}): it cannot be kept under that name`;
  const prefix = PREDICTION_PREFIXES.find((p) => c.startsWith(p));
  if (prefix) return `'${c}' starts with '${prefix}', which predictions.csv uses for its own columns: it cannot be kept under that name`;
  return null;
}
