import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseLog, warnOnStderr, type JournalBackend, type Log, type Warn } from './journal_backend';
import { RedisClient, type RedisClientOptions } from './redis_client';
import { parseRedisUrl } from './redis_url';

// Optuna's append script, verbatim: the number and the line are set in one atomic step
const APPEND = "local i = redis.call('incr', string.format('%s:log_number', ARGV[1])) redis.call('set', string.format('%s:log:%d', ARGV[1], i), ARGV[2])";
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** The lock expires by itself, so a killed holder blocks the others for at most this long. */
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 2 * LOCK_TTL_MS;

export interface JournalRedisOptions extends RedisClientOptions {
  /** Key prefix, as Optuna's `prefix` (default ''). */
  prefix?: string;
  /** Where skipped logs are reported (default stderr). */
  warn?: Warn;
}

/**
 * Optuna's JournalRedisBackend layout: `<prefix>:log_number` holds the last log number (−1 when
 * empty, set by SETNX) and `<prefix>:log:<n>` each log line, appended by Optuna's own script, so
 * geo-graphnet and Optuna workers on several machines can share one study. The budget check of
 * several workers takes an extra lock key (`<prefix>:geo-graphnet-lock`) that Optuna ignores.
 */
export class JournalRedisBackend implements JournalBackend {
  /** Log numbers already reported as not a record. */
  private readonly warned = new Set<number>();

  private constructor(private readonly redis: RedisClient, readonly prefix: string, private readonly warn: Warn) {}

  /** Connect to `redis[s]://[user[:password]@]host[:port][/db]`; connection problems are InputErrors that never show the password. */
  static async connect(url: string, opts: JournalRedisOptions = {}): Promise<JournalRedisBackend> {
    return new JournalRedisBackend(await RedisClient.connect(parseRedisUrl(url), opts), opts.prefix ?? '', opts.warn ?? warnOnStderr);
  }

  async readLogs(from: number): Promise<(Log | null)[]> {
    const max = await this.redis.run<string | null>(['GET', `${this.prefix}:log_number`], true);
    if (max === null) return [];
    const last = Number(max);
    const out: (Log | null)[] = [];
    for (let start = from; start <= last; start += 1000) {
      const keys = [];
      for (let n = start; n <= Math.min(last, start + 999); n++) keys.push(`${this.prefix}:log:${n}`);
      const values = await this.redis.run<(string | null)[]>(['MGET', ...keys], true);
      for (const [k, v] of values.entries()) {
        // a number is taken before its line is set: stop there and read it next time
        if (v === null) return out;
        const parsed = parseLog(v);
        if (typeof parsed === 'string' && !this.warned.has(start + k)) {
          this.warned.add(start + k);
          this.warn(`${this.redis.label}: ${keys[k]} is not a journal record (${parsed.slice(0, 120)}); skipped it`);
        }
        out.push(typeof parsed === 'string' ? null : parsed);
      }
    }
    return out;
  }

  async appendLogs(logs: Log[]): Promise<void> {
    await this.appendLocked(logs);
  }

  async appendLocked(logs: Log[]): Promise<void> {
    await this.redis.run(['SETNX', `${this.prefix}:log_number`, -1], true);
    // sent together (one round trip), applied in order
    await Promise.all(logs.map((l) => this.redis.run(['EVAL', APPEND, 0, this.prefix, JSON.stringify(l)], false)));
  }

  async locked<T>(fn: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:geo-graphnet-lock`;
    const token = randomUUID();
    const t0 = Date.now();
    let wait = 1;
    while (!(await this.tryLock(key, token))) {
      if (Date.now() - t0 > LOCK_WAIT_MS) throw new Error(`${this.redis.label}: the study lock ${key} stayed taken for ${LOCK_WAIT_MS / 1000} s although it expires after ${LOCK_TTL_MS / 1000} s: other workers keep holding it`);
      await sleep(wait);
      wait = Math.min(wait * 2, 200);
    }
    try {
      return await fn();
    } finally {
      await this.redis.run(['EVAL', UNLOCK, 1, key, token], true);
    }
  }

  async close(): Promise<void> {
    await this.redis.close();
  }

  /** SET NX with our token; repeated after a reconnect, it finds the token it may already have set. */
  private async tryLock(key: string, token: string): Promise<boolean> {
    if ((await this.redis.run(['SET', key, token, 'NX', 'PX', LOCK_TTL_MS], true)) === 'OK') return true;
    return (await this.redis.run<string | null>(['GET', key], true)) === token;
  }
}
