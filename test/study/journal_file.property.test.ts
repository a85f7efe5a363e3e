import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../src/study/journal_backend';
import { JournalFileBackend } from '../../src/study/journal_file';
import { tempDir } from '../helpers/run_config';

/**
 * The journal reader against an independent model: split the bytes at each newline, keep the whole
 * lines (the piece after the last newline is a write in progress), and a line is a log exactly when
 * it is UTF-8 text holding a JSON object.
 */
function modelRead(bytes: Uint8Array): (Log | null)[] {
  const out: (Log | null)[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    let log: Log | null = null;
    try {
      const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i)));
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) log = v;
    } catch {
      // not a log
    }
    out.push(log);
    start = i + 1;
  }
  return out;
}

const dir = tempDir('jprop');
let fileNo = 0;
const freshFile = () => join(dir, `j${fileNo++}.jsonl`);
const quiet = { warn: () => {} };

/** Journal-like text: JSON objects and other JSON values, one per line, with some lines mangled. */
const jsonLines = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string(), fc.jsonValue()).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat()).map(([o, k]) => { const t = JSON.stringify(o); return t.slice(0, k % (t.length + 1)); }) },
), { maxLength: 30 });

describe('file journal reader (properties)', () => {
  it('over arbitrary bytes it never throws and returns exactly the whole lines, a log for each parseable one', async () => {
    // random bytes mixed with newlines, braces, quotes, invalid UTF-8 and whole log lines, so that
    // every kind of line occurs
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 30 }),
      fc.constantFrom(10, 123, 125, 34, 0xff).map((b) => Uint8Array.of(b)),
      fc.dictionary(fc.string(), fc.jsonValue()).map((o) => Buffer.from(JSON.stringify(o) + '\n')),
    );
    await fc.assert(fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.nat(), async (pieces, splitAt) => {
      const bytes = Buffer.concat(pieces);
      const file = freshFile();
      writeFileSync(file, bytes);
      expect(await new JournalFileBackend(file, quiet).readLogs(0)).toEqual(modelRead(bytes));
      // written in two parts and read on where the first read stopped: offsets count bytes, even of invalid UTF-8
      const split = splitAt % (bytes.length + 1);
      const grown = freshFile();
      writeFileSync(grown, bytes.subarray(0, split));
      const b = new JournalFileBackend(grown, quiet);
      const first = await b.readLogs(0);
      appendFileSync(grown, bytes.subarray(split));
      expect([...first, ...(await b.readLogs(first.length))]).toEqual(modelRead(bytes));
    }), { numRuns: 300 });
  });

  it('JSON lines cut at any point: the whole lines before the cut, parseable ones as logs; reading on from any line agrees', async () => {
    await fc.assert(fc.asyncProperty(jsonLines, fc.nat(), fc.nat(), async (lines, cutAt, fromAt) => {
      const text = Buffer.from(lines.map((l) => l + '\n').join(''));
      const bytes = text.subarray(0, cutAt % (text.length + 1));
      const file = freshFile();
      writeFileSync(file, bytes);
      const expected = modelRead(bytes);
      const b = new JournalFileBackend(file, quiet);
      expect(await b.readLogs(0)).toEqual(expected);
      const from = fromAt % (expected.length + 1);
      expect(await b.readLogs(from)).toEqual(expected.slice(from));
      // a fresh reader starting past the known offsets scans from the start
      expect(await new JournalFileBackend(file, quiet).readLogs(from)).toEqual(expected.slice(from));
    }), { numRuns: 300 });
  });

  it('a journal that grows in arbitrary pieces is read incrementally as it would be read whole', async () => {
    await fc.assert(fc.asyncProperty(jsonLines, fc.array(fc.nat(), { maxLength: 8 }), async (lines, cuts) => {
      const text = Buffer.from(lines.map((l) => l + '\n').join(''));
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const file = freshFile();
      writeFileSync(file, '');
      const b = new JournalFileBackend(file, quiet);
      const seen: (Log | null)[] = [];
      let written = 0;
      for (const p of [...points, text.length]) {
        appendFileSync(file, text.subarray(written, p));
        written = p;
        seen.push(...(await b.readLogs(seen.length)));
      }
      expect(seen).toEqual(modelRead(text));
    }), { numRuns: 200 });
  });

  it('warns once per unreadable line, however often the journal is re-read', async () => {
    await fc.assert(fc.asyncProperty(jsonLines, fc.integer({ min: 1, max: 4 }), async (lines, reads) => {
      const text = Buffer.from(lines.map((l) => l + '\n').join(''));
      const file = freshFile();
      writeFileSync(file, text);
      const warnings: string[] = [];
      const b = new JournalFileBackend(file, { warn: (m) => warnings.push(m) });
      for (let i = 0; i < reads; i++) await b.readLogs(0);
      const bad = modelRead(text).flatMap((l, i) => (l === null ? [i + 1] : []));
      expect(warnings.map((w) => Number(/: line (\d+) is not a journal record/.exec(w)![1]))).toEqual(bad);
    }), { numRuns: 100 });
  });

  it('logs appended and read back round-trip', async () => {
    const log = fc.dictionary(fc.string(), fc.jsonValue()).map((o) => ({ op_code: 7, worker_id: 'w', ...o }));
    await fc.assert(fc.asyncProperty(fc.array(fc.array(log, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), async (batches) => {
      const file = freshFile();
      const writer = new JournalFileBackend(file);
      for (const batch of batches) await writer.appendLogs(batch);
      // what JSON keeps of each log (-0 becomes 0, as in Python's json)
      const expected = batches.flat().map((l) => JSON.parse(JSON.stringify(l)));
      expect(await new JournalFileBackend(file).readLogs(0)).toEqual(expected);
    }), { numRuns: 150 });
  });
});
