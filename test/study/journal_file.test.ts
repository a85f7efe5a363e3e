import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend, LOCK_GRACE_MS } from '../../src/study/journal_file';
import type { WriteCall } from '../../src/util/atomic_write';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

const logs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ op_code: 7, worker_id: 'w', trial_id: 0, step: from + i, intermediate_value: (from + i) / 3 }));
const lines = (file: string) => readFileSync(file, 'utf8');
const appendBytes: WriteCall = (fd, bytes, offset, length) => writeSync(fd, bytes, offset, length);

/** Every line of the file is a whole JSON object and the file ends with a newline. */
function expectWholeLines(file: string): void {
  const text = lines(file);
  expect(text.endsWith('\n')).toBe(true);
  for (const l of text.slice(0, -1).split('\n')) expect(() => JSON.parse(l)).not.toThrow();
}

describe('file journal appends', () => {
  it('continues short writes until every byte is written', async () => {
    const dir = tempDir('jfile');
    const short = new JournalFileBackend(join(dir, 'short.jsonl'), { write: (fd, b, o, n) => appendBytes(fd, b, o, Math.min(n, 7)) });
    const plain = new JournalFileBackend(join(dir, 'plain.jsonl'));
    for (const b of [short, plain]) {
      await b.appendLogs(logs(5));
      await b.appendLogs(logs(3, 5));
    }
    expect(lines(short.path)).toBe(lines(plain.path));
    expect(await short.readLogs(0)).toEqual(logs(8));
  });

  it('a disk that refuses part of an append (ENOSPC) keeps only its whole lines, and says so', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    await new JournalFileBackend(file).appendLogs(logs(2));
    const before = lines(file);
    // stores half of what is asked, then the disk is full
    let calls = 0;
    const full = new JournalFileBackend(file, {
      write: (fd, b, o, n) => {
        if (calls++ === 0) return appendBytes(fd, b, o, Math.ceil(n / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    const batch = logs(3, 2);
    const err = await full.appendLogs(batch).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const after = lines(file);
    expect(err.message).toMatch(new RegExp(`^${file}: could not append \\d+ bytes to the journal \\(ENOSPC; \\d+ written\\): the journal was cut back to its last whole line at ${Buffer.byteLength(after)} bytes`));
    expect(calls).toBe(2);
    // the journal is what it was plus the batch's lines that were written whole (other workers may have read them)
    expect(after.startsWith(before)).toBe(true);
    expectWholeLines(file);
    const kept = (await new JournalFileBackend(file).readLogs(0)).slice(2);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(batch.slice(0, kept.length));
    // the lock was released and the next append joins cleanly
    await new JournalFileBackend(file).appendLogs(logs(1, 2));
    expectWholeLines(file);
    expect(await new JournalFileBackend(file).readLogs(0)).toEqual([...logs(2), ...kept, ...logs(1, 2)]);
  });

  it('a write that stores nothing is an error too, not an endless loop', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    await new JournalFileBackend(file).appendLogs(logs(1));
    const before = lines(file);
    const stuck = new JournalFileBackend(file, { write: () => 0 });
    await expect(stuck.appendLogs(logs(1, 1))).rejects.toThrow(/could not append \d+ bytes to the journal \(ENOSPC; 0 written\)/);
    expect(lines(file)).toBe(before);
  });

  it('cuts a torn last line left by a killed writer before appending, so it cannot fuse with the new line', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    const b = new JournalFileBackend(file);
    await b.appendLogs(logs(2));
    appendFileSync(file, '{"op_code":7,"worker_id":"dead","tri');
    expect(await new JournalFileBackend(file).readLogs(0)).toEqual(logs(2));
    await b.appendLogs(logs(1, 2));
    expectWholeLines(file);
    expect(await new JournalFileBackend(file).readLogs(0)).toEqual(logs(3));
  });

  it('names a lock file left behind once the wait times out', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    const b = new JournalFileBackend(file, { lockTimeoutMs: 300 });
    writeFileSync(b.lockPath, '');
    const t0 = Date.now();
    const err = await b.appendLogs(logs(1)).catch((e) => e);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(new RegExp(`^${b.lockPath}: could not take the journal lock in 0.3 s .*a killed process left this lock file; delete it and rerun$`));
    rmSync(b.lockPath);
    await b.appendLogs(logs(1));
    expect(await b.readLogs(0)).toEqual(logs(1));
  });

  it('breaks a lock file that stays unchanged for the grace period, with a warning naming it (Optuna\'s default: 30 s)', async () => {
    expect(LOCK_GRACE_MS).toBe(30_000);
    const file = join(tempDir('jfile'), 'j.jsonl');
    const warnings: string[] = [];
    const b = new JournalFileBackend(file, { lockGraceMs: 400, warn: (m) => warnings.push(m) });
    writeFileSync(b.lockPath, '');
    // an hour old by its time stamp: the age still counts from when this writer first saw it, as in
    // Optuna, so a clock that differs between machines cannot break a live lock
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(b.lockPath, hourAgo, hourAgo);
    const t0 = Date.now();
    await b.appendLogs(logs(1));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(warnings).toEqual([`${b.lockPath}: the journal lock stayed unchanged for 0.4 s (a writer holds it for milliseconds): a killed process left it; removed it`]);
    expect(existsSync(b.lockPath)).toBe(false);
    expect(await b.readLogs(0)).toEqual(logs(1));
  });

  it('does not break a lock that other writers keep taking and releasing', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    const warnings: string[] = [];
    const waiter = new JournalFileBackend(file, { lockGraceMs: 300, warn: (m) => warnings.push(m) });
    const busy = new JournalFileBackend(file);
    // a busy writer holds the lock 90 % of the time for 1 s, each hold a new lock file
    let stop = false;
    const holder = (async () => {
      while (!stop) await busy.locked(async () => { await new Promise((r) => setTimeout(r, 45)); });
    })();
    const appended = waiter.appendLogs(logs(1));
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await Promise.all([holder, appended]);
    expect(warnings).toEqual([]);
    expect(await waiter.readLogs(0)).toEqual(logs(1));
  });
});

