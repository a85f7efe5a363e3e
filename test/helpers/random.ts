import { Tensor } from '../../src/tensor/tensor';
import { csrFromCOO } from '../../src/sparse/coo';
import type { CSR } from '../../src/sparse/csr';
import type { DType } from '../../src/util/float';
import { makeRng, type Rng } from '../../src/util/rng';

/** A tensor of uniform values in [lo, hi), drawn from rng. */
export function randTensor(rng: Rng, shape: number[], dtype: DType, requiresGrad = true, lo = -1, hi = 1): Tensor {
  const t = Tensor.zeros(shape, dtype, requiresGrad);
  for (let i = 0; i < t.size; i++) t.data[i] = lo + (hi - lo) * rng.next();
  return t;
}

/**
 * A random directed graph on n nodes with about `deg` in-edges each and positive weights; nodes
 * listed in `isolated` get no edges at all (empty rows and columns).
 */
export function randGraph(seed: number | string, n: number, deg: number, dtype: DType = 'float64', isolated: number[] = []): CSR {
  const rng = makeRng(`graph-${seed}`);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  const skip = new Set(isolated);
  for (let i = 0; i < n; i++) {
    if (skip.has(i)) continue;
    for (let d = 0; d < deg; d++) {
      const j = rng.int(n);
      if (skip.has(j) || j === i) continue;
      rows.push(i); cols.push(j); vals.push(0.5 + rng.next());
    }
  }
  return csrFromCOO(n, n, rows, cols, vals, { dtype });
}

/** Symmetric version: every edge i→j also j→i with the same weight. */
export function randUndirectedGraph(seed: number | string, n: number, deg: number, dtype: DType = 'float64', isolated: number[] = []): CSR {
  const a = randGraph(seed, n, deg, dtype, isolated);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let i = 0; i < n; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
    rows.push(i, a.col[p]); cols.push(a.col[p], i); vals.push(a.val[p], a.val[p]);
  }
  return csrFromCOO(n, n, rows, cols, vals, { dtype });
}
