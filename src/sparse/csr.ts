import { allocFloat, allocInt, type DType, type FloatArray } from '../util/float';

/**
 * Compressed sparse rows: row i's entries are col[rowPtr[i] .. rowPtr[i+1]) with values val[...].
 * In a graph, row i lists the nodes whose messages node i receives.
 */
export class CSR {
  private transposed: CSRTranspose | null = null;

  constructor(
    readonly nRows: number,
    readonly nCols: number,
    readonly rowPtr: Int32Array,
    readonly col: Int32Array,
    readonly val: FloatArray,
  ) {
    validateCSR(this);
  }

  get nnz(): number { return this.col.length; }

  /** Same structure, new values (which must have one entry per stored element). */
  withValues(val: FloatArray): CSR {
    const c = new CSR(this.nRows, this.nCols, this.rowPtr, this.col, val);
    c.transposed = this.transposed;
    return c;
  }

  /** Values copied to the given precision (shares structure and the cached transpose). */
  as(dtype: DType): CSR {
    const v = allocFloat(this.nnz, dtype);
    v.set(this.val);
    return this.withValues(v);
  }

  /** The transposed structure, computed once and cached; its perm maps each entry back to this CSR's entry. */
  transpose(): CSRTranspose {
    if (this.transposed === null) this.transposed = buildTranspose(this);
    return this.transposed;
  }
}

/** Aᵀ as structure plus a permutation into A's values, so Aᵀ reads whatever values A holds now. */
export interface CSRTranspose {
  rowPtr: Int32Array;
  col: Int32Array;
  /** perm[p] = index in A of the entry stored at position p of Aᵀ. */
  perm: Int32Array;
}

/**
 * Counting sort by column; entries of each transposed row stay in increasing original-row order.
 * Shared memory where A's structure is (a whole graph's), ordinary where not (a block's).
 */
function buildTranspose(a: CSR): CSRTranspose {
  const shared = a.col.buffer instanceof SharedArrayBuffer;
  const rowPtr = allocInt(a.nCols + 1, shared);
  for (let p = 0; p < a.nnz; p++) rowPtr[a.col[p] + 1]++;
  for (let j = 0; j < a.nCols; j++) rowPtr[j + 1] += rowPtr[j];
  const fill = rowPtr.slice(0, a.nCols);
  const col = allocInt(a.nnz, shared);
  const perm = allocInt(a.nnz, shared);
  for (let i = 0; i < a.nRows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const q = fill[a.col[p]]++;
      col[q] = i;
      perm[q] = p;
    }
  }
  return { rowPtr, col, perm };
}

/** Explicit transpose with its own values (Aᵀ as a CSR). */
export function transposeCSR(a: CSR): CSR {
  const t = a.transpose();
  const val = allocFloat(a.nnz, a.val instanceof Float64Array ? 'float64' : 'float32');
  for (let p = 0; p < a.nnz; p++) val[p] = a.val[t.perm[p]];
  return new CSR(a.nCols, a.nRows, t.rowPtr, t.col, val);
}

/** Throws with the offending index when the structure is not a valid CSR. */
export function validateCSR(a: CSR): void {
  if (a.rowPtr.length !== a.nRows + 1) throw new Error(`CSR rowPtr has length ${a.rowPtr.length}, expected nRows + 1 = ${a.nRows + 1}`);
  if (a.rowPtr[0] !== 0) throw new Error(`CSR rowPtr[0] is ${a.rowPtr[0]}, expected 0`);
  for (let i = 0; i < a.nRows; i++) {
    if (a.rowPtr[i + 1] < a.rowPtr[i]) throw new Error(`CSR rowPtr is not monotone at index ${i + 1}: ${a.rowPtr[i + 1]} < ${a.rowPtr[i]}`);
  }
  if (a.rowPtr[a.nRows] !== a.col.length) throw new Error(`CSR rowPtr[${a.nRows}] is ${a.rowPtr[a.nRows]}, but there are ${a.col.length} column indices`);
  if (a.val.length !== a.col.length) throw new Error(`CSR has ${a.col.length} column indices but ${a.val.length} values`);
  for (let p = 0; p < a.col.length; p++) {
    const c = a.col[p];
    if (c < 0 || c >= a.nCols || !Number.isInteger(c)) throw new Error(`CSR column index out of range at entry ${p}: ${c} (nCols ${a.nCols})`);
  }
}
