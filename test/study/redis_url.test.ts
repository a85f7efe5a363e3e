import { describe, expect, it } from 'vitest';
import { isRedisUrl, maskRedisUrl, parseRedisUrl } from '../../src/study/redis_url';
import { InputError } from '../../src/util/errors';

describe('Redis URLs', () => {
  it('reads user, password, host, port, database and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, db: 0, username: undefined, password: undefined, tls: false });
    expect(parseRedisUrl('redis://:p%40ss@h:6390/2')).toEqual({ host: 'h', port: 6390, db: 2, username: undefined, password: 'p@ss', tls: false });
    expect(parseRedisUrl('rediss://alice:pw@[::1]:7000/')).toEqual({ host: '::1', port: 7000, db: 0, username: 'alice', password: 'pw', tls: true });
    expect(isRedisUrl('REDISS://h')).toBe(true);
    expect(isRedisUrl('out/journal.jsonl')).toBe(false);
  });

  it('masks the password in every form, including unencoded / and @', () => {
    expect(maskRedisUrl('redis://:secret@h:1/0')).toBe('redis://:***@h:1/0');
    expect(maskRedisUrl('rediss://alice:secret@h/3')).toBe('rediss://alice:***@h/3');
    expect(maskRedisUrl('redis://alice:se/cr@et@h/3')).toBe('redis://alice:***@h/3');
    expect(maskRedisUrl('redis://alice@h:1/0')).toBe('redis://alice@h:1/0');
    expect(maskRedisUrl('redis://h:6379/0')).toBe('redis://h:6379/0');
  });

  it('rejects what is not a Redis URL with an InputError that does not show the password', () => {
    for (const [url, found] of [
      ['redis://:secret@h/zero', "'zero' where the database number belongs"],
      ['redis://:secret@h/0?timeout=1', 'a query or fragment'],
      ['redis://:se/cret@h/0', 'no host, or characters that need %-encoding'],
      ['http://:secret@h/0', "the scheme 'http:'"],
      ['redis://:%zz@h/0', 'a malformed %-escape'],
    ]) {
      let err: unknown;
      try { parseRedisUrl(url); } catch (e) { err = e; }
      expect(err, url).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain(found);
      expect((err as Error).message).not.toMatch(/secret|cret|%zz/);
    }
  });
});
