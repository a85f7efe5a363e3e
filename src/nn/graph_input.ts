import type { CSR } from '../sparse/csr';
import { addSelfLoops, gcnNormalize, rowNormalize } from '../sparse/normalize';
import { selectEntries } from '../sparse/select';
import type { DType } from '../util/float';

/** Node positions, for layers that tell neighbours above, below and beside apart. */
export interface NodeGeometry { x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> | null }

/** The directions of model.directions 'vertical', in the order of their weights. */
export const DIRECTIONS = ['above', 'below', 'level'] as const;

/**
 * The adjacency a model runs on (row i = messages into node i; values = edge weights), with the
 * normalised forms each layer type needs, computed once per graph and precision and then reused
 * every epoch.
 */
export class GraphInput {
  private cache = new Map<string, CSR>();

  constructor(readonly adj: CSR, readonly geometry: NodeGeometry | null = null) {}

  get numNodes(): number { return this.adj.nRows; }

  private get(key: string, dtype: DType, make: (a: CSR) => CSR): CSR {
    const k = `${key}:${dtype}`;
    let c = this.cache.get(k);
    if (!c) {
      c = make(this.adj.as(dtype));
      this.cache.set(k, c);
    }
    return c;
  }

  /** D^-1/2 (A + I) D^-1/2 with the edge weights. */
  gcn(dtype: DType): CSR { return this.get('gcn', dtype, (a) => gcnNormalize(a)); }
  /** D^-1 A: mean over neighbours (edge weights ignored: each neighbour counts once). */
  mean(dtype: DType): CSR { return this.get('mean', dtype, (a) => rowNormalize(a.withValues(a.val.map(() => 1)))); }
  /**
   * Mean over the neighbours above, over those below and over those beside (the mean operator of
   * each direction, rows without such neighbours all zero). A neighbour is above or below when the
   * link is steeper than 45°: in a layered section, the cells up and down the sounding.
   */
  directionalMeans(dtype: DType): CSR[] {
    const g = this.geometry;
    if (!g?.z) throw new Error('model.directions needs node elevations (a z coordinate)');
    const z = g.z;
    const steep = (i: number, j: number) => Math.abs(z[j] - z[i]) > Math.hypot(g.x[j] - g.x[i], g.y[j] - g.y[i]);
    const keep = [(i: number, j: number) => steep(i, j) && z[j] > z[i], (i: number, j: number) => steep(i, j) && z[j] < z[i], (i: number, j: number) => !steep(i, j)];
    return DIRECTIONS.map((d, k) => this.get(`mean-${d}`, dtype, (a) => rowNormalize(selectEntries(a.withValues(a.val.map(() => 1)), keep[k]))));
  }

  /** A + I structure for attention (values unused). */
  withSelfLoops(dtype: DType): CSR { return this.get('loops', dtype, (a) => addSelfLoops(a)); }
}
