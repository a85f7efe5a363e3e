import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../util/errors';

/** A float64 array read from a NumPy .npy file: its shape and its values in C (row-major) order. */
export interface NpyArray { shape: number[]; data: Float64Array }

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Read a .npy file holding float64 values (little- or big-endian, C or Fortran order), as NumPy's
 * `np.save` writes it (format versions 1, 2 and 3). Anything else is an InputError naming the file.
 */
export function readNpyFloat64(file: string): NpyArray {
  if (!existsSync(file)) throw new InputError('file not found', { file });
  const buf = readFileSync(file);
  const bad = (what: string): never => { throw new InputError(`not a float64 NumPy array: ${what}`, { file }); };
  if (buf.length < 10 || MAGIC.some((b, k) => buf[k] !== b)) bad('no .npy magic string at the start');
  const major = buf[6];
  if (major < 1 || major > 3) bad(`format version ${major}.${buf[7]} is not one of 1, 2, 3`);
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > buf.length) bad('the header runs past the end of the file');
  const header = buf.subarray(start, start + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) bad(`cannot read its header ${JSON.stringify(header.trim())}`);
  if (descr !== '<f8' && descr !== '>f8') bad(`its dtype is '${descr}', not float64 ('<f8'); save it with .astype(np.float64)`);
  const shape = shapeText!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) bad(`shape (${shapeText}) is not a list of sizes`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (buf.length - offset !== 8 * count) bad(`shape (${shape.join(', ')}) needs ${8 * count} bytes of data, the file has ${buf.length - offset}`);
  const raw = new Float64Array(count);
  for (let k = 0; k < count; k++) raw[k] = descr === '<f8' ? buf.readDoubleLE(offset + 8 * k) : buf.readDoubleBE(offset + 8 * k);
  if (fortran === 'False' || shape.length < 2) return { shape, data: raw };
  // Fortran order: the first index varies fastest; reorder to C order
  const data = new Float64Array(count);
  const strides = shape.map((_, d) => shape.slice(0, d).reduce((a, b) => a * b, 1));
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < count; k++) {
    let f = 0;
    for (let d = 0; d < shape.length; d++) f += idx[d] * strides[d];
    data[k] = raw[f];
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return { shape, data };
}

/** A .npy file (format 1.0, little-endian float64, C order) of the given shape and values, as np.save writes it. */
export function npyBytes(shape: number[], values: ArrayLike<number>): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // magic (6) + version (2) + length (2) + header + newline, padded with spaces to a multiple of 64
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = Buffer.alloc(10 + header.length + 8 * values.length);
  Buffer.from(MAGIC).copy(out, 0);
  out[6] = 1; out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  for (let k = 0; k < values.length; k++) out.writeDoubleLE(values[k], 10 + header.length + 8 * k);
  return out;
}
