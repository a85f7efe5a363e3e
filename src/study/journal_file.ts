import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** Where journal lines live: a file here, Redis elsewhere; both append whole lines and read them back in order. */
export interface JournalBackend {
  /** Logs numbered from `from` (0-based) to the end; a torn last line is not returned. */
  readLogs(from: number): Record<string, unknown>[];
  appendLogs(logs: Record<string, unknown>[]): void;
  /** Run fn holding the journal's lock, so a read-check-append sequence is atomic across workers; fn appends with appendLocked. */
  locked<T>(fn: () => T): T;
  appendLocked(logs: Record<string, unknown>[]): void;
}

/** Block the thread for ms milliseconds (the journal API is synchronous, like the engine). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Optuna's JournalFileBackend format: one JSON object per line, appended under a lock file
 * `<path>.lock` created with O_CREAT|O_EXCL (Optuna's JournalFileOpenLock) and released by renaming
 * it away and unlinking, then flushed with fsync. A last line without its newline (a writer that
 * died mid-write) is ignored on read.
 */
export class JournalFileBackend implements JournalBackend {
  private readonly lockPath: string;
  /** Byte offset where log number k starts, for the logs seen so far (reads resume there). */
  private readonly offsets: number[] = [0];

  constructor(readonly path: string) {
    this.lockPath = `${path}.lock`;
    if (!existsSync(path)) closeSync(openSync(path, 'a'));
  }

  readLogs(from: number): Record<string, unknown>[] {
    // start from the furthest known line start at or before `from`
    let line = Math.min(from, this.offsets.length - 1);
    const fd = openSync(this.path, 'r');
    let text: string;
    try {
      const size = fstatSync(fd).size;
      const start = this.offsets[line];
      const buf = Buffer.alloc(Math.max(0, size - start));
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
    const out: Record<string, unknown>[] = [];
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

  appendLogs(logs: Record<string, unknown>[]): void {
    this.locked(() => this.appendLocked(logs));
  }

  appendLocked(logs: Record<string, unknown>[]): void {
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, logs.map((l) => JSON.stringify(l)).join('\n') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  locked<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  private acquire(): void {
    let wait = 1;
    for (;;) {
      try {
        closeSync(openSync(this.lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        sleepSync(wait);
        wait = Math.min(wait * 2, 1000);
      }
    }
  }

  private release(): void {
    const renamed = `${this.lockPath}${randomUUID()}.rename`;
    renameSync(this.lockPath, renamed);
    unlinkSync(renamed);
  }
}
