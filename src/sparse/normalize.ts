import { allocFloat, allocInt, dtypeOf } from '../util/float';
import { CSR } from './csr';

/**
 * A + fill·I: adds a diagonal entry to every row that lacks one (weight `fill`); rows that already
 * have a diagonal keep theirs (PyG's add_remaining_self_loops). Square matrices only.
 */
export function addSelfLoops(a: CSR, fill = 1): CSR {
  if (a.nRows !== a.nCols) throw new Error(`self-loops need a square matrix, got ${a.nRows}×${a.nCols}`);
  const n = a.nRows;
  const rowPtr = allocInt(n + 1);
  for (let i = 0; i < n; i++) {
    let has = false;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) if (a.col[p] === i) has = true;
    rowPtr[i + 1] = rowPtr[i] + (a.rowPtr[i + 1] - a.rowPtr[i]) + (has ? 0 : 1);
  }
  const col = allocInt(rowPtr[n]);
  const val = allocFloat(rowPtr[n], dtypeOf(a.val));
  for (let i = 0; i < n; i++) {
    let q = rowPtr[i];
    let placed = false;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (!placed && a.col[p] > i) {
        col[q] = i; val[q] = fill; q++; placed = true;
      }
      if (a.col[p] === i) placed = true;
      col[q] = a.col[p]; val[q] = a.val[p]; q++;
    }
    if (!placed) { col[q] = i; val[q] = fill; q++; }
  }
  return new CSR(n, n, rowPtr, col, val);
}

/** Row sums of the stored values (weighted in-degree of each receiving node). */
export function rowSums(a: CSR): Float64Array {
  const d = new Float64Array(a.nRows);
  for (let i = 0; i < a.nRows; i++) {
    let s = 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) s += a.val[p];
    d[i] = s;
  }
  return d;
}

/**
 * GCN propagation matrix D^-1/2 (A + I) D^-1/2 with D the row sums of A + I. Edge weights are the
 * stored values (1 for an unweighted graph). Zero-degree rows stay zero.
 */
export function gcnNormalize(a: CSR, selfLoopWeight = 1): CSR {
  const s = addSelfLoops(a, selfLoopWeight);
  const d = rowSums(s);
  const inv = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) inv[i] = d[i] > 0 ? 1 / Math.sqrt(d[i]) : 0;
  const val = allocFloat(s.nnz, dtypeOf(s.val));
  for (let i = 0; i < s.nRows; i++) {
    for (let p = s.rowPtr[i]; p < s.rowPtr[i + 1]; p++) val[p] = inv[i] * s.val[p] * inv[s.col[p]];
  }
  return s.withValues(val);
}

/** Row (mean) normalisation D^-1 A: each row's values sum to one; empty rows stay empty. */
export function rowNormalize(a: CSR): CSR {
  const d = rowSums(a);
  const val = allocFloat(a.nnz, dtypeOf(a.val));
  for (let i = 0; i < a.nRows; i++) {
    const inv = d[i] !== 0 ? 1 / d[i] : 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) val[p] = a.val[p] * inv;
  }
  return a.withValues(val);
}
