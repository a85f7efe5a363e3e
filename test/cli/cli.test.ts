import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/run_config';

const root = join(__dirname, '../..');

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('command line', () => {
  it('--help lists the commands', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'graph', 'predict', 'schema']) expect(r.out).toContain(c);
  }, 60_000);
  it('bad input: one clear line on stderr, exit code 2, no output folder', () => {
    const dir = tempDir('cli');
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({ name: 'x', out: join(dir, 'out'), method: { epochz: 3 } }));
    const r = cli(['run', cfg]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: ${cfg}, key 'method.epochz': unknown config key (known keys: epochs, optimizer, lr, weightDecay, weightDecayScope, momentum, patience, selection, valFraction, classWeighted, labelInput, labelMaskRate, baseline)`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);
  it("graph writes the older tool's edge format and statistics", () => {
    const dir = tempDir('cli');
    const out = join(dir, 'edges.csv');
    const r = cli(['graph', '--nodes', 'fixtures/older_tool/nodes.csv', '--config', 'configs/older_tool_csv.json', '--method', 'knn', '--k', '4', '--weight', 'minmax', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(',U,V,weight');
    expect(lines[1]).toMatch(/^0,\d+,\d+,[0-9.]+$/);
    const stats = JSON.parse(readFileSync(join(dir, 'edges.stats.json'), 'utf8'));
    expect(stats.edges).toBe(lines.length - 1);
    expect(stats.degreeMin).toBeGreaterThanOrEqual(4);
  }, 60_000);
  it('run then predict on a new survey', () => {
    const dir = tempDir('cli');
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({
      name: 'small', out: dir, data: { synthetic: { lines: 4, stationsPerLine: 15, layers: 12 } }, method: { epochs: 5, baseline: false },
    }));
    const r = cli(['run', cfg]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/held-out gcn: macro-F1 [0-9.]+/);
    const p = cli(['predict', '--model', join(dir, 'small', 'model.json'), '--seed', '9', '--out', join(dir, 'pred')]);
    expect(p.code).toBe(0);
    expect(p.out).toMatch(/labelled nodes: macro-F1/);
    const rows = readFileSync(join(dir, 'pred', 'predictions.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBe(4 * 15 * 12 + 1);
  }, 60_000);
});
