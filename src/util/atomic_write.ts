import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors';

/** Write bytes[offset, offset + length) to fd; returns how many bytes were stored (a full disk may store fewer). */
export type WriteCall = (fd: number, bytes: Uint8Array, offset: number, length: number) => number;

const systemWrite: WriteCall = (fd, bytes, offset, length) => writeSync(fd, bytes, offset, length);
/** The write call every file write goes through; tests swap it to simulate a full disk. */
let writeCall: WriteCall = systemWrite;

/** Replace the write call (fault-injection tests); returns a function that restores the system's. */
export function injectWriteCall(w: WriteCall): () => void {
  writeCall = w;
  return () => { writeCall = systemWrite; };
}

/** What a failed file operation means for the user, named as such (ENOSPC, EACCES, EROFS…). */
export function fsProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC': return 'the disk is full (ENOSPC)';
    case 'EDQUOT': return 'the disk quota is exhausted (EDQUOT)';
    case 'EACCES': case 'EPERM': return `permission denied (${code})`;
    case 'EROFS': return 'the file system is read-only (EROFS)';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'EISDIR': return 'the path is a folder (EISDIR)';
    case 'ENAMETOOLONG': return 'the path is too long (ENAMETOOLONG)';
    case 'EMFILE': case 'ENFILE': return `too many open files (${code})`;
    default: return code ? `${(e as Error).message}` : String((e as Error)?.message ?? e);
  }
}

/** An output problem the user can fix (disk full, no permission): one line naming the file, exit code 2. */
export function outputError(file: string, e: unknown, what = 'cannot write'): InputError {
  if (e instanceof InputError) return e;
  return new InputError(`${what}: ${fsProblem(e)}`, { file });
}

/**
 * Write every byte of `bytes` to fd, continuing short writes; a write that stores nothing is an
 * error. A failure carries `written`, the bytes stored before it. `write` defaults to the (injectable)
 * system call.
 */
export function writeAll(fd: number, bytes: Uint8Array, write: WriteCall = writeCall): void {
  let done = 0;
  try {
    while (done < bytes.length) {
      const n = write(fd, bytes, done, bytes.length - done);
      if (!(n > 0)) throw Object.assign(new Error(`the write stored no byte of the remaining ${bytes.length - done}`), { code: 'ENOSPC' });
      done += n;
    }
  } catch (e) {
    throw Object.assign(e as Error, { written: done });
  }
}

/**
 * mkdir -p; returns the first folder it created. Where an ancestor is read-only or forbidden Node
 * reports ENOENT: the ancestor's own refusal (EROFS, EACCES) is thrown instead, as it says what to fix.
 */
export function makeDirs(dir: string): string | undefined {
  try {
    return mkdirSync(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      let ancestor = dirname(dir);
      while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
      accessSync(ancestor, constants.W_OK);
    }
    throw e;
  }
}

/** fsync a folder, so that a rename or a new file in it survives a crash. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A name for a temporary sibling of `path`, unique to this process and call. */
export function tempSibling(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`);
}

/**
 * Write a file so that readers see either the old content or the whole new content: every byte is
 * written to a temporary file beside it (short writes continued), the file is fsynced, renamed over
 * the target, and the folder fsynced. On any failure the temporary file is removed, nothing is
 * published, and the error is one line naming the file and the cause (disk full, no permission…).
 * Data may come in parts (a generator of text), so a file larger than a string can hold (a few
 * hundred MB in V8) is written without ever being whole in memory.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): void {
  const tmp = tempSibling(file);
  // an exception of the code that makes the text is its own (a bug, not a disk problem): passed on as it is
  let making = null as { error: unknown } | null;
  try {
    makeDirs(dirname(file));
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      else {
        const parts = data[Symbol.iterator]();
        for (;;) {
          let next: IteratorResult<string>;
          try {
            next = parts.next();
          } catch (e) {
            making = { error: e };
            throw e;
          }
          if (next.done) break;
          writeAll(fd, Buffer.from(next.value, 'utf8'));
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(dirname(file));
  } catch (e) {
    rmSync(tmp, { force: true });
    if (making) throw making.error;
    throw outputError(file, e);
  }
}

/** Lines (without their line ends) gathered into parts of about a megabyte, each line ended by \n. */
export function* lineParts(lines: Iterable<string>): Generator<string> {
  let part: string[] = [], size = 0;
  for (const l of lines) {
    part.push(l);
    size += l.length + 1;
    if (size >= 1 << 20) {
      yield part.join('\n') + '\n';
      part = [];
      size = 0;
    }
  }
  if (part.length) yield part.join('\n') + '\n';
}
