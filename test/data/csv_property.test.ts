import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, readCsv } from '../../src/data/csv';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

/** Property tests of the CSV reader: any bytes give a table or an InputError, and what csvLine writes reads back as it was. */
describe('CSV reader, on arbitrary input', () => {
  const dir = tempDir('csvprop');
  let k = 0;
  const fileWith = (bytes: Uint8Array | string) => {
    const f = join(dir, `t${k++}.csv`);
    writeFileSync(f, bytes);
    return f;
  };

  it('arbitrary bytes: a table or one InputError, never anything else', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
      try {
        const t = await readCsv(fileWith(bytes));
        for (const h of t.header) expect(t.columns.get(h)!.length).toBe(t.rows);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
      }
    }), { numRuns: 300, seed: 1 });
  });

  it('cells with commas, quotes, line breaks, inner spaces and unicode round-trip through csvLine', async () => {
    // the reader trims every cell (as users' files need), so cells are compared trimmed
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r\n', ' ', 'é', '東', '<', '/', '\t'), maxLength: 8 }).map((c) => c.trim());
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }).chain((w) => fc.tuple(
      fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', '_'), minLength: 1, maxLength: 4 }), { minLength: w, maxLength: w }),
      fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 5 }),
    )), async ([header, rows]) => {
      // a row of only empty cells is a blank line, which the reader skips by design
      const kept = rows.filter((r) => r.some((c) => c !== ''));
      const t = await readCsv(fileWith([header, ...kept].map(csvLine).join('\n') + '\n'));
      expect(t.header).toEqual(header);
      expect(t.rows).toBe(kept.length);
      header.forEach((h, c) => expect(t.columns.get(h)).toEqual(kept.map((r) => r[c])));
    }), { numRuns: 200, seed: 2 });
  });
});
