import { allocInt } from '../util/float';
import { CSR } from './csr';

/** The entries of a for which keep(row, col) holds, with their values, in the same order. */
export function selectEntries(a: CSR, keep: (row: number, col: number) => boolean): CSR {
  const rowPtr = allocInt(a.nRows + 1);
  const picked: number[] = [];
  for (let i = 0; i < a.nRows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) if (keep(i, a.col[p])) picked.push(p);
    rowPtr[i + 1] = picked.length;
  }
  const col = allocInt(picked.length);
  const val = new (a.val.constructor as Float32ArrayConstructor)(picked.length);
  picked.forEach((p, k) => { col[k] = a.col[p]; val[k] = a.val[p]; });
  return new CSR(a.nRows, a.nCols, rowPtr, col, val);
}
