import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Bool, Int, Nullable, Num, OneOf, Section } from '../util/schema';

/** The builders' options, each declared once: the graph section and the recipe items share them. */
const options = {
  k: Int('Neighbours per node (knn, line-knn).', 8, 1, 4096),
  radius: Type.Number({ exclusiveMinimum: 0, default: 50, description: 'Radius (radius method), in scaled units.' }),
  scale: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 2, maxItems: 3, default: [1, 1, 1], description: 'Per-axis multipliers (> 0) for x, y, z before distances (exaggerate depth, compress lines).' }),
  acrossK: Int('Lattice: nearest stations linked on each adjacent line.', 1, 0, 64),
  verticalReach: Int('Lattice: each cell is linked to the cells up to this many layers above and below it in its sounding (1: adjacent layers only); more gives graph layers a deeper view of the sequence.', 1, 1, 64),
  lineColumns: Type.Array(Type.String(), { minItems: 1, default: ['x', 'y', 'z', 'cond'], description: "line-knn: the mixed space's columns (coordinates x, y, z or node-table columns)." }),
  lineWeights: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, default: [1, 1, 1, 1], description: 'line-knn: per-column weights (applied after min-max scaling of each column).' }),
  p: Num('Minkowski exponent for knn and line-knn (1 = L1 as the older tool, 2 = Euclidean).', 2, 1),
  weight: OneOf(['none', 'inverse', 'gaussian', 'minmax'] as const, 'Edge weights: none, 1/distance, Gaussian kernel, or 1 − min-max-scaled distance.', 'gaussian'),
  sigma: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'Gaussian kernel width (> 0); null uses the median edge length.'),
};

type Options = typeof options;
const pick = <K extends keyof Options>(...keys: K[]): Pick<Options, K> => Object.fromEntries(keys.map((k) => [k, options[k]])) as Pick<Options, K>;

/** One builder of a union recipe: `method` and that builder's own options (an unknown option is an error). */
const Item = <M extends string, P extends TProperties>(method: M, description: string, properties: P) =>
  Type.Object({ method: Type.Literal(method, { description: 'Graph builder.' }), ...properties }, { description, additionalProperties: false });

/** The builders a union combines: every single builder, and two that link wells (or lines) within and across. */
export const RecipeItem = Type.Union([
  Item('knn', 'Each node linked to its k nearest nodes in (scaled) x, y, z.', pick('k', 'scale', 'p', 'weight', 'sigma')),
  Item('radius', 'Every pair of nodes within a radius in (scaled) x, y, z.', pick('radius', 'scale', 'p', 'weight', 'sigma')),
  Item('delaunay', 'Delaunay triangulation of (scaled) x, y.', pick('scale', 'weight', 'sigma')),
  Item('lattice', 'Stations × layers of a layered survey.', pick('acrossK', 'verticalReach', 'scale', 'weight', 'sigma')),
  Item('line-knn', 'Per-line neighbours in a mixed space of coordinates and values.', pick('k', 'lineColumns', 'lineWeights', 'p', 'weight', 'sigma')),
  Item('group-depth', 'Within each group (well, sounding), each sample linked to its k nearest samples in depth: with k = 2 the sample above and the one below.', {
    k: Int('Depth neighbours per sample, within its group (2: the samples above and below).', 2, 1, 4096),
    along: Type.String({ minLength: 1, default: 'z', description: "The depth column: 'z' (the z coordinate) or a node-table column (a measured depth). Samples without a value get no depth link (a note says how many)." }),
    maxGap: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'No link spans more than this, in the depth column\'s units (gaps in a log, pieces of wells put end to end); null: no limit.'),
    weight: options.weight,
    sigma: options.sigma,
  }),
  Item('cross-group-knn', 'Each sample linked to its k nearest samples of other groups (wells, lines) in a chosen space.', {
    k: Int('Neighbours per sample, in other groups.', 4, 1, 4096),
    columns: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 64, default: ['x', 'y', 'z'], description: "The space's columns: coordinates x, y, z or node-table columns (logs, a transform's output). Samples missing any of them get no link of this kind (a note says how many)." }),
    scale: Nullable(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, maxItems: 64 }), 'One multiplier (> 0) per column, after standardize (exaggerate depth against map distance); null: all 1.'),
    standardize: Bool('Scale each column to mean 0 and standard deviation 1 over all samples first (no label is read), so logs of different units weigh alike.', false),
    p: options.p,
    weight: options.weight,
    sigma: options.sigma,
  }),
], { description: 'A builder and its options.' });

export type RecipeItemConfig = Static<typeof RecipeItem>;
export type RecipeMethod = RecipeItemConfig['method'];

/** The graph section: how to build the graph when the data has no edge table. */
export const GraphSection = Section('How to build the graph when no edge table is given.', {
  method: OneOf(['knn', 'radius', 'lattice', 'line-knn', 'delaunay', 'union'] as const, "Graph builder; 'union' unites the edges of the builders listed in recipes.", 'lattice'),
  ...options,
  recipes: Type.Array(RecipeItem, {
    default: [], maxItems: 32,
    description: "With method 'union': builders whose edge sets are united, each with its own options (any single builder, 'group-depth', 'cross-group-knn'). Each builder weights its own edges (its weight and sigma; 'none' gives weight 1); an edge two builders give is kept once, with the larger weight.",
  }),
  relations: Type.Array(Type.Object({
    src: Type.String({ minLength: 1, description: 'The node type whose nodes look for neighbours (data.type or a data.types name).' }),
    dst: Type.String({ minLength: 1, description: 'The node type they link to (the same type links nodes of one type among themselves).' }),
    k: Int('Nearest nodes of type dst linked to each node of type src.', 4, 1, 4096),
    radius: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'Only neighbours within this distance (after scale); null: no limit.'),
    scale: Nullable(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 2, maxItems: 3 }), 'Multipliers of x, y (and z) before distances (z × 10: a metre of depth weighs as 10 m across); null: all 1.'),
  }, { additionalProperties: false }), {
    default: [], maxItems: 64,
    description: "With data.types: the links between node types, each src node to its k nearest dst nodes by position. Messages run both ways, each direction (src → dst, dst → src) with its own SAGE weight; the survey's own graph (the builder above) is the relation of data.type to itself.",
  }),
});

export type GraphConfig = Static<typeof GraphSection>;
