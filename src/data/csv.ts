import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseStream } from 'fast-csv';
import { InputError } from '../util/errors';

/** A CSV table held by column; row numbers in errors count data rows from 1 (the header is row 0). */
export interface Table {
  file: string;
  header: string[];
  rows: number;
  columns: Map<string, string[]>;
  /** The file's data row (1-based) of each row, when rows were dropped (data.exclude, data.every); absent: row r is the file's row r + 1. */
  rowNumbers?: Int32Array;
}

/** The file's data row (1-based) of a table row, for messages. */
export function fileRow(t: Table, r: number): number {
  return t.rowNumbers ? t.rowNumbers[r] : r + 1;
}

/** The table's rows listed in `rows` (in that order), numbered as in the file. */
export function selectRows(t: Table, rows: ArrayLike<number>): Table {
  const pick = Array.from(rows);
  const columns = new Map<string, string[]>();
  for (const [h, c] of t.columns) columns.set(h, pick.map((r) => c[r]));
  return { ...t, rows: pick.length, columns, rowNumbers: Int32Array.from(pick, (r) => fileRow(t, r)) };
}

/**
 * Stream a CSV or gzipped CSV (by the .gz ending) into columns. The first row is the header; an
 * empty first header (the unnamed index column pandas writes) is kept under the name ''.
 */
export async function readCsv(file: string): Promise<Table> {
  if (!existsSync(file)) throw new InputError('file not found', { file });
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const columns = new Map<string, string[]>();
  let header: string[] | null = null;
  let cols: string[][] = [];
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => reject(e instanceof InputError ? e : new InputError(`cannot read CSV: ${e.message}`, { file, row: rows + 1 }));
    raw.on('error', fail);
    input.on('error', fail);
    parseStream(input, { headers: false, ignoreEmpty: true, trim: true })
      .on('error', fail)
      .on('data', (row: string[]) => {
        if (header === null) {
          header = row;
          const seen = new Set<string>();
          for (const h of header) {
            if (seen.has(h)) return fail(new InputError(`duplicate column name '${h}' in the header`, { file, row: 0 }));
            seen.add(h);
          }
          cols = header.map(() => []);
          header.forEach((h, c) => columns.set(h, cols[c]));
          return;
        }
        rows++;
        if (row.length !== header.length) {
          return fail(new InputError(`has ${row.length} fields, the header has ${header.length}`, { file, row: rows }));
        }
        for (let c = 0; c < row.length; c++) cols[c].push(row[c]);
      })
      .on('end', () => resolve());
  });
  if (header === null) throw new InputError('the file is empty (no header row)', { file });
  return { file, header, rows, columns };
}

export function requireColumn(t: Table, name: string, role: string): string[] {
  const c = t.columns.get(name);
  if (!c) throw new InputError(`missing column for ${role} (columns are: ${t.header.map((h) => `'${h}'`).join(', ')})`, { file: t.file, column: name });
  return c;
}

/** Parse a column as numbers; an empty or non-numeric cell is an error naming its row and column. */
export function numericColumn(t: Table, name: string, role: string, allowMissing = false): Float64Array {
  const raw = requireColumn(t, name, role);
  const out = new Float64Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const s = raw[r];
    if (s === '' || /^(nan|NaN|NA|null)$/.test(s)) {
      if (!allowMissing) throw new InputError(`empty or NaN value for ${role}`, { file: t.file, row: fileRow(t, r), column: name });
      out[r] = NaN;
      continue;
    }
    const v = Number(s);
    if (!Number.isFinite(v)) throw new InputError(`non-numeric value '${s}' for ${role}`, { file: t.file, row: fileRow(t, r), column: name });
    out[r] = v;
  }
  return out;
}

/** Map a column's distinct strings to integer codes in order of first appearance (or a given order). */
export function categoricalColumn(t: Table, name: string, role: string, order?: string[]): { codes: Int32Array; names: string[] } {
  const raw = requireColumn(t, name, role);
  const names = order ? order.slice() : [];
  const index = new Map(names.map((n, i) => [n, i]));
  const codes = new Int32Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    let c = index.get(raw[r]);
    if (c === undefined) {
      if (order) throw new InputError(`value '${raw[r]}' is not in the class list [${order.join(', ')}]`, { file: t.file, row: fileRow(t, r), column: name });
      c = names.length;
      names.push(raw[r]);
      index.set(raw[r], c);
    }
    codes[r] = c;
  }
  return { codes, names };
}

/**
 * A CSV line for values, quoting only what needs it (separators, quotes, line breaks). readCsv
 * trims every cell, quoted or not, so text read back has no leading or trailing white space: the
 * names geo-graphnet writes came from such cells.
 */
export function csvLine(values: (string | number)[]): string {
  return values.map((v) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
}
