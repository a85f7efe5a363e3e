import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RedisClient } from '../study/redis_client';
import { parseRedisUrl } from '../study/redis_url';
import type { FloatArray } from '../util/float';
import type { TileRunner } from './tiled_infer';
import type { Progress } from '../util/progress';
import { InputError } from '../util/errors';

export interface RedisTileOptions {
  /** A tile taken this long ago and not finished is taken up by another worker (its taker is presumed dead). */
  claimAfterMs?: number;
  /** How often a worker with nothing to take looks again. */
  pollMs?: number;
  /** Who takes which tile (and from whom). */
  log?: (s: string) => void;
  /** Progress of the whole job; null: none. */
  progress?: ((count: number) => Progress) | null;
}

/** Keys of a job stay this long after its last tile, so that a late worker still finds the results. */
const KEEP_SECONDS = 7 * 24 * 3600;
const GROUP = 'workers';

/*
 * Creates the job once, atomically: the consumer group and one stream entry per tile. A second
 * worker finds the meta key and joins; a job of another tile count under the same key is refused.
 */
const INIT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('GET', KEYS[1]) end
redis.call('XGROUP', 'CREATE', KEYS[2], '${GROUP}', '$', 'MKSTREAM')
for t = 0, tonumber(ARGV[1]) - 1 do redis.call('XADD', KEYS[2], '*', 'tile', t) end
redis.call('SET', KEYS[1], ARGV[1])
for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ARGV[2]) end
return ARGV[1]`;

interface Task { id: string; tile: number; from: string | null }

/**
 * Tiles shared out through Redis streams with a consumer group (issue #17): every worker of a job
 * (the same model, data and tiling, wherever it runs) reads tiles with XREADGROUP, stores each
 * result in a hash and acknowledges it with XACK. A tile that stays unacknowledged for
 * claimAfterMs (its worker died or hangs) is taken over with XCLAIM, so a killed worker loses
 * nothing. Results are deterministic, so a tile computed twice stores the same bytes. Each worker
 * returns once every tile has a result, and reads them all.
 */
export class RedisTileQueue implements TileRunner {
  private readonly stream: string;
  private readonly results: string;
  private readonly meta: string;
  readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  private constructor(private readonly redis: RedisClient, job: string, private readonly opts: Required<RedisTileOptions>) {
    const prefix = `geo-graphnet:tiles:${job}`;
    this.stream = `${prefix}:tasks`;
    this.results = `${prefix}:results`;
    this.meta = `${prefix}:meta`;
  }

  static async connect(url: string, job: string, opts: RedisTileOptions = {}): Promise<RedisTileQueue> {
    const claimAfterMs = opts.claimAfterMs ?? 300_000;
    // XCLAIM takes whole milliseconds
    if (!Number.isInteger(claimAfterMs) || claimAfterMs < 1) throw new Error(`the claim time must be a whole number of milliseconds ≥ 1, got ${claimAfterMs}`);
    const redis = await RedisClient.connect(parseRedisUrl(url));
    return new RedisTileQueue(redis, job, { pollMs: 200, log: () => {}, progress: null, ...opts, claimAfterMs });
  }

  async close(): Promise<void> {
    await this.redis.close();
  }

  async run(count: number, compute: (tile: number) => FloatArray): Promise<FloatArray[]> {
    const r = this.redis;
    const known = Number(await r.run(['EVAL', INIT, 3, this.meta, this.stream, this.results, count, KEEP_SECONDS], true));
    if (known !== count) throw new InputError(`${r.label}: the job under ${this.meta} has ${known} tiles, this worker cut ${count}: the key is another job's`);
    const progress = this.opts.progress?.(count) ?? null;
    let mine = 0;
    for (;;) {
      const done = Number(await r.run(['HLEN', this.results], true));
      if (done >= count) break;
      const task = (await this.take()) ?? (await this.takeOver());
      if (!task) {
        await new Promise((res) => setTimeout(res, this.opts.pollMs));
        continue;
      }
      if (Number(await r.run(['HEXISTS', this.results, task.tile], true)) === 0) {
        this.opts.log(`tile ${task.tile + 1}/${count}: taken by ${this.consumer}${task.from ? ` from ${task.from}, silent for ${(this.opts.claimAfterMs / 1000).toFixed(1)} s or more` : ''}`);
        const probs = compute(task.tile);
        await r.run(['HSET', this.results, task.tile, encode(probs)], true);
        // (the job's first EXPIRE came before the hash existed)
        await r.run(['EXPIRE', this.results, KEEP_SECONDS], true);
        mine++;
        progress?.update(done + 1, `(${mine} here)`);
      }
      await r.run(['XACK', this.stream, GROUP, task.id], true);
    }
    await Promise.all([this.meta, this.stream, this.results].map((k) => r.run(['EXPIRE', k, KEEP_SECONDS], true)));
    const flat = await r.run<string[]>(['HGETALL', this.results], true);
    const out: FloatArray[] = new Array(count);
    for (let k = 0; k < flat.length; k += 2) out[Number(flat[k])] = decode(flat[k + 1]);
    for (let t = 0; t < count; t++) if (!out[t]) throw new Error(`${r.label}: tile ${t} has no result`);
    return out;
  }

  /** A tile no worker has taken yet. */
  private async take(): Promise<Task | null> {
    // sent again after a dropped connection: a tile it delivered then is pending here, and taken over after claimAfterMs
    const reply = await this.redis.run<[string, [string, string[]][]][] | null>(['XREADGROUP', 'GROUP', GROUP, this.consumer, 'COUNT', 1, 'STREAMS', this.stream, '>'], true);
    const entry = reply?.[0]?.[1]?.[0];
    return entry ? { id: entry[0], tile: Number(entry[1][1]), from: null } : null;
  }

  /**
   * A tile whose worker has been silent for claimAfterMs (XPENDING's IDLE filter finds it however
   * many live tiles are pending; XCLAIM's minimum idle time makes the takeover atomic). Redis ≥ 6.2.
   */
  private async takeOver(): Promise<Task | null> {
    const pending = await this.redis.run<[string, string, number, number][]>(['XPENDING', this.stream, GROUP, 'IDLE', this.opts.claimAfterMs, '-', '+', 16], true);
    for (const [id, owner] of pending) {
      const claimed = await this.redis.run<[string, string[]][]>(['XCLAIM', this.stream, GROUP, this.consumer, this.opts.claimAfterMs, id], false);
      const entry = claimed?.[0];
      if (entry) return { id: entry[0], tile: Number(entry[1][1]), from: owner };
    }
    return null;
  }
}

/** A tile's probabilities as text: a precision tag and the bytes in base64 (little-endian: every platform Node runs on). */
function encode(a: FloatArray): string {
  return `${a instanceof Float64Array ? 'f8' : 'f4'}:${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')}`;
}

function decode(s: string): FloatArray {
  const [tag, b64] = s.split(':');
  const bytes = Buffer.from(b64, 'base64');
  // copied into a fresh buffer: the decoded one may not be aligned for floats
  const buf = new Uint8Array(bytes).buffer;
  return tag === 'f8' ? new Float64Array(buf) : new Float32Array(buf);
}
