import { randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, linkSync, lstatSync, openSync, readSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeAll, type WriteCall } from '../util/atomic_write';
import { InputError } from '../util/errors';
import { parseLog, warnOnStderr, type JournalBackend, type Log, type Warn } from './journal_backend';


/** Optuna's JournalFileOpenLock default: a lock file unchanged for this long was left by a dead writer. */
export const LOCK_GRACE_MS = 30_000;

export interface JournalFileOptions {
  /** How long to wait for another writer's lock file before reporting it (default 60 s). */
  lockTimeoutMs?: number;
  /** How long a lock file must stay unchanged before it is broken (default 30 s, as Optuna). */
  lockGraceMs?: number;
  /** Where skipped lines and broken locks are reported (default stderr). */
  warn?: Warn;
  /** The write call (tests inject short writes and ENOSPC). */
  write?: WriteCall;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The same lock file: the same inode, not modified since (a new lock may reuse a freed inode number). */
const sameFile = (a: Stats, b: Stats) => a.ino === b.ino && a.dev === b.dev && a.mtimeMs === b.mtimeMs;

/**
 * Optuna's JournalFileBackend format: one JSON object per line, appended under a lock file
 * `<path>.lock` created with O_CREAT|O_EXCL (Optuna's JournalFileOpenLock) and released by renaming
 * it away and unlinking, then flushed with fsync. A last line without its newline (a writer that
 * died mid-write) is ignored on read and cut off by the next append, so it never fuses with a new
 * line; a whole line that is not a JSON object is skipped with a warning. A lock file that stays
 * unchanged for the grace period was left by a dead writer (a live one holds it for milliseconds)
 * and is broken, as Optuna's lock does.
 *
 * File operations are plain system calls (microseconds each, fsync aside: a study waits for it
 * anyway); waiting for another writer's lock is asynchronous, so the rest of the process runs meanwhile.
 */
export class JournalFileBackend implements JournalBackend {
  readonly lockPath: string;
  private readonly lockTimeoutMs: number;
  private readonly lockGraceMs: number;
  private readonly warn: Warn;
  private readonly write: WriteCall;
  /** Byte offset where log number k starts, for the logs seen so far (reads resume there). */
  private readonly offsets: number[] = [0];
  /** Lines already reported as not a record (0-based). */
  private readonly warned = new Set<number>();

  constructor(readonly path: string, opts: JournalFileOptions = {}) {
    this.lockPath = `${path}.lock`;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 60_000;
    this.lockGraceMs = opts.lockGraceMs ?? LOCK_GRACE_MS;
    this.warn = opts.warn ?? warnOnStderr;
    this.write = opts.write ?? ((fd, bytes, offset, length) => writeSync(fd, bytes, offset, length));
  }

  async readLogs(from: number): Promise<(Log | null)[]> {
    // start from the furthest known line start at or before `from`
    let line = Math.min(from, this.offsets.length - 1);
    const start = this.offsets[line];
    const bytes = this.bytesFrom(start);
    const out: (Log | null)[] = [];
    // offsets count bytes, not decoded characters, so a line that is not UTF-8 cannot shift them
    for (let pos = 0; ;) {
      const nl = bytes.indexOf(10, pos);
      // the piece after the last newline is either empty or a torn write: not a log yet
      if (nl < 0) break;
      if (line + 1 >= this.offsets.length) this.offsets.push(start + nl + 1);
      if (line >= from) out.push(this.parseLine(bytes.subarray(pos, nl), line));
      line++;
      pos = nl + 1;
    }
    return out;
  }