describe('file journal reads', () => {
  it('skips a corrupted line in the middle with one warning naming the file and line, however often it is re-read', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    await new JournalFileBackend(file).appendLogs(logs(2));
    appendFileSync(file, '{"op_code":7,"worker_id":"dead","tri{"op_code":7}\n');
    await new JournalFileBackend(file).appendLogs(logs(2, 2));
    const warnings: string[] = [];
    const b = new JournalFileBackend(file, { warn: (m) => warnings.push(m) });
    expect(await b.readLogs(0)).toEqual([...logs(2), null, ...logs(2, 2)]);
    expect(await b.readLogs(1)).toEqual([logs(2)[1], null, ...logs(2, 2)]);
    expect(await b.readLogs(3)).toEqual(logs(2, 2));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${file}: line 3 is not a journal record \\(.*\\); skipped it`));
    // the replay goes on past it: the line keeps its number, so later reads stay aligned
    const storage = await JournalStorage.open(new JournalFileBackend(file, { warn: () => {} }), 'r');
    await new JournalFileBackend(file).appendLogs([{ op_code: 0, worker_id: 'w', study_name: 'after', directions: [1] }]);
    await storage.sync();
    expect(storage.studyNames()).toEqual(['after']);
  });

  it('a line that is JSON but not an object, or not UTF-8, is not a record either', async () => {
    const file = join(tempDir('jfile'), 'j.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from('[1,2]\nnull\n"x"\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(JSON.stringify(logs(1)[0]) + '\n')]));
    const warnings: string[] = [];
    expect(await new JournalFileBackend(file, { warn: (m) => warnings.push(m) }).readLogs(0)).toEqual([null, null, null, null, logs(1)[0]]);
    expect(warnings.map((w) => w.replace(/^.*?: (line \d) is not a journal record \((.*?)\).*$/, '$1 $2'))).toEqual([
      'line 1 a JSON array, not an object', 'line 2 a JSON null, not an object', 'line 3 a JSON string, not an object', 'line 4 not UTF-8 text',
    ]);
  });
});

// a real full disk: a 48 KiB tmpfs (needs root and mount rights; skipped with the reason otherwise)
const small = tempDir('jfull');
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', small], { encoding: 'utf8' });
if (mounted.status !== 0) console.warn(`skipping the full-disk journal test: cannot mount a small tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()})`);

describe.skipIf(mounted.status !== 0)('file journal on a full disk', () => {
  afterAll(() => { spawnSync('umount', [small]); });

  it('appends until the disk is full, then fails with the journal ending in a whole line', async () => {
    const file = join(small, 'j.jsonl');
    const b = new JournalFileBackend(file);
    const big = (k: number) => [{ op_code: 8, worker_id: 'w', trial_id: k, user_attr: { blob: 'x'.repeat(3000) } }];
    let appended = 0;
    let err: unknown = null;
    while (err === null && appended < 100) {
      await b.appendLogs(big(appended)).then(() => appended++, (e) => { err = e; });
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/\(ENOSPC; \d+ written\): the journal was cut back/);
    expect(appended).toBeGreaterThan(3);
    expectWholeLines(file);
    let size = 0;
    for (let k = 0; k < appended; k++) size += Buffer.byteLength(JSON.stringify(big(k)[0]) + '\n');
    expect(statSync(file).size).toBe(size);
    expect((await new JournalFileBackend(file).readLogs(0)).map((l) => l?.trial_id)).toEqual([...Array(appended).keys()]);
  });
});
