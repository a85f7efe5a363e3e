import { randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../util/errors';
import type { JournalBackend, Log } from './journal_backend';

/** Write bytes[offset, offset + length) at the end of the file; returns how many bytes it stored (a full disk may store fewer). */
export type AppendWrite = (fd: number, bytes: Uint8Array, offset: number, length: number) => number;

export interface JournalFileOptions {
  /** How long to wait for another writer's lock file before reporting it (default 60 s). */
  lockTimeoutMs?: number;
  /** The write call (tests inject short writes and ENOSPC). */
  write?: AppendWrite;
}

/**
 * Optuna's JournalFileBackend format: one JSON object per line, appended under a lock file
 * `<path>.lock` created with O_CREAT|O_EXCL (Optuna's JournalFileOpenLock) and released by renaming
 * it away and unlinking, then flushed with fsync. A last line without its newline (a writer that
 * died mid-write) is ignored on read and cut off by the next append, so it never fuses with a new line.
 *
 * File operations are plain system calls (microseconds each, fsync aside: a study waits for it
 * anyway); waiting for another writer's lock is asynchronous, so the rest of the process runs meanwhile.
 */
export class JournalFileBackend implements JournalBackend {
  readonly lockPath: string;
  private readonly lockTimeoutMs: number;
  private readonly write: AppendWrite;
  /** Byte offset where log number k starts, for the logs seen so far (reads resume there). */
  private readonly offsets: number[] = [0];

  constructor(readonly path: string, opts: JournalFileOptions = {}) {
    this.lockPath = `${path}.lock`;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 60_000;
    this.write = opts.write ?? ((fd, bytes, offset, length) => writeSync(fd, bytes, offset, length));
  }

  async readLogs(from: number): Promise<Log[]> {
    // start from the furthest known line start at or before `from`
    let line = Math.min(from, this.offsets.length - 1);
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      // no journal yet: the first append creates it
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    let text: string;
    try {
      const start = this.offsets[line];
      const buf = Buffer.alloc(Math.max(0, fstatSync(fd).size - start));
      let got = 0;
      while (got < buf.length) {
        const r = readSync(fd, buf, got, buf.length - got, start + got);
        if (r === 0) break;
        got += r;
      }
      text = buf.subarray(0, got).toString('utf8');
    } finally {
      closeSync(fd);
    }
    const out: Log[] = [];
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      // the piece after the last newline is either empty or a torn write: not a log yet
      if (nl < 0) break;
      const raw = text.slice(pos, nl);
      if (line + 1 >= this.offsets.length) this.offsets.push(this.offsets[line] + Buffer.byteLength(raw, 'utf8') + 1);
      if (line >= from) {
        try {
          out.push(JSON.parse(raw));
        } catch (e) {
          throw new Error(`${this.path}: journal line ${line + 1} is not valid JSON (${(e as Error).message})`);
        }
      }
      line++;
      pos = nl + 1;
    }
    return out;
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
      let written = 0;
      try {
        while (written < bytes.length) {
          const n = this.write(fd, bytes, written, bytes.length - written);
          if (n <= 0) throw new Error(`the write stored no byte of the remaining ${bytes.length - written}`);
          written += n;
        }
        fsyncSync(fd);
      } catch (e) {
        ftruncateSync(fd, end);
        fsyncSync(fd);
        const cause = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new InputError(`could not append ${bytes.length} bytes to the journal (${cause}; ${written} written): the journal was cut back to its last whole line at ${end} bytes; free disk space and rerun to resume the study`, { file: this.path });
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
    for (;;) {
      try {
        closeSync(openSync(this.lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (Date.now() - t0 >= this.lockTimeoutMs) {
        throw new InputError(`could not take the journal lock in ${this.lockTimeoutMs / 1000} s (a writer holds it for milliseconds): if no study is writing ${this.path}, a killed process left this lock file; delete it and rerun`, { file: this.lockPath });
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 1000);
    }
  }

  private release(): void {
    const renamed = `${this.lockPath}${randomUUID()}.rename`;
    renameSync(this.lockPath, renamed);
    unlinkSync(renamed);
  }
}
