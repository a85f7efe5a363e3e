import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors';
import { fsyncDir, makeDirs, outputError, tempSibling, writeFileAtomic } from './atomic_write';

/** The file that marks a folder as one geo-graphnet wrote, and of which kind (a run, a prediction, figures). */
export const FOLDER_MARKER = '.geo-graphnet.json';

export type FolderKind = 'run' | 'prediction' | 'figures';

/** Mark dir as an output folder of the given kind (inside a staged folder: repeated seeds' runs). */
export function markFolder(dir: string, kind: FolderKind): void {
  writeFileAtomic(join(dir, FOLDER_MARKER), JSON.stringify({ kind }) + '\n');
}

function kindOf(dir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(dir, FOLDER_MARKER), 'utf8')) as { kind?: string }).kind ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What an interrupted writer of `target` left beside it: staging folders of processes that are gone
 * are removed, and a folder renamed aside by a publish that never finished is put back.
 */
function sweepLeftovers(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(target)}.`;
  for (const f of readdirSync(parent)) {
    const m = f.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.(staging|old)$/.exec(f.slice(prefix.length)) : null;
    if (!m || alive(Number(m[1]))) continue;
    const path = join(parent, f);
    if (m[2] === 'old' && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
  }
}

/**
 * A folder of outputs published as a whole. Files are written into a temporary sibling folder,
 * created at once so that an unwritable destination (no permission, read-only, not a folder) is
 * reported before any work is done. `publish` then replaces the destination: an existing folder is
 * renamed aside, the new one renamed into place, the old one removed. A reader never sees a mix of
 * old and new files (for the instant between the two renames it sees no folder), and a failure
 * before `publish` leaves the old folder untouched. Only an empty folder, or one this code wrote as
 * the same kind (marked by FOLDER_MARKER), is ever replaced: never a folder of the user's own files,
 * nor a run's folder by a prediction.
 */
export class OutputFolder {
  private published = false;

  /** The outermost folder `open` had to create for the staging folder (removed again by `discard` if left empty). */
  private createdRoot: string | undefined;

  private constructor(readonly dir: string, readonly staging: string) {}

  /** Check the destination and create the (marked) staging folder beside it. */
  static open(dir: string, kind: FolderKind): OutputFolder {
    const target = resolve(dir);
    sweepLeftovers(target);
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw outputError(target, { code: 'ENOTDIR' }, 'the output path exists and is not a folder');
      const found = kindOf(target);
      if (readdirSync(target).length > 0 && found !== kind) {
        throw new InputError(found
          ? `the folder holds a geo-graphnet ${found}, not a ${kind}: choose another output folder`
          : 'the folder exists and holds files geo-graphnet did not write (it would replace the whole folder): choose a new or empty output folder', { file: target });
      }
    }
    const folder = new OutputFolder(target, tempSibling(target, 'staging'));
    try {
      folder.createdRoot = makeDirs(dirname(target));
      mkdirSync(folder.staging);
      markFolder(folder.staging, kind);
    } catch (e) {
      folder.discard();
      throw outputError(dirname(target), e, 'cannot create the output folder');
    }
    return folder;
  }

  /** Put the staged folder in place of the destination. */
  publish(): void {
    if (this.published) throw new Error(`${this.dir} was already published`);
    this.published = true;
    const old = existsSync(this.dir) ? tempSibling(this.dir, 'old') : null;
    try {
      fsyncDir(this.staging);
      if (old) renameSync(this.dir, old);
      renameSync(this.staging, this.dir);
    } catch (e) {
      // put the old folder back if it was moved aside
      if (old && !existsSync(this.dir) && existsSync(old)) renameSync(old, this.dir);
      throw outputError(this.dir, e, 'cannot publish the outputs');
    }
    // the outputs are in place: what follows is tidying, which must not fail the run
    try { fsyncDir(dirname(this.dir)); } catch { /* the rename is done; durability is the file system's */ }
    // a folder that cannot be removed now is swept by the next open
    if (old) try { rmSync(old, { recursive: true, force: true }); } catch { /* left for sweepLeftovers */ }
  }

  /** Remove the staged files (after a failure), and the folders created to hold them if nothing else is in them. */
  discard(): void {
    rmSync(this.staging, { recursive: true, force: true });
    if (!this.createdRoot) return;
    for (let d = dirname(this.dir); d.length >= this.createdRoot.length; d = dirname(d)) {
      try { rmdirSync(d); } catch { return; }
    }
  }

  /**
   * Open the folder (so a bad destination fails before `fill` does any work), run `fill` on the
   * staging folder, then publish; on any failure nothing is published and the staging folder is removed.
   */
  static async write<T>(dir: string, kind: FolderKind, fill: (staging: string) => T | Promise<T>): Promise<T> {
    const folder = OutputFolder.open(dir, kind);
    try {
      const out = await fill(folder.staging);
      folder.publish();
      return out;
    } catch (e) {
      folder.discard();
      // name the file where the user will look for it, not in the staging folder
      throw e instanceof InputError ? new InputError(e.message.split(folder.staging).join(folder.dir)) : e;
    }
  }
}
