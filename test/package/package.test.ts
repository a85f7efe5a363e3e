import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/run_config';

/*
 * The package as users get it: `npm pack` (which builds dist/ through the prepare script), the
 * tarball installed into a scratch project, then the `geo-graphnet` command and the example program
 * run from there against the installed copy, never against this checkout.
 */
const root = join(__dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function sh(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', error: r.error };
}

describe('the packed package, installed into a scratch project', () => {
  let scratch: string;
  beforeAll(() => {
    const packs = tempDir('pack');
    const pack = sh('npm', ['pack', '--pack-destination', packs, '--silent'], root);
    expect(pack.code, pack.err).toBe(0);
    const tarball = readdirSync(packs).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    scratch = tempDir('scratch');
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
    // install scripts skipped: better-sqlite3 (an optional native build, for SQLite studies only) stays unbuilt, and the package works without it
    const install = sh('npm', ['install', '--prefer-offline', '--no-save', '--ignore-scripts', join(packs, tarball!)], scratch);
    expect(install.code, install.err).toBe(0);
  }, 600_000);

  it('ships dist with type declarations and no tests, sources or benchmarks', () => {
    const pkg = join(scratch, 'node_modules/geo-graphnet');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'configs/default.json', 'examples/train_gcn.ts', 'README.md']) expect(existsSync(join(pkg, f)), f).toBe(true);
    for (const f of ['src', 'test', 'bench', 'fixtures']) expect(existsSync(join(pkg, f)), f).toBe(false);
  });

  it('npx geo-graphnet --help lists the commands', () => {
    const r = sh('npx', ['--offline', 'geo-graphnet', '--help'], scratch);
    expect(r.code, r.err).toBe(0);
    for (const c of ['run', 'graph', 'predict', 'tune', 'report', 'schema', 'study']) expect(r.out).toContain(`geo-graphnet ${c}`);
  });

  it('without the optional SQLite driver, a SQLite study is refused in one line (exit code 2)', () => {
    const r = sh('npx', ['--offline', 'geo-graphnet', 'study', 'import', 'sqlite:///older.db', 'journal.jsonl'], scratch);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error: .*older\.db: SQLite studies need the better-sqlite3 package/);
  });

  it('the installed command runs an experiment with worker threads and writes its outputs', () => {
    const r = sh(join(scratch, 'node_modules/.bin/geo-graphnet'), [
      'run', '--threads', '2', '--out', 'out', '--name', 'tiny', '--no-report',
      '--set', 'data.synthetic.lines=4', '--set', 'data.synthetic.stationsPerLine=30', '--set', 'method.epochs=5',
    ], scratch);
    expect(r.err).not.toMatch(/Error|at /);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/held-out sage: macro-F1 [0-9.]+/);
    for (const f of ['predictions.csv', 'metrics.json', 'model.json', 'weights.bin']) expect(existsSync(join(scratch, 'out/tiny', f)), f).toBe(true);
  }, 120_000);

  it('the example compiles against the installed type declarations (node16 resolution, through "exports") and trains a GCN', () => {
    copyFileSync(join(root, 'examples/train_gcn.ts'), join(scratch, 'train_gcn.ts'));
    const c = sh(process.execPath, [tsc, '--strict', '--target', 'es2022', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types'), 'train_gcn.ts'], scratch);
    expect(c.out + c.err).toBe('');
    expect(c.code).toBe(0);
    const r = sh(process.execPath, ['train_gcn.js'], scratch);
    expect(r.code, r.err).toBe(0);
    const acc = Number(/held-out accuracy ([0-9.]+)/.exec(r.out)?.[1]);
    expect(acc).toBeGreaterThan(0.8);
  }, 120_000);

  it('a deep import past "exports" is refused, so only the documented API is public', () => {
    const r = sh(process.execPath, ['-e', "require('geo-graphnet/dist/train/fit')"], scratch);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
