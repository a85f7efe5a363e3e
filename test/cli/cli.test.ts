import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/run_config';

const root = join(__dirname, '../..');
const hasSqlite = (() => { try { require('better-sqlite3'); return true; } catch { return false; } })();
if (!hasSqlite) console.warn('skipping the SQLite report check: the optional better-sqlite3 driver is not installed');

function cli(args: string[], cwd = root): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register'), join(root, 'src/cli.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('command line', () => {
  it('--help lists the commands', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'graph', 'predict', 'tune', 'report', 'schema']) expect(r.out).toContain(`geo-graphnet ${c}`);
  }, 60_000);

  it('bad config: every problem on its own line, exit code 2, no output folder', () => {
    const dir = tempDir('cli');
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({ name: 'x', out: join(dir, 'out'), method: { epochz: 3, lr: -1 } }));
    const r = cli(['run', cfg]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      `error: ${cfg}, key 'method.epochz': unknown config key (known keys: epochs, optimizer, lr, weightDecay, weightDecayScope, momentum, patience, selection, valFraction, classWeighted, labelInput, labelMaskRate, costMatrix, costMatrixClasses, fullBatch, fullBatchNodes, batchSize, fanout, baselines)`,
      `error: ${cfg}, key 'method.lr': is -1, must be ≥ 0`,
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('every numeric flag is checked: one line naming the flag, exit code 2, no stack trace', () => {
    const cases: [string[], string][] = [
      [['run', '--threads', '0'], "error: --threads takes an integer from 1 to 256, got '0'"],
      [['run', '--threads', 'abc'], "error: --threads takes an integer from 1 to 256, got 'abc'"],
      [['run', '--seed', '1.5'], "error: --seed takes an integer ≥ 0, got '1.5'"],
      [['run', '--seeds', '5-2'], "error: --seeds takes a range a-b or a list of distinct integers ≥ 0 (e.g. 0-9 or 0,3,7), got '5-2'"],
      [['run', '--set', 'method.lr'], "error: --set takes key.path=value (e.g. --set method.lr=0.005), got 'method.lr'"],
      [['graph', '--out', 'x.csv', '--k', '2.5'], "error: --k takes an integer from 1 to 4096, got '2.5'"],
      [['graph', '--out', 'x.csv', '--radius', '-3'], "error: --radius takes a number > 0, got '-3'"],
      [['predict', '--model', 'm.json', '--out', 'o', '--seed', 'x'], "error: --seed takes an integer ≥ 0, got 'x'"],
      [['tune', '--trials', '0'], "error: --trials takes an integer ≥ 1, got '0'"],
      [['tune', '--timeout', '0'], "error: --timeout takes a number > 0, got '0'"],
      [['tune', '--workers', '2', '--workers', '3'], 'error: --workers is given 2 times; give it once'],
      [['report', 'out/x', '--watch', '--interval', '0'], "error: --interval takes a number > 0, got '0'"],
    ];
    for (const [args, line] of cases) {
      const r = cli(args);
      expect(r.err.trim(), args.join(' ')).toBe(line);
      expect(r.code, args.join(' ')).toBe(2);
    }
  }, 180_000);

  it.skipIf(!hasSqlite)('report of a study python Optuna keeps in SQLite, into a folder of its own', () => {
    const dir = tempDir('cli');
    const db = join(dir, 'older.db');
    copyFileSync(join(root, 'fixtures/optuna/older_tool.db'), db);
    const r = cli(['report', join(dir, 'rep'), '--storage', `sqlite:///${db}`, '--no-png']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'rep/report.html'), 'utf8');
    expect(html).toContain('Study <b>older_tool</b>');
    expect(html).toContain("Optuna's RDB storage on SQLite");
    const missing = cli(['report', join(dir, 'rep2'), '--storage', `sqlite:///${join(dir, 'none.db')}`]);
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'rep2'))).toBe(false);
  }, 60_000);

  it("graph from a node table's coordinates alone, in the older tool's edge format", () => {
    const dir = tempDir('cli');
    const out = join(dir, 'edges.csv');
    // no config: only the coordinates are read (no features, labels or train flags needed)
    const r = cli(['graph', '--nodes', 'fixtures/older_tool/nodes.csv', '--coords', 'X,Y,Z', '--method', 'knn', '--k', '4', '--weight', 'minmax', '--threads', '2', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(',U,V,weight');
    expect(lines[1]).toMatch(/^0,\d+,\d+,[0-9.]+$/);
    const stats = JSON.parse(readFileSync(join(dir, 'edges.stats.json'), 'utf8'));
    expect(stats.edges).toBe(lines.length - 1);
    expect(stats.degreeMin).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('section files and --set on the command line, then predict on a new survey', () => {
    const dir = tempDir('cli');
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({ name: 'small', out: dir, data: { synthetic: { lines: 4, stationsPerLine: 15, layers: 24, paleochannelDepth: 0 } }, method: { epochs: 5, baselines: [] } }));
    const r = cli(['run', cfg, '--model', 'configs/model/sage.json', '--set', 'model.hidden=12', '--set', 'method.lr=0.005', '--no-report']);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/held-out sage: macro-F1 [0-9.]+/);
    const used = JSON.parse(readFileSync(join(dir, 'small', 'config.json'), 'utf8'));
    expect([used.model.type, used.model.hidden, used.method.lr]).toEqual(['sage', 12, 0.005]);
    const p = cli(['predict', '--model', join(dir, 'small', 'model.json'), '--seed', '9', '--out', join(dir, 'pred')]);
    expect(p.code).toBe(0);
    // another survey: every labelled node is new to the model, none pooled with training lines
    expect(p.out).toMatch(/labelled rows of new data \(\d+\): macro-F1/);
    const rows = readFileSync(join(dir, 'pred', 'predictions.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBe(4 * 15 * 24 + 1);
  }, 60_000);

  it('a config\'s out is relative to the config file; --out on the command line to the working folder', () => {
    const home = tempDir('cli-config'), work = tempDir('cli-work');
    const cfg = join(home, 'run.json');
    writeFileSync(cfg, JSON.stringify({ name: 'beside', out: 'results', data: { synthetic: { lines: 6, stationsPerLine: 40, layers: 24 } }, method: { epochs: 2, baselines: [] } }));
    const beside = cli(['run', cfg, '--no-report'], work);
    expect(beside.code, beside.err).toBe(0);
    expect(existsSync(join(home, 'results', 'beside', 'predictions.csv'))).toBe(true);
    expect(existsSync(join(work, 'results'))).toBe(false);
    const flagged = cli(['run', cfg, '--out', 'mine', '--no-report'], work);
    expect(flagged.code, flagged.err).toBe(0);
    expect(existsSync(join(work, 'mine', 'beside', 'predictions.csv'))).toBe(true);
    expect(JSON.parse(readFileSync(join(work, 'mine', 'beside', 'config.json'), 'utf8')).out).toBe(join(work, 'mine'));
  }, 120_000);
});
