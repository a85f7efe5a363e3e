import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './errors';
import { fsyncDir, outputError, tempSibling } from './atomic_write';

/**
 * A folder of outputs published as a whole. Files are written into a temporary sibling folder,
 * created at once so that an unwritable destination (no permission, read-only, not a folder) is
 * reported before any work is done. `publish` then replaces the destination: an existing folder is
 * renamed aside, the new one renamed into place, the old one removed. A reader sees the old folder
 * or the new one, never a mix (no stale figure beside new ones), and a failure before `publish`
 * leaves the old folder untouched.
 */
export class OutputFolder {
  private published = false;

  /** The outermost folder `open` had to create for the staging folder (removed again by `discard` if left empty). */
  private createdRoot: string | undefined;

  private constructor(readonly dir: string, readonly staging: string) {}

  /**
   * Check the destination and create the staging folder beside it. An existing destination is
   * replaced only if it is empty or holds one of `ownFiles` (it is an output folder of ours): a
   * folder of the user's own files is never deleted.
   */
  static open(dir: string, ownFiles: string[]): OutputFolder {
    const target = resolve(dir);
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw outputError(target, { code: 'ENOTDIR' }, 'the output path exists and is not a folder');
      if (readdirSync(target).length > 0 && !ownFiles.some((f) => existsSync(join(target, f)))) {
        throw new InputError(`the folder exists and holds files geo-graphnet did not write (it would replace the whole folder): choose a new or empty output folder`, { file: target });
      }
    }
    const folder = new OutputFolder(target, tempSibling(target, 'staging'));
    try {
      folder.createdRoot = mkdirSync(dirname(target), { recursive: true });
      mkdirSync(folder.staging);
    } catch (e) {
      folder.discard();
      throw outputError(dirname(target), e, 'cannot create the output folder');
    }
    return folder;
  }

  /** Put the staged folder in place of the destination. */
  publish(): void {
    if (this.published) throw new Error(`${this.dir} was already published`);
    const old = existsSync(this.dir) ? tempSibling(this.dir, 'old') : null;
    try {
      fsyncDir(this.staging);
      if (old) renameSync(this.dir, old);
      renameSync(this.staging, this.dir);
      fsyncDir(dirname(this.dir));
    } catch (e) {
      // put the old folder back if it was moved aside
      if (old && !existsSync(this.dir) && existsSync(old)) renameSync(old, this.dir);
      throw outputError(this.dir, e, 'cannot publish the outputs');
    } finally {
      this.published = true;
    }
    if (old) rmSync(old, { recursive: true, force: true });
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
  static async write<T>(dir: string, ownFiles: string[], fill: (staging: string) => T | Promise<T>): Promise<T> {
    const folder = OutputFolder.open(dir, ownFiles);
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
