import { CSR } from '../sparse/csr';
import type { GraphInput } from '../nn/graph_input';
import type { LayerGraph } from '../nn/layer_graph';
import { allocFloat, allocInt, type DType } from '../util/float';

/**
 * Index scratch over a whole graph's nodes, shared by the blocks cut from it (one at a time):
 * localOf maps a node to its position among a block's sources (-1 outside), mark flags a row's
 * sampled neighbours with the current stamp.
 */
export class BlockScratch {
  readonly localOf: Int32Array;
  readonly mark: Int32Array;
  private stamp = 0;

  constructor(numNodes: number) {
    this.localOf = new Int32Array(numNodes).fill(-1);
    this.mark = new Int32Array(numNodes);
  }

  /** A stamp no mark holds yet. */
  nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.mark.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/**
 * One layer's slice of a graph (a message-flow block): the destination nodes a layer computes and
 * the source nodes it reads, the destinations first. Each operator the layer asks for is the whole
 * graph's operator cut to the destination rows and the kept neighbours, so a row whose neighbours
 * were all kept is the whole graph's row value for value (in the same order: layer-wise and tiled
 * inference equal whole-graph inference bit for bit). In a row whose neighbours were sampled, the
 * kept off-diagonal entries are scaled so that they sum to what the row's whole neighbourhood
 * sums to: a mean stays a mean over the sampled neighbours, a GCN row keeps its weight.
 */
export class Block implements LayerGraph {
  private readonly cache = new Map<string, CSR>();

  /**
   * src: global ids of the sources, the numDst destinations first; keptPtr/keptCol: the kept
   * neighbours (global ids) of each sampled destination row, empty for rows that kept them all;
   * sampled[i] = 1 where row i's neighbours were sampled.
   */
  constructor(
    readonly full: GraphInput,
    readonly src: Int32Array,
    readonly numDst: number,
    readonly sampled: Uint8Array,
    readonly keptPtr: Int32Array,
    readonly keptCol: Int32Array,
    private readonly scratch: BlockScratch,
  ) {}

  get numSrc(): number { return this.src.length; }

  /** Global ids of the destination nodes. */
  get dst(): Int32Array { return this.src.subarray(0, this.numDst); }

  gcn(dtype: DType): CSR { return this.cut(`gcn:${dtype}`, this.full.gcn(dtype)); }

  neighbourMeans(dtype: DType, directional: boolean): CSR[] {
    return this.full.neighbourMeans(dtype, directional).map((m, k) => this.cut(`mean-${directional}-${k}:${dtype}`, m));
  }

  withSelfLoops(dtype: DType): CSR { return this.cut(`loops:${dtype}`, this.full.withSelfLoops(dtype)); }

  private cut(key: string, op: CSR): CSR {
    let c = this.cache.get(key);
    if (!c) this.cache.set(key, (c = this.slice(op)));
    return c;
  }

  private slice(op: CSR): CSR {
    const { localOf, mark } = this.scratch;
    const { src, numDst, sampled, keptPtr, keptCol } = this;
    for (let k = 0; k < src.length; k++) localOf[src[k]] = k;
    try {
      let bound = 0;
      for (let i = 0; i < numDst; i++) bound += op.rowPtr[src[i] + 1] - op.rowPtr[src[i]];
      // ordinary memory: a block lives for one step (see allocInt)
      const rowPtr = allocInt(numDst + 1, false);
      const col = allocInt(bound, false);
      const val = allocFloat(bound, op.val instanceof Float64Array ? 'float64' : 'float32');
      let q = 0;
      for (let i = 0; i < numDst; i++) {
        const g = src[i];
        const p0 = op.rowPtr[g], p1 = op.rowPtr[g + 1];
        if (!sampled[i]) {
          for (let p = p0; p < p1; p++) { col[q] = localOf[op.col[p]]; val[q] = op.val[p]; q++; }
        } else {
          const stamp = this.scratch.nextStamp();
          for (let t = keptPtr[i]; t < keptPtr[i + 1]; t++) mark[keptCol[t]] = stamp;
          let whole = 0, kept = 0;
          for (let p = p0; p < p1; p++) {
            const c = op.col[p];
            if (c === g) continue;
            whole += op.val[p];
            if (mark[c] === stamp) kept += op.val[p];
          }
          const scale = kept !== 0 ? whole / kept : 0;
          for (let p = p0; p < p1; p++) {
            const c = op.col[p];
            if (c === g) { col[q] = localOf[c]; val[q] = op.val[p]; q++; }
            else if (mark[c] === stamp) { col[q] = localOf[c]; val[q] = op.val[p] * scale; q++; }
          }
        }
        rowPtr[i + 1] = q;
      }
      if (q === bound) return new CSR(numDst, src.length, rowPtr, col, val);
      const c2 = allocInt(q, false), v2 = allocFloat(q, op.val instanceof Float64Array ? 'float64' : 'float32', false);
      c2.set(col.subarray(0, q));
      v2.set(val.subarray(0, q));
      return new CSR(numDst, src.length, rowPtr, c2, v2);
    } finally {
      for (let k = 0; k < src.length; k++) localOf[src[k]] = -1;
    }
  }
}
