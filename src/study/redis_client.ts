import { createClient, ErrorReply } from 'redis';
import { InputError } from '../util/errors';
import type { RedisTarget } from './redis_url';

export interface RedisClientOptions {
  /** How long one outage may last, reconnecting with backoff, before every command fails (default 10 s). */
  reconnectMs?: number;
}

/** The code of a socket error (ECONNREFUSED, ETIMEDOUT…), else its message. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  return err?.code ?? err?.errors?.[0]?.code ?? err?.message ?? String(e);
}

function createNodeRedis(target: RedisTarget, connectTimeout: number, reconnectStrategy: (retries: number, cause: Error) => number | Error) {
  const socket = { host: target.host, port: target.port, connectTimeout, reconnectStrategy };
  return createClient({
    // RESP2, as Optuna's redis-py speaks it: AUTH instead of HELLO, so Redis 5 servers work too
    RESP: 2,
    username: target.username, password: target.password, database: target.db,
    socket: target.tls ? { ...socket, tls: true as const } : { ...socket, tls: false as const },
  });
}

/**
 * One node-redis connection whose failures come out as one clear error naming the server (never
 * the password). An outage (at connect or later) is retried with backoff for `reconnectMs`; after
 * that every pending and later command fails with the same InputError, e.g.
 * `redis 127.0.0.1:6390: cannot connect (ECONNREFUSED) after 11 attempts in 10.0 s`. A refused
 * password, a missing ACL permission or an untrusted TLS certificate fail at once.
 */
export class RedisClient {
  /** `redis host:port`: how every message names the server. */
  readonly label: string;
  private readonly client: ReturnType<typeof createNodeRedis>;
  /** Set when reconnecting gave up; every later command fails with it. */
  private failure: InputError | null = null;
  private everReady = false;
  /** When the current outage (or the first connection) began. */
  private outageStart = 0;

  private constructor(target: RedisTarget, private readonly reconnectMs: number) {
    this.label = `redis ${target.host}:${target.port}`;
    this.client = createNodeRedis(target, Math.min(5000, reconnectMs), (retries, cause) => this.retryIn(retries, cause));
    // each failed attempt is also emitted as 'error'; callers hear of failures through the
    // commands, and an 'error' event without a listener would end the process
    this.client.on('error', () => {});
    this.client.on('ready', () => { this.everReady = true; });
  }

  /** Connect and check that the server lets us in (a missing password shows only at the first command). */
  static async connect(target: RedisTarget, opts: RedisClientOptions = {}): Promise<RedisClient> {
    const c = new RedisClient(target, opts.reconnectMs ?? 10_000);
    c.outageStart = Date.now();
    try {
      await c.client.connect();
    } catch (e) {
      c.client.destroy();
      throw c.failure ?? new InputError(`${c.label}: cannot connect (${reason(e)})`);
    }
    try {
      await c.run(['PING'], true);
    } catch (e) {
      c.client.destroy();
      throw e;
    }
    return c;
  }

  /**
   * Run one command. Commands that are safe to repeat are sent again when the connection dropped
   * under them (they wait for the reconnect); others fail, since they may have been applied.
   */
  async run<T>(args: (string | number)[], idempotent: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.failure) throw this.failure;
      try {
        return await this.client.sendCommand<T>(args.map(String));
      } catch (e) {
        if (this.failure) throw this.failure;
        if (e instanceof ErrorReply) throw this.replyError(e, String(args[0]));
        if (!idempotent || attempt >= 5 || !this.client.isOpen) {
          throw new Error(`${this.label}: ${args[0]} was interrupted (${reason(e)})${idempotent ? '' : '; it may or may not have been applied'}`);
        }
      }
    }
  }

  /** Let pending commands finish and disconnect, so the client does not keep the process alive. */
  async close(): Promise<void> {
    if (this.client.isReady) await this.client.close();
    else this.client.destroy();
  }

  /** node-redis's reconnectStrategy: the delay before the next attempt, or the error that ends the client. */
  private retryIn(retries: number, cause: Error): number | Error {
    const now = Date.now();
    // a drop starts an outage; before the first connection it started with connect()
    if (retries === 0 && this.everReady) this.outageStart = now;
    const elapsed = now - this.outageStart;
    const permanent = this.permanentFailure(cause);
    // backoff, the last wait shortened so that the last attempt falls at the bound
    if (!permanent && elapsed < this.reconnectMs) return Math.min(50 * 2 ** retries, 2000, this.reconnectMs - elapsed);
    // after a drop, retry 0 is the drop itself; before the first connection it is the first attempt
    const attempts = this.everReady ? retries : retries + 1;
    this.failure = permanent ?? new InputError(`${this.label}: ${this.everReady ? 'connection lost and not regained' : 'cannot connect'} (${reason(cause)}) after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsed / 1000).toFixed(1)} s`);
    return this.failure;
  }

  /** Failures that retrying cannot mend: the server refused us, or its certificate is not trusted. */
  private permanentFailure(cause: Error): InputError | null {
    if (cause instanceof ErrorReply) {
      const e = this.replyError(cause, 'the connection handshake');
      return e instanceof InputError ? e : new InputError(e.message);
    }
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    if (/CERT|SSL|TLS|UNABLE_TO_/.test(code)) {
      return new InputError(`${this.label}: TLS handshake failed (${code}: ${cause.message}); the server's certificate must chain to a CA in Node's trust store, or in a file named by NODE_EXTRA_CA_CERTS`);
    }
    return null;
  }

  /** A server error reply: credentials and permissions are the user's to fix (InputError); anything else is the command's failure. */
  private replyError(e: ErrorReply, command: string): Error {
    const msg = e.message;
    if (/^WRONGPASS/.test(msg) || /^ERR .*AUTH/.test(msg)) return new InputError(`${this.label}: authentication failed (${msg})`);
    if (/^NOAUTH/.test(msg)) return new InputError(`${this.label}: authentication required (${msg}); give the password in the URL: redis://[user]:password@host`);
    if (/^NOPERM/.test(msg)) return new InputError(`${this.label}: the user may not run ${command} (${msg}); the journal needs GET, MGET, SET, SETNX, DEL and EVAL (INCR, SET) on its keys`);
    return new Error(`${this.label}: ${command} failed (${msg})`);
  }
}
