import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../../src/config/run_config';
import { predictToFolder } from '../../src/pipeline/predict';
import { runToFolder } from '../../src/pipeline/run';
import { injectWriteCall } from '../../src/util/atomic_write';
import { InputError } from '../../src/util/errors';
import { smallRunConfig, tempDir } from '../helpers/run_config';

/*
 * What a run leaves on disk when writing fails: nothing half-written, the previous outputs intact,
 * one clear error. A full disk is simulated by the write call (everywhere) and, where this machine
 * lets us mount one, by a real tiny tmpfs.
 */
const tiny = (c: RunConfig) => { Object.assign(c.method, { epochs: 3, baselines: [] }); Object.assign(c.data.synthetic, { lines: 4, stationsPerLine: 12, layers: 24 }); };

let restore: (() => void) | null = null;
afterEach(() => { restore?.(); restore = null; });

/** Everything under dir, as relative paths. */
function tree(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? tree(join(dir, d.name), base) : [join(dir, d.name).slice(base.length + 1)])).sort();
}

function canMount(): boolean {
  const probe = tempDir('mnt');
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
}
const MOUNT = canMount();
if (!MOUNT) console.warn('the real-tmpfs cases are skipped: this machine does not let the tests mount a tmpfs (they need root)');

describe('a run that cannot write its outputs', () => {
  it('a disk that fills mid-write: one error naming the file and ENOSPC, the previous run intact, no staging folder left', async () => {
    const cfg = smallRunConfig(tiny);
    const first = await runToFolder(cfg, { log: () => {} });
    const before = tree(first.dir);
    const metrics = readFileSync(join(first.dir, 'metrics.json'), 'utf8');
    let budget = 50_000;
    restore = injectWriteCall((fd, bytes, off, len) => {
      if (budget <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = Math.min(len, budget);
      budget -= n;
      return require('node:fs').writeSync(fd, bytes, off, n);
    });
    const err = await runToFolder({ ...cfg, seed: 7 }, { log: () => {} }).catch((e) => e);
    restore();
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/: cannot write: the disk is full \(ENOSPC\)$/);
    expect(err.message.split('\n')).toHaveLength(1);
    expect(tree(first.dir)).toEqual(before);
    expect(readFileSync(join(first.dir, 'metrics.json'), 'utf8')).toBe(metrics);
    expect(readdirSync(cfg.out).filter((f) => f !== cfg.name)).toEqual([]);
  }, 60_000);

  it('a rerun replaces the folder as a whole: no file of the old run stays', async () => {
    const cfg = smallRunConfig(tiny);
    const first = await runToFolder(cfg, { log: () => {} });
    writeFileSync(join(first.dir, 'section-OLD.svg'), '<svg/>');
    await runToFolder(cfg, { log: () => {} });
    expect(existsSync(join(first.dir, 'section-OLD.svg'))).toBe(false);
    expect(existsSync(join(first.dir, 'metrics.json'))).toBe(true);
  }, 60_000);

  it('never replaces a folder of the user\'s own files, and says so before training', async () => {
    const cfg = smallRunConfig(tiny);
    const dir = join(cfg.out, cfg.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'thesis.docx'), 'years of work');
    const logs: string[] = [];
    const err = await runToFolder(cfg, { log: (s) => logs.push(s), quiet: true }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/holds files geo-graphnet did not write/);
    expect(logs).toEqual([]); // nothing was loaded or trained
    expect(readdirSync(dir)).toEqual(['thesis.docx']);
  });

  it('predict refuses to write into a run\'s folder (it would delete the model it reads)', async () => {
    const run = await runToFolder(smallRunConfig(tiny), { log: () => {} });
    const err = await predictToFolder({ model: join(run.dir, 'model.json') }, run.dir).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/holds a geo-graphnet run, not a prediction/);
    expect(existsSync(join(run.dir, 'model.json'))).toBe(true);
  }, 60_000);

  it('a killed run\'s staging folder is swept by the next write', async () => {
    const cfg = smallRunConfig(tiny);
    // a staging folder of a process that no longer exists (pid 2^22 + 1 is beyond Linux's pid_max default)
    const left = join(cfg.out, `.${cfg.name}.4194305.deadbeef.staging`);
    mkdirSync(left, { recursive: true });
    writeFileSync(join(left, 'predictions.csv'), 'half');
    await runToFolder(cfg, { log: () => {} });
    expect(existsSync(left)).toBe(false);
  }, 60_000);

  it('predict publishes its folder as a whole: a stale metrics.json does not stay beside unlabelled predictions', async () => {
    const run = await runToFolder(smallRunConfig(tiny), { log: () => {} });
    const out = join(tempDir('pred'), 'p');
    await predictToFolder({ model: join(run.dir, 'model.json') }, out);
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    // the same survey without labels: no metrics, and the earlier metrics.json is gone
    const csv = readFileSync(join(out, 'predictions.csv'), 'utf8');
    expect(csv.length).toBeGreaterThan(0);
    const nodes = join(tempDir('nodes'), 'nodes.csv');
    const rows = csv.trim().split('\n').map((l) => l.split(','));
    const col = (n: string) => rows[0].indexOf(n);
    writeFileSync(nodes, ['id,x,y,z,Line,cond,cond_unc,depth,doi', ...rows.slice(1).map((r) => [r[col('id')], r[col('x')], r[col('y')], r[col('z')], r[col('group')], 10 ** Number(r[col('value_log10_cond')]), 10 ** Number(r[col('value_log10_cond_unc')]), r[col('value_depth')], r[col('value_doi')]].join(','))].join('\n') + '\n');
    const r = await predictToFolder({ model: join(run.dir, 'model.json'), nodes }, out);
    expect(r.test).toBeNull();
    expect(r.validation).toBeNull();
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
  }, 60_000);
});

describe.skipIf(!MOUNT)('on a real tiny or read-only file system (tmpfs)', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', ...args], { cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  const mount = (opts: string) => {
    const dir = tempDir('fs');
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]).status).toBe(0);
    return dir;
  };
  const small = ['--set', 'data.synthetic.lines=4', '--set', 'data.synthetic.stationsPerLine=20', '--set', 'method.epochs=3', '--set', 'method.baselines=[]'];

  it('a 16 KiB disk: exit 2, one line naming ENOSPC, nothing left on it', () => {
    const dir = mount('size=16k');
    try {
      const r = cli(['run', ...small, '--out', dir, '--name', 'full']);
      expect(r.status).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      expect(errors).toEqual([`error: ${join(dir, 'full')}/predictions.csv: cannot write: the disk is full (ENOSPC)`]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      spawnSync('umount', [dir]);
    }
  }, 60_000);

  it('a folder to create under a read-only one is reported as read-only, not as missing', () => {
    const dir = mount('ro,size=64k');
    try {
      const r = cli(['schema', '--write', join(dir, 'deep', 'schemas')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/^error: .*the file system is read-only \(EROFS\)$/);
    } finally {
      spawnSync('umount', [dir]);
    }
  }, 60_000);

  it('a read-only output folder is reported before training starts', () => {
    const dir = mount('ro,size=64k');
    try {
      const r = cli(['run', ...small, '--out', dir, '--name', 'ro']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/^error: .*: cannot create the output folder: the file system is read-only \(EROFS\)$/);
      expect(r.stdout + r.stderr).not.toMatch(/epoch/);
    } finally {
      spawnSync('umount', [dir]);
    }
  }, 60_000);
});
