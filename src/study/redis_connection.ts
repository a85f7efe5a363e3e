import { Worker } from 'node:worker_threads';
import * as path from 'node:path';

type Reply = string | number | null | Reply[] | { error: string };

/**
 * A synchronous Redis connection: the commands run on a worker thread (src/study/redis_worker.ts)
 * while the calling thread sleeps on shared memory, so the journal API stays synchronous like the
 * file backend. Only loopback or user-given hosts are contacted.
 */
export class RedisConnection {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly data = new Uint8Array(new SharedArrayBuffer(64 * 1024 * 1024));
  private readonly worker: Worker;
  private closed = false;

  constructor(readonly host: string, readonly port: number, readonly db = 0) {
    const file = path.join(__dirname, `redis_worker${path.extname(__filename)}`);
    const prelude = __filename.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true });` : '';
    this.worker = new Worker(`${prelude} require(${JSON.stringify(file)});`, { eval: true, workerData: { control: this.control, data: this.data, host, port, db } });
    this.worker.unref();
    const hello = this.await(10_000) as Reply[];
    if (hello[0] !== 'connected') throw new Error((hello[0] as { error: string }).error ?? 'cannot connect to redis');
  }

  /** Parse redis://host:port/db. */
  static fromUrl(url: string): RedisConnection {
    const m = /^redis:\/\/([^:/]+)(?::(\d+))?(?:\/(\d+))?$/.exec(url);
    if (!m) throw new Error(`not a redis URL (redis://host:port/db): ${url}`);
    return new RedisConnection(m[1], Number(m[2] ?? 6379), Number(m[3] ?? 0));
  }

  /** Run commands in order; throws on a Redis error reply. */
  run(cmds: (string | number)[][]): Reply[] {
    if (this.closed) throw new Error(`the connection to redis ${this.host}:${this.port} is closed`);
    const bytes = Buffer.from(JSON.stringify(cmds));
    this.data.set(bytes);
    Atomics.store(this.control, 1, bytes.length);
    Atomics.store(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    const out = this.await(60_000) as Reply[];
    for (const r of out) if (r && typeof r === 'object' && 'error' in r) throw new Error(`redis: ${(r as { error: string }).error}`);
    return out;
  }

  private await(timeoutMs: number): unknown {
    const t0 = Date.now();
    while (Atomics.load(this.control, 0) !== 2) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`redis ${this.host}:${this.port} did not answer within ${timeoutMs / 1000} s`);
      Atomics.wait(this.control, 0, Atomics.load(this.control, 0), 100);
    }
    const out = JSON.parse(Buffer.from(this.data.subarray(0, Atomics.load(this.control, 1))).toString('utf8'));
    Atomics.store(this.control, 0, 0);
    return out;
  }

  /** Stop the connection thread (an open connection does not keep the process alive either way). */
  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }
}
