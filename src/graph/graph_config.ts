import { Type, type Static } from '@sinclair/typebox';
import { Int, Nullable, Num, OneOf, Section } from '../util/schema';

/** The graph section: how to build the graph when the data has no edge table. */
export const GraphSection = Section('How to build the graph when no edge table is given.', {
  method: OneOf(['knn', 'radius', 'lattice', 'line-knn', 'delaunay'] as const, 'Graph builder.', 'lattice'),
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
});

export type GraphConfig = Static<typeof GraphSection>;
