import type { CSR } from '../sparse/csr';
import { addSelfLoops, gcnNormalize, rowNormalize } from '../sparse/normalize';
import type { DType } from '../util/float';

/**
 * The adjacency a model runs on (row i = messages into node i; values = edge weights), with the
 * normalised forms each layer type needs, computed once per graph and precision and then reused
 * every epoch.
 */
export class GraphInput {
  private cache = new Map<string, CSR>();

  constructor(readonly adj: CSR) {}

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
  /** A + I structure for attention (values unused). */
  withSelfLoops(dtype: DType): CSR { return this.get('loops', dtype, (a) => addSelfLoops(a)); }
}
