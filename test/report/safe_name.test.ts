import { describe, expect, it } from 'vitest';
import { basename, join, resolve } from 'node:path';
import { isSafeFileName, safeFileNames, SAFE_NAME_MAX } from '../../src/util/safe_name';
import { makeRng } from '../../src/util/rng';

const SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Every output is a plain, safe file name; distinct inputs give names distinct without case; equal inputs equal names. */
function expectSafeAndUnique(names: string[], out: string[], max = SAFE_NAME_MAX): void {
  expect(out).toHaveLength(names.length);
  const byName = new Map<string, string>();
  const owner = new Map<string, string>();
  names.forEach((n, i) => {
    const f = out[i];
    expect(f, JSON.stringify(n)).toMatch(SAFE);
    expect(f.length).toBeLessThanOrEqual(max);
    expect(['.', '..']).not.toContain(f);
    expect(basename(f)).toBe(f);
    if (byName.has(n)) expect(f).toBe(byName.get(n));
    byName.set(n, f);
    const o = owner.get(f.toLowerCase());
    if (o !== undefined) expect(o, `${JSON.stringify(n)} and ${JSON.stringify(o)} share ${f}`).toBe(n);
    owner.set(f.toLowerCase(), n);
  });
}

describe('safe file names', () => {
  it('keeps names that are already safe as they are', () => {
    const names = ['L01', 'a_b', 'x.y-z', '0', 'line_10.5'];
    expect(safeFileNames(names)).toEqual(names);
  });

  it('keeps a path inside its folder: no separator, no . or .., no leading dot or dash', () => {
    const names = ['x/../../../../PWNED', '../up', '/etc/passwd', 'C:\\Windows\\x', '.', '..', '...', '.hidden', '-rf', '', ' ', 'a\0b'];
    const out = safeFileNames(names);
    expectSafeAndUnique(names, out);
    const dir = resolve('/tmp/figures');
    for (const f of out) expect(resolve(join(dir, `section-${f}.svg`)).startsWith(`${dir}/`)).toBe(true);
    expect(out[0]).toBe('x_.._.._.._.._PWNED');
    expect(out[5]).toBe('_.');
    expect(out[8]).toBe('_rf');
  });

  it('keeps distinct names apart whatever their order: an already safe name keeps its spelling, the rewritten one takes a suffix', () => {
    expect(safeFileNames(['a/b', 'a_b'])).toEqual(['a_b-2', 'a_b']);
    expect(safeFileNames(['a_b', 'a/b'])).toEqual(['a_b', 'a_b-2']);
    // the suffix skips a name that is taken by an input spelled that way
    expect(safeFileNames(['a/b', 'a_b', 'a_b-2'])).toEqual(['a_b-3', 'a_b', 'a_b-2']);
    // names that differ only in case stay apart on case-insensitive disks
    const cased = safeFileNames(['A', 'a', 'a?']);
    expect(cased[0]).toBe('A');
    expect(new Set(cased.map((f) => f.toLowerCase())).size).toBe(3);
  });

  it('gives equal names equal files, and the same list the same files every time', () => {
    const names = ['b/1', 'b?1', 'b/1', 'b_1', 'b*1'];
    const out = safeFileNames(names);
    expect(out[0]).toBe(out[2]);
    expect(safeFileNames(names)).toEqual(out);
    expectSafeAndUnique(names, out);
  });

  it('caps the length, and long names that share their start stay apart within the cap', () => {
    const long = 'x'.repeat(300);
    const names = [long, `${long}1`, `${long}2`, `${'y'.repeat(79)}/`];
    const out = safeFileNames(names);
    expectSafeAndUnique(names, out);
    expect(out[0]).toBe('x'.repeat(SAFE_NAME_MAX));
    expect(out[1]).toBe(`${'x'.repeat(SAFE_NAME_MAX - 2)}-2`);
    expect(safeFileNames(['abcdefghij1', 'abcdefghij2'], 8)).toEqual(['abcdefgh', 'abcdef-2']);
  });

  it('spells accented letters plainly and replaces other characters by code point', () => {
    expect(safeFileNames(['Ünïcødé line', '電導率', '☃', '😀'])).toEqual(['Unic_de_line', '___', '_', '_-2']);
  });

  it('maps many random hostile names to safe, distinct names', () => {
    const rng = makeRng('safe-names');
    const alphabet = ['a', 'A', 'b', '_', '-', '.', '/', '\\', ' ', '\n', 'é', '電', '😀', '"', '<', ':'];
    const names = Array.from({ length: 2000 }, () => Array.from({ length: 1 + rng.int(6) }, () => alphabet[rng.int(alphabet.length)]).join(''));
    const out = safeFileNames(names);
    expectSafeAndUnique(names, out);
    expect(safeFileNames(names)).toEqual(out);
    // a safe name keeps its spelling unless an earlier one differs from it only in case
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (isSafeFileName(n) && !seen.has(n.toLowerCase())) expect(out[i]).toBe(n);
      if (isSafeFileName(n)) seen.add(n.toLowerCase());
    });
    expect(names.filter((n) => isSafeFileName(n)).length).toBeGreaterThan(50);
  });

  it('says which names are safe as they are', () => {
    for (const s of ['a', 'A.b-c_d', '_x', '9']) expect(isSafeFileName(s)).toBe(true);
    for (const s of ['', '.', '..', '.a', '-a', 'a/b', 'a b', 'é', 'x'.repeat(SAFE_NAME_MAX + 1)]) expect(isSafeFileName(s)).toBe(false);
  });
});
