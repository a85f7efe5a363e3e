import { noGrad } from '../autograd/tape';
import { NeighbourSampler } from '../graph/neighbour_sampler';
import { spatialTiles } from '../graph/tiles';
import type { NodeClassifier } from '../nn/model';
import { indexSelect, softmax } from '../ops';
import type { Tensor } from '../tensor/tensor';
import { argmaxRows } from '../train/fit';
import { allocFloat, type FloatArray } from '../util/float';
import { Progress } from '../util/progress';
import { makeRng } from '../util/rng';
import { modelInput } from './infer';
import type { Prepared } from './prepare';

/**
 * Who computes the tiles: this process one after another (LocalTiles), or workers that share
 * them out through a queue (RedisTileQueue). Either way run() returns every tile's probabilities.
 */
export interface TileRunner {
  run(count: number, compute: (tile: number) => FloatArray): Promise<FloatArray[]>;
}

/** Every tile here, in order, with progress ("tiles 3/8 tiles, 1.9 tiles/s, 3 s left"; see Progress; null: none). */
export class LocalTiles implements TileRunner {
  constructor(private readonly progress: ((count: number) => Progress) | null = tileProgress) {}

  async run(count: number, compute: (tile: number) => FloatArray): Promise<FloatArray[]> {
    const progress = this.progress?.(count) ?? null;
    const out: FloatArray[] = [];
    for (let t = 0; t < count; t++) {
      out.push(compute(t));
      progress?.update(t + 1);
    }
    return out;
  }
}

/** Tile progress on stderr, as epochs have it. */
export const tileProgress = (count: number): Progress => new Progress('tiles', count, 'tiles');

/**
 * One tile's class probabilities: its nodes are the seeds of blocks that keep every neighbour, as
 * many hops out as the model has graph layers (the tile's halo), so each node reads exactly what it
 * reads in the whole graph and gets the same values bit for bit.
 */
export function tileProbs(model: NodeClassifier, sampler: NeighbourSampler, input: Tensor, tile: Int32Array): FloatArray {
  return noGrad(() => {
    const ctx = { graph: sampler.graph, training: false, rng: makeRng(0) };
    if (model.cfg.type === 'mlp') return softmax(model.forward(indexSelect(input, tile), ctx)).data;
    const { blocks, input: rows } = sampler.sample(tile, Array(model.graphLayerCount).fill('all'), null);
    return softmax(model.forward(indexSelect(input, rows), { ...ctx, blocks })).data;
  });
}

/** The survey cut into about `count` spatial tiles (see spatialTiles). */
export const surveyTiles = (p: Prepared, count: number): Int32Array[] => spatialTiles(p.nodes.x, p.nodes.y, count);

/**
 * Prediction tile by tile (issue #17): each tile predicted with its halo by the runner, the
 * interiors stitched. Equals whole-graph inference.
 */
export async function inferByTiles(model: NodeClassifier, p: Prepared, labelInput: boolean, tiles: Int32Array[], runner: TileRunner): Promise<{ probs: FloatArray; pred: Int32Array; tiles: number }> {
  const input = modelInput(p, labelInput, model.numClasses);
  const sampler = new NeighbourSampler(p.input);
  const parts = await runner.run(tiles.length, (t) => tileProbs(model, sampler, input, tiles[t]));
  const C = model.numClasses;
  const probs = allocFloat(p.input.numNodes * C, input.dtype, false);
  tiles.forEach((tile, t) => {
    const part = parts[t];
    if (part.length !== tile.length * C) throw new Error(`tile ${t} came back with ${part.length} values for ${tile.length} nodes × ${C} classes`);
    for (let k = 0; k < tile.length; k++) probs.set(part.subarray(k * C, k * C + C), tile[k] * C);
  });
  return { probs, pred: argmaxRows(probs, C), tiles: tiles.length };
}
