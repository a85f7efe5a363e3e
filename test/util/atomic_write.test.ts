import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineParts, writeFileAtomic } from '../../src/util/atomic_write';
import { tempDir } from '../helpers/run_config';

describe('files written in parts', () => {
  it('lineParts ends every line and cuts parts of about a megabyte without splitting a line', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => `${i},${'x'.repeat(i % 13)}`);
    const parts = [...lineParts(lines)];
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.endsWith('\n')).toBe(true);
    expect(parts.join('')).toBe(lines.join('\n') + '\n');
    expect([...lineParts([])]).toEqual([]);
  });

  it('writes the parts of a generator in order, and publishes nothing when the generator fails half-way (its own error passed on)', () => {
    const dir = tempDir('parts');
    const file = join(dir, 'big.csv');
    writeFileAtomic(file, lineParts(Array.from({ length: 200_000 }, (_, i) => String(i))));
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(200_001);
    expect(text.endsWith('199999\n')).toBe(true);
    writeFileSync(join(dir, 'kept.csv'), 'old\n');
    function* failing(): Generator<string> {
      yield 'a'.repeat(1 << 20);
      throw new Error('the data ran out');
    }
    expect(() => writeFileAtomic(join(dir, 'kept.csv'), failing())).toThrow(/^the data ran out$/);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('old\n');
    expect(() => writeFileAtomic(join(dir, 'new.csv'), failing())).toThrow();
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'kept.csv']);
  });
});