  /** The journal's bytes from `start` to its current end (none if there is no journal yet). */
  private bytesFrom(start: number): Buffer {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      // no journal yet: the first append creates it
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw e;
    }
    try {
      const buf = Buffer.alloc(Math.max(0, fstatSync(fd).size - start));
      let got = 0;
      while (got < buf.length) {
        const r = readSync(fd, buf, got, buf.length - got, start + got);
        if (r === 0) break;
        got += r;
      }
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * A whole line's log, or null for a line that is not one (a merged or corrupted write): skipped,
   * with one warning per line however often it is re-read, as one bad line must not stop a study.
   */
  private parseLine(raw: Uint8Array, line: number): Log | null {
    let parsed: Log | string;
    try {
      parsed = parseLog(UTF8.decode(raw));
    } catch {
      parsed = 'not UTF-8 text';
    }
    if (typeof parsed !== 'string') return parsed;
    if (!this.warned.has(line)) {
      this.warned.add(line);
      this.warn(`${this.path}: line ${line + 1} is not a journal record (${parsed.slice(0, 120)}); skipped it. Python Optuna refuses a journal with such a line: delete the line to load the study there`);
    }
    return null;
  }

  async appendLogs(logs: Log[]): Promise<void> {
    await this.locked(() => this.appendLocked(logs));
  }

  /**
   * Append whole lines and fsync. Every byte is written (short writes are continued); if the disk
   * refuses part of them, the file is cut back to where it was, so no torn line is ever left
   * for the next append to fuse with, and the error says so.
   */
  async appendLocked(logs: Log[]): Promise<void> {
    if (logs.length === 0) return;
    const bytes = Buffer.from(logs.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const fd = openSync(this.path, 'a+');
    try {
      const end = this.wholeLinesEnd(fd);
      try {
        writeAll(fd, bytes, this.write);
        fsyncSync(fd);
      } catch (e) {
        // only the torn last line goes: whole lines written may already be read by other workers
        const written = (e as { written?: number }).written ?? 0;
        const kept = end + bytes.subarray(0, written).lastIndexOf(10) + 1;
        ftruncateSync(fd, kept);
        fsyncSync(fd);
        const cause = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new InputError(`could not append ${bytes.length} bytes to the journal (${cause}; ${written} written): the journal was cut back to its last whole line at ${kept} bytes; free disk space and rerun to resume the study`, { file: this.path });
      }
    } finally {
      closeSync(fd);
    }
  }

  /** File size without a torn last line (cut off here: only a dead writer leaves one, we hold the lock). */
  private wholeLinesEnd(fd: number): number {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 64 * 1024));
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - buf.length);
      const got = readSync(fd, buf, 0, end - start, start);
      const nl = buf.subarray(0, got).lastIndexOf(10);
      if (nl >= 0) {
        const whole = start + nl + 1;
        if (whole < size) ftruncateSync(fd, whole);
        return whole;
      }
      end = start;
    }
    if (size > 0) ftruncateSync(fd, 0);
    return 0;
  }

  async locked<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {}

  private async acquire(): Promise<void> {
    const t0 = Date.now();
    let wait = 1;
    // the lock file we keep finding, and since when (our clock, as Optuna: file times may come from another machine)
    let held: { stat: Stats; since: number } | null = null;
    for (;;) {
      try {
        closeSync(openSync(this.lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const stat = this.lockStat();
      // released meanwhile: try again at once
      if (stat === null) continue;
      if (held === null || !sameFile(held.stat, stat)) held = { stat, since: Date.now() };
      else if (Date.now() - held.since >= this.lockGraceMs && this.breakLock(stat)) {
        this.warn(`${this.lockPath}: the journal lock stayed unchanged for ${this.lockGraceMs / 1000} s (a writer holds it for milliseconds): a killed process left it; removed it`);
        held = null;
        wait = 1;
        continue;
      }
      if (Date.now() - t0 >= this.lockTimeoutMs) {
        throw new InputError(`could not take the journal lock in ${this.lockTimeoutMs / 1000} s (a writer holds it for milliseconds): if no study is writing ${this.path}, a killed process left this lock file; delete it and rerun`, { file: this.lockPath });
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 1000);
    }
  }

  private lockStat(): Stats | null {
    try {
      return lstatSync(this.lockPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /**
   * Remove the stale lock file `stale` as Optuna's lock does (rename away, unlink). Another waiter
   * may have broken it and taken a fresh lock just before: if what we renamed is not the stale file,
   * it is put back. False when there was nothing to break.
   */
  private breakLock(stale: Stats): boolean {
    const renamed = `${this.lockPath}${randomUUID()}.rename`;
    try {
      renameSync(this.lockPath, renamed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (!sameFile(lstatSync(renamed), stale)) {
      try {
        linkSync(renamed, this.lockPath);
      } catch (e) {
        // yet another writer took the lock meanwhile: the two holders race, as with Optuna's lock
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      unlinkSync(renamed);
      return false;
    }
    unlinkSync(renamed);
    return true;
  }

  private release(): void {
    const renamed = `${this.lockPath}${randomUUID()}.rename`;
    renameSync(this.lockPath, renamed);
    unlinkSync(renamed);
  }
}
