/**
 * The k best (distance, index) pairs seen so far, kept sorted by distance and then by index, so
 * ties always resolve to the lower node index. Insertion shifts at most k entries; for the small k
 * of neighbour graphs this beats a binary heap, and the result needs no final sort.
 */
export class NeighbourHeap {
  readonly dist: Float64Array;
  readonly idx: Int32Array;
  size = 0;

  constructor(readonly k: number) {
    this.dist = new Float64Array(k);
    this.idx = new Int32Array(k);
  }

  clear(): void {
    this.size = 0;
  }

  /** The worst kept distance, or +∞ while fewer than k are kept. */
  bound(): number {
    return this.size < this.k ? Infinity : this.dist[this.k - 1];
  }

  push(d: number, i: number): void {
    const { dist, idx, k } = this;
    let pos: number;
    if (this.size < k) {
      pos = this.size++;
    } else {
      const wd = dist[k - 1];
      if (d > wd || (d === wd && i >= idx[k - 1])) return;
      pos = k - 1;
    }
    while (pos > 0) {
      const pd = dist[pos - 1];
      if (pd < d || (pd === d && idx[pos - 1] < i)) break;
      dist[pos] = pd;
      idx[pos] = idx[pos - 1];
      pos--;
    }
    dist[pos] = d;
    idx[pos] = i;
  }

  /** Copy the kept pairs, ascending, to the outputs; returns how many. */
  drainSorted(outIdx: Int32Array, outOff: number, outDist: Float64Array | null): number {
    const m = this.size;
    for (let j = 0; j < m; j++) {
      outIdx[outOff + j] = this.idx[j];
      if (outDist) outDist[outOff + j] = this.dist[j];
    }
    this.size = 0;
    return m;
  }
}
