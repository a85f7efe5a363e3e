import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from './errors';

/** A JSON file parsed; a missing file, a folder or broken JSON is an input error naming the file. */
export function readJsonFile(file: string, what = 'file'): unknown {
  if (!existsSync(file)) throw new InputError(`${what} not found`, { file });
  if (statSync(file).isDirectory()) throw new InputError('is a folder, not a JSON file', { file });
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}
