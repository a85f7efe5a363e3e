import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { JournalRedisBackend } from '../../src/study/journal_redis';
import { tune } from '../../src/pipeline/tune';
import { InputError } from '../../src/util/errors';
import { STATE_NAMES } from '../../src/study/trial';
import { tempDir } from '../helpers/run_config';

const root = join(__dirname, '../..');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('skipping the Redis journal test: redis-server is not installed (.ci/run installs Debian\'s redis-server)');
const hasOptunaRedis = spawnSync('python3', ['-c', 'import optuna, redis'], { encoding: 'utf8' }).status === 0;
// a redis-server built with TLS fails on the missing certificate; one without rejects or ignores the option
const tlsProbe = hasRedis ? spawnSync('redis-server', ['--port', '0', '--tls-port', '1', '--save', '', '--appendonly', 'no'], { encoding: 'utf8', timeout: 5000 }) : null;
const hasTls = /configure TLS/i.test(tlsProbe?.stdout ?? '');
if (hasRedis && !hasTls) console.warn(`skipping the rediss:// case: this redis-server has no TLS (${(tlsProbe?.stdout ?? '').trim().split('\n').pop()})`);

const PASSWORD = 'Pa55-w0rd-9f2k';
const ALICE = 'al1ce-Secret-77';
const STUDY = 'redis_study';

/** Start redis-server with the given options; resolves once it accepts connections. */
function startRedis(args: string[]): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    server.stdout!.on('data', (d) => {
      log += d;
      if (log.includes('Ready to accept connections')) resolve(server);
    });
    server.on('exit', (code) => reject(new Error(`redis-server ${args.join(' ')} exited with ${code}:\n${log}`)));
  });
}

/** The CLI as a user runs it; the timeout turns a process that does not exit into a failure. */
function cli(args: string[], env: Record<string, string> = {}) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', 'tune', ...args], {
    cwd: root, encoding: 'utf8', timeout: 150_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
  });
  return { ...r, seconds: (Date.now() - t0) / 1000 };
}

const summary = (ts: { number: number; state: number; params: unknown; values: number[] | null }[]) => ts.map((t) => [t.number, t.state, t.params, t.values]);

/** The study as geo-graphnet reads it back from Redis, in a separate process (which must exit on its own). */
function readStudy(url: string, env: Record<string, string> = {}) {
  const script = `
    const { JournalRedisBackend } = require('./src/study/journal_redis');
    const { JournalStorage } = require('./src/study/journal');
    (async () => {
      const backend = await JournalRedisBackend.connect(process.argv[1]);
      const s = await JournalStorage.open(backend, 'reader');
      process.stdout.write(JSON.stringify(s.allTrials(s.findStudy(${JSON.stringify(STUDY)}))));
      await backend.close();
    })();`;
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script, url], {
    cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { number: number; state: number; params: Record<string, unknown>; values: number[] | null; worker: string }[];
}

