import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedisClient } from '../../src/study/redis_client';
import { parseRedisUrl } from '../../src/study/redis_url';
import { tempDir } from '../helpers/run_config';

const root = join(__dirname, '../..');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('skipping the Redis tile test: redis-server is not installed (.ci/run installs Debian\'s redis-server)');

const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
const cliArgs = (args: string[]) => ['-r', 'ts-node/register', 'src/cli.ts', ...args];

function cli(args: string[]) {
  const r = spawnSync(process.execPath, cliArgs(args), { cwd: root, encoding: 'utf8', timeout: 240_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file of a folder by name, as bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

/** A worker process with its output gathered, and a promise of its exit. */
function worker(args: string[]) {
  const child = spawn(process.execPath, cliArgs(args), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const w = { child, out: '', err: '', exit: new Promise<number | null>((res) => child.on('exit', (code) => res(code))) };
  child.stdout!.on('data', (d) => { w.out += d; });
  child.stderr!.on('data', (d) => { w.err += d; });
  return w;
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 120_000) => {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe.skipIf(!hasRedis)('prediction tiles shared through a real Redis (streams, one consumer group)', () => {
  const port = 21000 + (process.pid % 20000);
  const url = `redis://127.0.0.1:${port}`;
  const dir = tempDir('tiles');
  let server: ChildProcess;

  beforeAll(async () => {
    server = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d) => { log += d; if (log.includes('Ready to accept connections')) resolve(); });
      server.on('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${log}`)));
    });
    writeFileSync(join(dir, 'run.json'), JSON.stringify({
      name: 'm', out: dir, data: { synthetic: { lines: 40, stationsPerLine: 100, layers: 24 } },
      model: { type: 'gat', heads: 2, hidden: 16 }, method: { epochs: 3, baselines: [] },
    }));
    const run = cli(['run', join(dir, 'run.json'), '--no-report']);
    expect(run.code, run.err).toBe(0);
    const one = cli(['predict', '--model', join(dir, 'm/model.json'), '--out', join(dir, 'single'), '--no-report']);
    expect(one.code, one.err).toBe(0);
  }, 300_000);

  afterAll(() => { server?.kill('SIGKILL'); });

  it('three workers, one of them stopped while it holds a tile, each write the files of one process', async () => {
    const args = (k: number) => ['predict', '--model', join(dir, 'm/model.json'), '--out', join(dir, `w${k}`), '--no-report', '--tiles', '12', '--storage', url, '--tile-timeout', '1.5'];
    const [a, b, c] = [0, 1, 2].map((k) => worker(args(k)));
    const redis = await RedisClient.connect(parseRedisUrl(url));
    try {
      // stop worker a as soon as it holds a tile unfinished (a killed or hung machine)
      let consumer = '', job = '';
      let takesSeen = 0;
      await until('worker a to hold a tile', async () => {
        const m = /tiles: job (\w+) as worker (\S+)/.exec(a.out);
        const takes = a.out.split('taken by').length - 1;
        if (!m || takes === takesSeen) return false;
        takesSeen = takes;
        [, job, consumer] = m;
        a.child.kill('SIGSTOP');
        const pending = await redis.run<[string, string][]>(['XPENDING', `geo-graphnet:tiles:${job}:tasks`, 'workers', '-', '+', 100, consumer], true);
        // it finished that tile before the signal: let it take the next one
        if (pending.length === 0) a.child.kill('SIGCONT');
        return pending.length > 0;
      });
      expect(await b.exit, b.err).toBe(0);
      expect(await c.exit, c.err).toBe(0);
      // the stopped worker's tile was taken over by one of the others, named with its first holder
      expect(b.out + c.out).toContain(`from ${consumer}`);
      const single = filesOf(join(dir, 'single'));
      expect([...single.keys()]).toContain('predictions.csv');
      for (const k of [1, 2]) {
        const mine = filesOf(join(dir, `w${k}`));
        expect([...mine.keys()]).toEqual([...single.keys()]);
        for (const [f, bytes] of single) expect(mine.get(f)!.equals(bytes), `w${k}/${f}`).toBe(true);
      }
      // a worker that joins a finished job reads the stored tiles and writes the same files
      a.child.kill('SIGKILL');
      const late = cli(args(3));
      expect(late.code, late.err).toBe(0);
      expect(late.out).not.toMatch(/taken by/);
      expect(filesOf(join(dir, 'w3')).get('predictions.csv')!.equals(single.get('predictions.csv')!)).toBe(true);
    } finally {
      a.child.kill('SIGKILL');
      await redis.close();
    }
  }, 300_000);

  it('refuses --storage without --tiles, and a storage that is not Redis, with one line and exit 2', () => {
    const noTiles = cli(['predict', '--model', join(dir, 'm/model.json'), '--out', join(dir, 'x'), '--storage', url]);
    expect(noTiles.code).toBe(2);
    expect(noTiles.err.trim()).toBe('error: --storage shares out tiles: give --tiles too');
    const notRedis = cli(['predict', '--model', join(dir, 'm/model.json'), '--out', join(dir, 'y'), '--tiles', '3', '--storage', 'study.db']);
    expect(notRedis.code).toBe(2);
    expect(notRedis.err.trim()).toBe("error: --storage for tiles takes a redis:// or rediss:// URL, got 'study.db'");
  }, 120_000);
});
