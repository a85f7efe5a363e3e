import { allocFloat, allocInt, dtypeOf, type DType, type FloatArray } from '../util/float';
import { CSR } from './csr';

export interface COOOptions {
  /** 'sum' adds the values of repeated (row, col) pairs; 'error' rejects them. Default 'sum'. */
  duplicates?: 'sum' | 'error';
  dtype?: DType;
}

/**
 * Build a CSR from coordinate lists. Rows are bucketed by a counting sort, then each row is sorted
 * by column, so the result does not depend on the order of the input edges (except for summation
 * order of duplicates, which follows input order).
 */
export function csrFromCOO(
  nRows: number, nCols: number, rows: ArrayLike<number>, cols: ArrayLike<number>,
  values: ArrayLike<number> | null = null, opts: COOOptions = {},
): CSR {
  const m = rows.length;
  if (cols.length !== m) throw new Error(`COO has ${m} row indices but ${cols.length} column indices`);
  if (values !== null && values.length !== m) throw new Error(`COO has ${m} entries but ${values.length} values`);
  for (let e = 0; e < m; e++) {
    if (!(rows[e] >= 0 && rows[e] < nRows) || !Number.isInteger(rows[e])) throw new Error(`COO row index out of range at entry ${e}: ${rows[e]} (nRows ${nRows})`);
    if (!(cols[e] >= 0 && cols[e] < nCols) || !Number.isInteger(cols[e])) throw new Error(`COO column index out of range at entry ${e}: ${cols[e]} (nCols ${nCols})`);
  }
  const ptr = new Int32Array(nRows + 1);
  for (let e = 0; e < m; e++) ptr[rows[e] + 1]++;
  for (let i = 0; i < nRows; i++) ptr[i + 1] += ptr[i];
  const fill = ptr.slice(0, nRows);
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[fill[rows[e]]++] = e;
  // sort each row's entries by (column, input position)
  for (let i = 0; i < nRows; i++) {
    const seg = order.subarray(ptr[i], ptr[i + 1]);
    if (seg.length > 1) seg.sort((a, b) => cols[a] - cols[b] || a - b);
  }
  const dtype = opts.dtype ?? 'float32';
  const outPtr = allocInt(nRows + 1);
  let nnz = 0;
  for (let i = 0; i < nRows; i++) {
    for (let q = ptr[i]; q < ptr[i + 1]; q++) {
      if (q > ptr[i] && cols[order[q]] === cols[order[q - 1]]) {
        if (opts.duplicates === 'error') throw new Error(`duplicate entry (${i}, ${cols[order[q]]}) at COO entries ${order[q - 1]} and ${order[q]}`);
        continue;
      }
      nnz++;
    }
    outPtr[i + 1] = nnz;
  }
  const col = allocInt(nnz);
  const val = allocFloat(nnz, dtype);
  let p = -1;
  for (let i = 0; i < nRows; i++) {
    for (let q = ptr[i]; q < ptr[i + 1]; q++) {
      const e = order[q];
      const v = values === null ? 1 : values[e];
      if (q > ptr[i] && cols[e] === cols[order[q - 1]]) {
        val[p] += v;
      } else {
        p++;
        col[p] = cols[e];
        val[p] = v;
      }
    }
  }
  return new CSR(nRows, nCols, outPtr, col, val);
}

/**
 * The CSR of a dense row-major [nRows, nCols] matrix, or null when more than maxDensity of its
 * entries are non-zero (then the dense form is the better one). Counts first, so a dense matrix
 * costs one scan and no allocation.
 */
export function csrFromDense(data: FloatArray, nRows: number, nCols: number, maxDensity: number): CSR | null {
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  if (nnz > maxDensity * data.length) return null;
  const rowPtr = allocInt(nRows + 1), col = allocInt(nnz), val = allocFloat(nnz, dtypeOf(data));
  let p = 0;
  for (let i = 0; i < nRows; i++) {
    for (let j = 0, o = i * nCols; j < nCols; j++) {
      const v = data[o + j];
      if (v !== 0) { col[p] = j; val[p] = v; p++; }
    }
    rowPtr[i + 1] = p;
  }
  return new CSR(nRows, nCols, rowPtr, col, val);
}
