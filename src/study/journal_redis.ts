import { randomUUID } from 'node:crypto';
import type { JournalBackend } from './journal_file';
import { RedisConnection } from './redis_connection';

const APPEND = "local i = redis.call('incr', string.format('%s:log_number', ARGV[1])) redis.call('set', string.format('%s:log:%d', ARGV[1], i), ARGV[2])";
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Optuna's JournalRedisBackend layout: `<prefix>:log_number` holds the last log number (−1 when
 * empty) and `<prefix>:log:<n>` each log line, appended by the same atomic script, so geo-graphnet
 * and Optuna workers on several machines can share one study. The budget check of several workers
 * takes an extra lock key (`<prefix>:geo-graphnet-lock`) that Optuna ignores.
 */
export class JournalRedisBackend implements JournalBackend {
  private readonly conn: RedisConnection;

  constructor(url: string, readonly prefix = '') {
    this.conn = RedisConnection.fromUrl(url);
  }

  readLogs(from: number): Record<string, unknown>[] {
    const [max] = this.conn.run([['GET', `${this.prefix}:log_number`]]);
    if (max === null) return [];
    const last = Number(max);
    const out: Record<string, unknown>[] = [];
    for (let start = from; start <= last; start += 1000) {
      const keys = [];
      for (let n = start; n <= Math.min(last, start + 999); n++) keys.push(`${this.prefix}:log:${n}`);
      const [values] = this.conn.run([['MGET', ...keys]]) as string[][];
      for (const v of values) {
        // a number is taken before its line is set: stop there and read it next time
        if (v === null) return out;
        out.push(JSON.parse(v));
      }
    }
    return out;
  }

  appendLogs(logs: Record<string, unknown>[]): void {
    this.appendLocked(logs);
  }

  appendLocked(logs: Record<string, unknown>[]): void {
    this.conn.run([['SETNX', `${this.prefix}:log_number`, -1], ...logs.map((l) => ['EVAL', APPEND, 0, this.prefix, JSON.stringify(l)])]);
  }

  locked<T>(fn: () => T): T {
    const key = `${this.prefix}:geo-graphnet-lock`;
    const token = randomUUID();
    let wait = 1;
    while (this.conn.run([['SET', key, token, 'NX', 'PX', 30000]])[0] !== 'OK') {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
      wait = Math.min(wait * 2, 200);
    }
    try {
      return fn();
    } finally {
      this.conn.run([['EVAL', UNLOCK, 1, key, token]]);
    }
  }

  close(): void {
    this.conn.close();
  }
}
