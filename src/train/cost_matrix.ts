import { readCsv } from '../data/csv';
import { readNpyFloat64 } from '../data/npy';
import { InputError } from '../util/errors';
import type { CostMatrix } from './metrics';

export type { CostMatrix } from './metrics';

/**
 * A cost matrix for the penalty score (method.costMatrix), in the order of the class list:
 * - a CSV whose header names the predicted classes after a corner cell, and whose rows start with
 *   the true class: any order, every class once down and once across;
 * - a float64 .npy, rows the true classes and columns the predicted ones: C × C in the order of the
 *   class list (data.classes, or the sorted labels), or N × N in the order of `matrixClasses`, which
 *   must name every class (others are left out: a published matrix may cover classes a subset lacks).
 * A matrix whose shape or class names do not fit the classes is an InputError naming the file.
 */
export async function readCostMatrix(file: string, classes: string[], matrixClasses: string[] | null = null): Promise<CostMatrix> {
  const C = classes.length;
  const values = new Float64Array(C * C);
  if (/\.npy$/i.test(file)) {
    const a = readNpyFloat64(file);
    const names = matrixClasses ?? classes, N = names.length;
    if (a.shape.length !== 2 || a.shape[0] !== N || a.shape[1] !== N) {
      const named = matrixClasses ? `method.costMatrixClasses names ${N} classes` : `the model has ${N} classes`;
      throw new InputError(`the cost matrix has shape (${a.shape.join(', ')}); ${named} (${names.join(', ')}), so it must be ${N} × ${N}, rows true and columns predicted in that order`, { file });
    }
    const missing = classes.filter((c) => !names.includes(c));
    if (missing.length) throw new InputError(`method.costMatrixClasses does not name ${missing.map((c) => `'${c}'`).join(', ')}: every class needs its row and column`, { file });
    for (let t = 0; t < C; t++) for (let p = 0; p < C; p++) values[t * C + p] = a.data[names.indexOf(classes[t]) * N + names.indexOf(classes[p])];
  } else {
    const t = await readCsv(file);
    const across = t.header.slice(1);
    const down = t.columns.get(t.header[0]) ?? [];
    const mismatch = (names: string[], where: string) => {
      const missing = classes.filter((c) => !names.includes(c));
      const unknown = names.filter((c) => !classes.includes(c));
      const repeated = names.filter((c, k) => names.indexOf(c) !== k);
      if (missing.length || unknown.length || repeated.length) {
        const parts = [missing.length ? `missing ${missing.map((c) => `'${c}'`).join(', ')}` : '', unknown.length ? `not classes: ${unknown.map((c) => `'${c}'`).join(', ')}` : '', repeated.length ? `repeated: ${repeated.map((c) => `'${c}'`).join(', ')}` : ''].filter(Boolean);
        throw new InputError(`the cost matrix's ${where} must name each class once (${classes.join(', ')}): ${parts.join('; ')}`, { file, ...(where === 'header' ? { row: 0 } : { column: t.header[0] }) });
      }
    };
    if (t.header.length - 1 !== C || t.rows !== C) {
      throw new InputError(`the cost matrix is ${t.rows} × ${t.header.length - 1}; the model has ${C} classes (${classes.join(', ')}): give a header of the class names after a corner cell, and one row per class starting with its name`, { file });
    }
    mismatch(across, 'header');
    mismatch(down, 'first column (the true classes)');
    for (let r = 0; r < C; r++) {
      const t0 = classes.indexOf(down[r]);
      for (let k = 0; k < C; k++) {
        const cell = t.columns.get(across[k])![r];
        const v = cell.trim() === '' ? NaN : Number(cell);
        if (!Number.isFinite(v)) throw new InputError(`cost '${cell}' is not a finite number`, { file, row: r + 1, column: across[k] });
        values[t0 * C + classes.indexOf(across[k])] = v;
      }
    }
  }
  const k = values.findIndex((v) => !Number.isFinite(v));
  if (k >= 0) throw new InputError(`the cost of ${classes[Math.floor(k / C)]} → ${classes[k % C]} is ${values[k]}, not a finite number`, { file });
  return { file, C, values };
}

/** The cost matrix a method config names (null: none), read for these classes. */
export async function costMatrixFor(method: { costMatrix: string | null; costMatrixClasses: string[] | null }, classes: string[]): Promise<CostMatrix | null> {
  return method.costMatrix === null ? null : readCostMatrix(method.costMatrix, classes, method.costMatrixClasses);
}
