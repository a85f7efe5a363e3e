import { createHash } from 'node:crypto';
import type { NodeClassifier } from '../nn/model';
import type { SavedModel } from '../train/model_io';
import type { FloatArray } from '../util/float';
import { InputError } from '../util/errors';
import { isRedisUrl } from '../study/redis_url';
import { modelInput } from './infer';
import type { Prepared } from './prepare';
import { RedisTileQueue } from './redis_tiles';
import { inferByTiles, LocalTiles } from './tiled_infer';

export interface TileRequest {
  /** About this many spatial tiles. */
  count: number;
  /** redis://… : share the tiles with every worker of the same job through this server; absent: all here. */
  storage?: string;
  /** A tile unfinished this long is taken over by another worker (default 300 s). */
  claimAfterMs?: number;
}

/**
 * A job's name: a digest of everything its result depends on (the model and its weights, the
 * model's input features, the graph and the tile count), so workers that read the same model and
 * survey find each other, and any difference starts another job instead of mixing results.
 */
export function tileJobId(saved: SavedModel, model: NodeClassifier, p: Prepared, count: number): string {
  const h = createHash('sha256');
  const bytes = (a: ArrayBufferView) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify({ ...saved, count }));
  for (const [, t] of model.namedParameters()) bytes(t.data);
  bytes(modelInput(p, saved.labelInput, model.numClasses).data);
  bytes(p.input.adj.rowPtr);
  bytes(p.input.adj.col);
  bytes(p.input.adj.val);
  return h.digest('hex').slice(0, 24);
}

/** Class probabilities by tiles, here or shared through Redis. */
export async function predictByTiles(req: TileRequest, saved: SavedModel, model: NodeClassifier, p: Prepared, log: (s: string) => void): Promise<{ probs: FloatArray; pred: Int32Array }> {
  if (!req.storage) return inferByTiles(model, p, saved.labelInput, req.count, new LocalTiles(log));
  if (!isRedisUrl(req.storage)) throw new InputError(`--storage for tiles takes a redis:// or rediss:// URL, got '${req.storage}'`);
  const job = tileJobId(saved, model, p, req.count);
  const queue = await RedisTileQueue.connect(req.storage, job, { claimAfterMs: req.claimAfterMs, log });
  log(`tiles: job ${job} as worker ${queue.consumer}`);
  try {
    return await inferByTiles(model, p, saved.labelInput, req.count, queue);
  } finally {
    await queue.close();
  }
}