describe.skipIf(!hasRedis)('studies in a real Redis (Optuna JournalRedisBackend layout)', () => {
  const port = 20000 + (process.pid % 20000);
  const tlsPort = port + 1;
  const deadPort = port + 2;
  const dir = tempDir('redis');
  const cfg = join(dir, 'study.json');
  const servers: ChildProcess[] = [];
  let inFile: unknown[];

  beforeAll(async () => {
    writeFileSync(cfg, JSON.stringify({
      name: STUDY, trials: 5, seed: 4,
      run: { out: dir, data: { synthetic: { lines: 6, stationsPerLine: 20, layers: 24 } }, method: { epochs: 100, patience: 0, baselines: [] } },
      sampler: { nStartupTrials: 2 }, pruner: { type: 'none' },
      space: { 'model.type': { type: 'categorical', choices: ['gcn', 'mlp'] }, 'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true } },
    }));
    servers.push(await startRedis(['--port', String(port), '--requirepass', PASSWORD]));
    const acl = spawnSync('redis-cli', ['-p', String(port), '--user', 'default', '--pass', PASSWORD, '--no-auth-warning', 'ACL', 'SETUSER', 'alice', 'on', `>${ALICE}`, '~*', '&*', '+@all'], { encoding: 'utf8' });
    expect(acl.stdout.trim(), acl.stderr).toBe('OK');
    // the reference: the same study, same seed and worker count, in a file journal
    inFile = summary((await tune(cfg, { log: () => {}, workers: 2, storage: join(dir, 'file.jsonl') })).study.trials());
    expect(inFile).toHaveLength(5);
  }, 180_000);
  afterAll(() => { for (const s of servers) s.kill(); });

  const redisCli = (db: number, ...cmd: string[]) =>
    spawnSync('redis-cli', ['-p', String(port), '-n', String(db), '--pass', PASSWORD, '--no-auth-warning', ...cmd], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

  it('two CLI workers share a study under a password: the file journal\'s result, Optuna reads it, the password is never printed', () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}/0`;
    const r = cli(['--config', cfg, '--workers', '2', '--storage', url]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`journal: redis://:***@127.0.0.1:${port}/0`);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    const trials = readStudy(url);
    expect(summary(trials)).toEqual(inFile);
    // both processes ran trials
    expect(new Set(trials.map((t) => t.worker)).size).toBe(2);
    const keys = redisCli(0, 'KEYS', '*');
    expect(keys).toContain(':log_number');
    expect(keys).toContain(':log:0');
    if (hasOptunaRedis) {
      const o = spawnSync('python3', [join(root, 'bench/peers/optuna_redis_read.py'), url, STUDY], { encoding: 'utf8' });
      expect(o.status, o.stderr).toBe(0);
      const theirs = JSON.parse(o.stdout.trim().split('\n').pop()!);
      expect(theirs).toEqual(trials.map((t) => ({ number: t.number, state: STATE_NAMES[t.state], params: t.params, values: t.values })));
    } else {
      console.warn('python3 cannot import optuna and redis: Optuna reading the Redis journal was not checked');
    }
  }, 180_000);

  it('an ACL user (redis://alice:password@host/1, from the study config) runs the same study in database 1', () => {
    const url = `redis://alice:${ALICE}@127.0.0.1:${port}/1`;
    const withStorage = join(dir, 'study_alice.json');
    writeFileSync(withStorage, JSON.stringify({ ...JSON.parse(readFileSync(cfg, 'utf8')), storage: url }));
    const r = cli(['--config', withStorage, '--workers', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`journal: redis://alice:***@127.0.0.1:${port}/1`);
    expect(r.stdout + r.stderr).not.toContain(ALICE);
    expect(summary(readStudy(url))).toEqual(inFile);
    expect(redisCli(1, 'KEYS', ':log_number')).toEqual([':log_number']);
    if (hasOptunaRedis) {
      const o = spawnSync('python3', [join(root, 'bench/peers/optuna_redis_read.py'), url, STUDY], { encoding: 'utf8' });
      expect(o.status, o.stderr).toBe(0);
      expect(JSON.parse(o.stdout.trim().split('\n').pop()!)).toHaveLength(5);
    }
  }, 180_000);

  it('a wrong password (default user or ACL user): exit 2 and one line that names the server but not the password', () => {
    const wrong = 'not-the-Pa55-3x';
    for (const user of ['', 'alice']) {
      const r = cli(['--config', cfg, '--storage', `redis://${user}:${wrong}@127.0.0.1:${port}/0`]);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: redis 127\\.0\\.0\\.1:${port}: authentication failed \\(WRONGPASS`));
      expect(r.stdout + r.stderr).not.toContain(wrong);
    }
  }, 60_000);

  it('no server: exit 2 and one "cannot connect" line after a bounded retry', () => {
    const r = cli(['--config', cfg, '--storage', `redis://:${PASSWORD}@127.0.0.1:${deadPort}/0`]);
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = new RegExp(`^error: redis 127\\.0\\.0\\.1:${deadPort}: cannot connect \\(ECONNREFUSED\\) after (\\d+) attempts in (\\d+\\.\\d) s$`).exec(lines[0]);
    expect(m, lines[0]).not.toBeNull();
    // it retried with backoff for the default bound (10 s) and no longer
    expect(Number(m![1])).toBeGreaterThan(3);
    expect(Number(m![2])).toBeGreaterThanOrEqual(9.5);
    expect(r.seconds).toBeLessThan(30);
    expect(r.stderr).not.toContain(PASSWORD);
  }, 60_000);

  it('an outage: commands wait for a reconnect within the bound; past it, pending and later commands fail with one error', async () => {
    const outagePort = port + 3;
    const url = `redis://127.0.0.1:${outagePort}`;
    let server = await startRedis(['--port', String(outagePort)]);
    const backend = await JournalRedisBackend.connect(url, { reconnectMs: 2000 });
    const stop = async () => { server.kill(); await once(server, 'exit'); };
    try {
      await backend.appendLogs([{ op_code: 0, worker_id: 'w', study_name: 'x', directions: [1] }]);
      expect(await backend.readLogs(0)).toHaveLength(1);
      await stop();
      const during = backend.readLogs(0);
      // a new, empty server on the same port within the bound: the read is answered there
      server = await startRedis(['--port', String(outagePort)]);
      expect(await during).toEqual([]);
      await stop();
      const t0 = Date.now();
      const results = await Promise.allSettled([backend.readLogs(0), backend.appendLogs([{ op_code: 1, worker_id: 'w', study_id: 0 }]), backend.readLogs(0)]);
      expect(Date.now() - t0).toBeLessThan(5000);
      const errors = results.map((r) => (r.status === 'rejected' ? r.reason : null));
      expect(errors[0]).toBeInstanceOf(InputError);
      expect(errors[0].message).toMatch(new RegExp(`^redis 127\\.0\\.0\\.1:${outagePort}: connection lost and not regained \\(ECONNREFUSED\\) after \\d+ attempts in 2\\.0 s$`));
      expect(errors.every((e) => e === errors[0])).toBe(true);
      await expect(backend.readLogs(0)).rejects.toBe(errors[0]);
    } finally {
      await backend.close();
      server.kill();
    }
  }, 60_000);

  it.skipIf(!hasTls)('rediss:// with a private CA given by NODE_EXTRA_CA_CERTS; without it, a clear certificate error', async () => {
    const certs = tempDir('redis-tls');
    const ssl = (...args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: certs, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=geo-graphnet test CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(certs, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.cnf');
    servers.push(await startRedis([
      '--port', '0', '--tls-port', String(tlsPort), '--tls-cert-file', join(certs, 'server.pem'), '--tls-key-file', join(certs, 'server.key'),
      '--tls-ca-cert-file', join(certs, 'ca.pem'), '--tls-auth-clients', 'no', '--requirepass', PASSWORD,
    ]));
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}/0`;
    const trusted = { NODE_EXTRA_CA_CERTS: join(certs, 'ca.pem') };
    const r = cli(['--config', cfg, '--workers', '2', '--storage', url], trusted);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`journal: rediss://:***@127.0.0.1:${tlsPort}/0`);
    expect(summary(readStudy(url, trusted))).toEqual(inFile);

    const untrusted = cli(['--config', cfg, '--storage', url]);
    expect(untrusted.status, untrusted.stderr).toBe(2);
    const lines = untrusted.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: redis 127\\.0\\.0\\.1:${tlsPort}: TLS handshake failed \\(.*NODE_EXTRA_CA_CERTS`));
    expect(untrusted.seconds).toBeLessThan(30);
  }, 180_000);
});
