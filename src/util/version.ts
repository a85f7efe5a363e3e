import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** geo-graphnet's version (package.json sits two folders above src/util and dist/util alike). */
export const VERSION: string = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
