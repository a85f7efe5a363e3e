import { createHash } from 'node:crypto';
import type { NodeClassifier } from '../nn/model';
import type { SavedModel } from '../train/model_io';
import type { FloatArray } from '../util/float';
import { InputError } from '../util/errors';
import { isRedisUrl } from '../study/redis_url';
import type { Prepared } from './prepare';
import { RedisTileQueue } from './redis_tiles';
import { inferByTiles, LocalTiles, surveyTiles, tileProgress } from './tiled_infer';
import { VERSION } from '../util/version';

export interface TileRequest {
  /** About this many spatial tiles. */
  count: number;
  /** redis://… : share the tiles with every worker of the same job through this server; absent: all here. */
  storage?: string;
  /** A tile unfinished this long is taken over by another worker (default 300 s): longer than the slowest tile takes. */
  claimAfterMs?: number;
  /** Progress lines on stderr (default true). */
  progress?: boolean;
}

/**
 * A job's name: a digest of everything its result depends on (this version of geo-graphnet, the
 * model and its weights, the model's input features, the graph, and the nodes of every tile), so
 * workers that read the same model and survey find each other, and any difference starts another
 * job instead of mixing results.
 */
export function tileJobId(saved: SavedModel, model: NodeClassifier, p: Prepared, tiles: Int32Array[]): string {
  const h = createHash('sha256');
  const bytes = (a: ArrayBufferView) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify({ version: VERSION, saved, tiles: tiles.map((t) => t.length) }));
  for (const [, t] of model.namedParameters()) bytes(t.data);
  bytes(p.features.data);
  if (saved.labelInput) bytes(p.split.train);
  bytes(p.input.adj.rowPtr);
  bytes(p.input.adj.col);
  bytes(p.input.adj.val);
  for (const t of tiles) bytes(t);
  return h.digest('hex').slice(0, 24);
}

/** A --storage that can share tiles: refused before any work. */
export function checkTileStorage(storage: string): void {
  if (!isRedisUrl(storage)) throw new InputError(`--storage for tiles takes a redis:// or rediss:// URL, got '${storage}'`);
}

/** Class probabilities by tiles, here or shared through Redis. */
export async function predictByTiles(req: TileRequest, saved: SavedModel, model: NodeClassifier, p: Prepared, log: (s: string) => void): Promise<{ probs: FloatArray; pred: Int32Array }> {
  const tiles = surveyTiles(p, req.count);
  const progress = req.progress === false ? null : tileProgress;
  if (!req.storage) return inferByTiles(model, p, saved.labelInput, tiles, new LocalTiles(progress));
  checkTileStorage(req.storage);
  const job = tileJobId(saved, model, p, tiles);
  const queue = await RedisTileQueue.connect(req.storage, job, { claimAfterMs: req.claimAfterMs, log, progress });
  log(`tiles: job ${job} as worker ${queue.consumer}`);
  try {
    return await inferByTiles(model, p, saved.labelInput, tiles, queue);
  } finally {
    await queue.close();
  }
}
