import { noGrad } from '../autograd/tape';
import { NeighbourSampler } from '../graph/neighbour_sampler';
import { spatialTiles } from '../graph/tiles';
import type { NodeClassifier } from '../nn/model';
import { indexSelect, softmax } from '../ops';
import type { Tensor } from '../tensor/tensor';
import { argmaxRows } from '../train/fit';
import { allocFloat, type FloatArray } from '../util/float';
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

/** Every tile here, in order, with a progress line per tile. */
export class LocalTiles implements TileRunner {
  constructor(private readonly log: (s: string) => void = () => {}) {}

  async run(count: number, compute: (tile: number) => FloatArray): Promise<FloatArray[]> {
    const t0 = performance.now();
    const out: FloatArray[] = [];
    for (let t = 0; t < count; t++) {
      out.push(compute(t));
      this.log(tileProgress(t + 1, count, t0));
    }
    return out;
  }
}

/** "tiles 3/8, 1.9 tiles/s, 3 s left". */
export function tileProgress(done: number, total: number, t0: number): string {
  const s = (performance.now() - t0) / 1000;
  const rate = done / Math.max(s, 1e-9);
  return `tiles ${done}/${total}, ${rate.toFixed(rate < 10 ? 2 : 0)} tiles/s, ${Math.ceil((total - done) / rate)} s left`;
}

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

/**
 * Prediction tile by tile (issue #17): the survey cut into about `count` spatial tiles, each
 * predicted with its halo by the runner, the interiors stitched. Equals whole-graph inference.
 */
export async function inferByTiles(model: NodeClassifier, p: Prepared, labelInput: boolean, count: number, runner: TileRunner): Promise<{ probs: FloatArray; pred: Int32Array; tiles: number }> {
  const tiles = spatialTiles(p.nodes.x, p.nodes.y, count);
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
