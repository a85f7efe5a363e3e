import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** Where journal lines live: a file here, Redis elsewhere; both append whole lines and read them back in order. */
export interface JournalBackend {
  /** Logs numbered from `from` (0-based) to the end; a torn last line is not returned. */
  readLogs(from: number): Record<string, unknown>[];
  appendLogs(logs: Record<string, unknown>[]): void;
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

  constructor(readonly path: string) {
    this.lockPath = `${path}.lock`;
    if (!existsSync(path)) closeSync(openSync(path, 'a'));
  }

  readLogs(from: number): Record<string, unknown>[] {
    const text = readFileSync(this.path, 'utf8');
    const lines = text.split('\n');
    // the piece after the last newline is either empty or a torn write
    lines.pop();
    const out: Record<string, unknown>[] = [];
    for (let i = from; i < lines.length; i++) {
      try {
        out.push(JSON.parse(lines[i]));
      } catch (e) {
        throw new Error(`${this.path}: journal line ${i + 1} is not valid JSON (${(e as Error).message})`);
      }
    }
    return out;
  }

  appendLogs(logs: Record<string, unknown>[]): void {
    this.acquire();
    try {
      const fd = openSync(this.path, 'a');
      try {
        writeSync(fd, logs.map((l) => JSON.stringify(l)).join('\n') + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
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
