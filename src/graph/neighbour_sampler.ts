import type { GraphInput } from '../nn/graph_input';
import type { Rng } from '../util/rng';
import { Block, BlockScratch } from './block';

/** Neighbours per layer: a number, or 'all'. */
export type Fanout = number | 'all';

/** The blocks of a model's graph layers (first layer first) and the nodes whose features they read. */
export interface SampledBlocks {
  blocks: Block[];
  /** Global ids of the first block's sources: the rows of the input features. */
  input: Int32Array;
}

/**
 * Cuts message-flow blocks out of a whole graph (GraphSAGE's and DGL's neighbour sampling): from
 * the seed nodes back to the input, each layer's destinations are the next layer's sources, and
 * its sources add the (sampled) in-neighbours of its destinations in first-seen order. All choices
 * draw from the given RNG in a fixed order on one thread, so the same seed gives the same blocks
 * whatever the thread count.
 */
export class NeighbourSampler {
  private readonly scratch: BlockScratch;

  constructor(readonly graph: GraphInput) {
    this.scratch = new BlockScratch(graph.numNodes);
  }

  /**
   * Blocks for the seeds with fanouts[l] neighbours in layer l (first layer first); 'all' keeps
   * every neighbour (no RNG needed then).
   */
  sample(seeds: Int32Array, fanouts: Fanout[], rng: Rng | null): SampledBlocks {
    const { rowPtr, col } = this.graph.adj;
    const { localOf } = this.scratch;
    const blocks: Block[] = [];
    let dst = seeds;
    for (let l = fanouts.length - 1; l >= 0; l--) {
      const fan = fanouts[l];
      if (fan !== 'all' && !rng) throw new Error('sampling neighbours needs an RNG');
      const n = dst.length;
      const sampled = new Uint8Array(n);
      const keptPtr = new Int32Array(n + 1);
      // room for every source and kept neighbour: each row adds at most min(fan, degree) of them
      let room = n, keptRoom = 0;
      for (let i = 0; i < n; i++) {
        const g = dst[i], deg = rowPtr[g + 1] - rowPtr[g];
        room += fan === 'all' ? deg : Math.min(fan, deg);
        if (fan !== 'all' && deg > fan) keptRoom += fan;
      }
      const src = new Int32Array(room);
      const kept = new Int32Array(keptRoom);
      src.set(dst);
      let nSrc = n, nKept = 0;
      for (let i = 0; i < n; i++) {
        if (localOf[dst[i]] !== -1) {
          for (let k = 0; k < i; k++) localOf[dst[k]] = -1;
          throw new Error(`seed node ${dst[i]} is listed twice`);
        }
        localOf[dst[i]] = i;
      }
      for (let i = 0; i < n; i++) {
        const g = dst[i];
        let deg = 0;
        for (let p = rowPtr[g]; p < rowPtr[g + 1]; p++) if (col[p] !== g) deg++;
        if (fan === 'all' || deg <= fan) {
          for (let p = rowPtr[g]; p < rowPtr[g + 1]; p++) {
            const c = col[p];
            if (localOf[c] === -1) { localOf[c] = nSrc; src[nSrc++] = c; }
          }
        } else {
          // selection sampling (Knuth's algorithm S): fan of the deg neighbours, uniformly, in row order
          sampled[i] = 1;
          let need = fan, left = deg;
          for (let p = rowPtr[g]; p < rowPtr[g + 1] && need > 0; p++) {
            const c = col[p];
            if (c === g) continue;
            if (rng!.next() * left < need) {
              kept[nKept++] = c;
              if (localOf[c] === -1) { localOf[c] = nSrc; src[nSrc++] = c; }
              need--;
            }
            left--;
          }
        }
        keptPtr[i + 1] = nKept;
      }
      const srcIds = src.slice(0, nSrc);
      for (let k = 0; k < nSrc; k++) localOf[srcIds[k]] = -1;
      blocks.unshift(new Block(this.graph, srcIds, n, sampled, keptPtr, kept.subarray(0, nKept), this.scratch));
      dst = srcIds;
    }
    return { blocks, input: dst };
  }
}
