import type { CSR } from '../sparse/csr';
import type { DType } from '../util/float';

/**
 * What a graph layer reads of its graph: the propagation operators it multiplies by, each with one
 * row per destination node (the nodes it computes) and one column per source node (the rows of its
 * input). On a whole graph the two are the same nodes; on a sampled block (mini-batch training,
 * layer-wise and tiled inference) the destinations are the block's first numDst sources.
 */
export interface LayerGraph {
  /** Destination nodes: the rows a layer outputs. */
  readonly numDst: number;
  /** D^-1/2 (A + I) D^-1/2 with the edge weights (GCN). */
  gcn(dtype: DType): CSR;
  /** The mean operator of each neighbour set a SAGE layer averages apart. */
  neighbourMeans(dtype: DType, directional: boolean): CSR[];
  /** A + I: the edges attention runs over (values unused). */
  withSelfLoops(dtype: DType): CSR;
}
