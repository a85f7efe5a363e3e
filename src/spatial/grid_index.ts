import { poweredDistance, powerOf, scaleCoords } from './metric';
import { NeighbourHeap } from './neighbour_heap';

export interface GridIndexOptions {
  /** Per-axis multipliers applied before any distance (exaggerate depth, compress lines, weight values). */
  scale?: ArrayLike<number>;
  /** Minkowski exponent of the metric (2 = Euclidean, 1 = L1). */
  p?: number;
  /** Target number of points in a point's own cell. */
  pointsPerCell?: number;
}

/** Never more cells than this many per point: keeps the cell table O(n) on very uneven data. */
const MAX_CELLS_PER_POINT = 4;

/**
 * A uniform grid over scaled coordinates, points bucketed by cell with a counting sort into flat
 * arrays. The cell size starts from the bounding-box density and then shrinks while points sit in
 * crowded cells (clustered or strongly anisotropic surveys), as long as the cell table stays O(n).
 * Queries search shells of cells outward and stop when no unvisited cell can beat the k-th best,
 * so results are exact; ties go to the lower point index.
 */
export class GridIndex {
  readonly n: number;
  readonly p: number;
  /** Scaled coordinates in cell order, n × dim. */
  readonly pts: Float64Array;
  /** Cell-order position → original point index. */
  readonly order: Int32Array;
  /** Cell → first position in cell order (length cells + 1). */
  readonly cellStart: Int32Array;
  readonly lo: Float64Array;
  readonly cellsPerAxis: Int32Array;
  readonly strides: Int32Array;
  cell = 1;

  // scratch for shell enumeration, allocated once
  private readonly cq: Int32Array;
  private readonly off: Int32Array;
  private readonly offLo: Int32Array;
  private readonly offHi: Int32Array;

  constructor(coords: ArrayLike<number>, readonly dim: number, opts: GridIndexOptions = {}) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`dimension must be a positive integer, got ${dim}`);
    if (coords.length % dim !== 0) throw new Error(`${coords.length} coordinates are not a multiple of dimension ${dim}`);
    for (let i = 0; i < coords.length; i++) {
      if (!Number.isFinite(coords[i])) throw new Error(`coordinate ${i % dim} of point ${Math.floor(i / dim)} is not a finite number: ${coords[i]}`);
    }
    this.n = coords.length / dim;
    this.p = opts.p ?? 2;
    if (!(this.p >= 1)) throw new Error(`Minkowski p must be ≥ 1, got ${this.p}`);
    const scaled = scaleCoords(coords, dim, opts.scale);
    this.lo = new Float64Array(dim).fill(Infinity);
    const hi = new Float64Array(dim).fill(-Infinity);
    for (let i = 0; i < this.n; i++) for (let d = 0; d < dim; d++) {
      const v = scaled[i * dim + d];
      if (v < this.lo[d]) this.lo[d] = v;
      if (v > hi[d]) hi[d] = v;
    }
    if (this.n === 0) { this.lo.fill(0); hi.fill(0); }
    this.cellsPerAxis = new Int32Array(dim);
    this.strides = new Int32Array(dim);
    const cellOf = new Int32Array(this.n);
    const counts = this.chooseCells(scaled, hi, opts.pointsPerCell ?? 4, cellOf);
    const nCells = counts.length;
    this.cellStart = new Int32Array(nCells + 1);
    for (let c = 0; c < nCells; c++) this.cellStart[c + 1] = this.cellStart[c] + counts[c];
    const fill = this.cellStart.slice(0, nCells);
    this.order = new Int32Array(this.n);
    this.pts = new Float64Array(this.n * dim);
    for (let i = 0; i < this.n; i++) {
      const q = fill[cellOf[i]]++;
      this.order[q] = i;
      for (let d = 0; d < dim; d++) this.pts[q * dim + d] = scaled[i * dim + d];
    }
    this.cq = new Int32Array(dim);
    this.off = new Int32Array(dim);
    this.offLo = new Int32Array(dim);
    this.offHi = new Int32Array(dim);
  }

  /** The flat arrays and sizes that define the index, to rebuild it in a worker thread without copying. */
  parts(): { arrays: [Float64Array, Int32Array, Int32Array, Float64Array, Int32Array, Int32Array]; sizes: [number, number, number, number] } {
    return { arrays: [this.pts, this.order, this.cellStart, this.lo, this.cellsPerAxis, this.strides], sizes: [this.n, this.dim, this.p, this.cell] };
  }

  static fromParts(arrays: readonly unknown[], sizes: readonly number[]): GridIndex {
    const g = Object.create(GridIndex.prototype) as GridIndex;
    const [pts, order, cellStart, lo, cellsPerAxis, strides] = arrays as [Float64Array, Int32Array, Int32Array, Float64Array, Int32Array, Int32Array];
    const [n, dim, p, cell] = sizes;
    Object.assign(g, {
      n, dim, p, cell, pts, order, cellStart, lo, cellsPerAxis, strides, shellBuf: new Int32Array(64),
      cq: new Int32Array(dim), off: new Int32Array(dim), offLo: new Int32Array(dim), offHi: new Int32Array(dim),
    });
    return g;
  }

  /** Pick the cell size and bucket the points; returns the per-cell counts. */
  private chooseCells(scaled: Float64Array, hi: Float64Array, pointsPerCell: number, cellOf: Int32Array): Int32Array {
    const { dim, n } = this;
    let vol = 1;
    let used = 0;
    let maxExt = 0;
    for (let d = 0; d < dim; d++) {
      const e = hi[d] - this.lo[d];
      if (e > 0) { vol *= e; used++; }
      maxExt = Math.max(maxExt, e);
    }
    this.cell = used === 0 ? 1 : Math.pow((vol * pointsPerCell) / Math.max(1, n), 1 / used);
    if (!(this.cell > 0) || !Number.isFinite(this.cell)) this.cell = maxExt > 0 ? maxExt : 1;
    const maxCells = MAX_CELLS_PER_POINT * n + 16;
    // never start with more cells than allowed
    while (this.cellCount(hi) > maxCells) this.cell *= 1.5;
    let counts = this.bucket(scaled, hi, cellOf);
    for (let iter = 0; iter < 8; iter++) {
      // mean number of points sharing a point's cell
      let crowd = 0;
      for (let c = 0; c < counts.length; c++) crowd += counts[c] * counts[c];
      crowd /= Math.max(1, n);
      if (crowd <= 4 * pointsPerCell) break;
      const prev = this.cell;
      this.cell = prev / 2;
      if (this.cellCount(hi) > maxCells) { this.cell = prev; break; }
      counts = this.bucket(scaled, hi, cellOf);
    }
    if (cellOf.length > 0 && counts.length === 0) counts = this.bucket(scaled, hi, cellOf);
    return counts;
  }

  private cellCount(hi: Float64Array): number {
    let total = 1;
    for (let d = 0; d < this.dim; d++) total *= Math.floor((hi[d] - this.lo[d]) / this.cell) + 1;
    return total;
  }

  private bucket(scaled: Float64Array, hi: Float64Array, cellOf: Int32Array): Int32Array {
    const { dim } = this;
    let total = 1;
    for (let d = dim - 1; d >= 0; d--) {
      this.cellsPerAxis[d] = Math.floor((hi[d] - this.lo[d]) / this.cell) + 1;
      this.strides[d] = total;
      total *= this.cellsPerAxis[d];
    }
    const counts = new Int32Array(total);
    for (let i = 0; i < this.n; i++) {
      let c = 0;
      for (let d = 0; d < dim; d++) c += this.axisCell(scaled[i * dim + d], d) * this.strides[d];
      cellOf[i] = c;
      counts[c]++;
    }
    return counts;
  }

  private axisCell(v: number, d: number): number {
    const c = Math.floor((v - this.lo[d]) / this.cell);
    return c < 0 ? 0 : c >= this.cellsPerAxis[d] ? this.cellsPerAxis[d] - 1 : c;
  }

  /**
   * The k nearest points to the query (scaled coordinates q[qo..qo+dim)), skipping point `exclude`
   * (−1 for none), into heap. Exact: shells of cells are searched until none can hold a better point.
   */
  searchKnn(q: Float64Array, qo: number, exclude: number, heap: NeighbourHeap): void {
    heap.clear();
    if (this.n === 0) return;
    const { dim, p, pts, order, cellStart } = this;
    const fast3 = dim === 3 && p === 2;
    const q0 = q[qo], q1 = q[qo + 1], q2 = q[qo + 2];
    const hd = heap.dist;
    this.locate(q, qo);
    for (let r = 0; ; r++) {
      const m = this.shellCells(q, qo, r, heap.bound());
      const cells = this.shellBuf;
      for (let t = 0; t < m; t++) {
        const c = cells[t];
        for (let pos = cellStart[c], end = cellStart[c + 1]; pos < end; pos++) {
          let d: number;
          if (fast3) {
            const o = pos * 3;
            const a = pts[o] - q0, b = pts[o + 1] - q1, e = pts[o + 2] - q2;
            d = a * a + b * b + e * e;
          } else {
            d = poweredDistance(pts, pos * dim, q, qo, dim, p);
          }
          if (heap.size === heap.k && d > hd[heap.k - 1]) continue;
          const id = order[pos];
          if (id !== exclude) heap.push(d, id);
        }
      }
      if (this.doneAfterShell(q, qo, r, heap.bound())) return;
    }
  }

  /** Every point within distance r of the query (boundary included), skipping `exclude`. */
  searchRadius(q: Float64Array, qo: number, exclude: number, radius: number, outIdx: number[], outDist: number[]): void {
    if (this.n === 0) return;
    const { dim, p, pts, order, cellStart } = this;
    const rp = powerOf(radius, p);
    this.locate(q, qo);
    for (let r = 0; ; r++) {
      const m = this.shellCells(q, qo, r, rp);
      for (let t = 0; t < m; t++) {
        const c = this.shellBuf[t];
        for (let pos = cellStart[c]; pos < cellStart[c + 1]; pos++) {
          const id = order[pos];
          if (id === exclude) continue;
          const d = poweredDistance(pts, pos * dim, q, qo, dim, p);
          if (d <= rp) { outIdx.push(id); outDist.push(d); }
        }
      }
      if (this.doneAfterShell(q, qo, r, rp)) return;
    }
  }

  private shellBuf = new Int32Array(64);

  private locate(q: Float64Array, qo: number): void {
    for (let d = 0; d < this.dim; d++) this.cq[d] = this.axisCell(q[qo + d], d);
  }

  /**
   * The cells at Chebyshev cell distance exactly r from the query's cell (clipped to the grid)
   * whose nearest corner is not farther than `bound` (a powered distance), into shellBuf; returns
   * how many. Cells that cannot hold a better point are never scanned.
   */
  private shellCells(q: Float64Array, qo: number, r: number, bound: number): number {
    const { dim, cq, off, offLo, offHi, cellsPerAxis, strides, p } = this;
    for (let d = 0; d < dim; d++) {
      offLo[d] = Math.max(-r, -cq[d]);
      offHi[d] = Math.min(r, cellsPerAxis[d] - 1 - cq[d]);
      off[d] = offLo[d];
    }
    let m = 0;
    // odometer over axes 1..dim-1; axis 0 runs fully only when another axis is on the shell
    for (;;) {
      let onShell = r === 0;
      let base = 0;
      let lb = 0;
      for (let d = 1; d < dim; d++) {
        if (off[d] === r || off[d] === -r) onShell = true;
        base += (cq[d] + off[d]) * strides[d];
        lb += this.axisGap(q[qo + d], d, off[d], p);
      }
      if (lb <= bound) {
        if (m + offHi[0] - offLo[0] + 1 > this.shellBuf.length) {
          const bigger = new Int32Array(this.shellBuf.length * 2 + offHi[0] - offLo[0] + 1);
          bigger.set(this.shellBuf);
          this.shellBuf = bigger;
        }
        const q0 = q[qo];
        if (onShell) {
          for (let o = offLo[0]; o <= offHi[0]; o++) {
            if (lb + this.axisGap(q0, 0, o, p) <= bound) this.shellBuf[m++] = base + (cq[0] + o) * strides[0];
          }
        } else {
          if (-r >= offLo[0] && lb + this.axisGap(q0, 0, -r, p) <= bound) this.shellBuf[m++] = base + (cq[0] - r) * strides[0];
          if (r <= offHi[0] && lb + this.axisGap(q0, 0, r, p) <= bound) this.shellBuf[m++] = base + (cq[0] + r) * strides[0];
        }
      }
      let d = 1;
      for (; d < dim; d++) {
        if (off[d] < offHi[d]) { off[d]++; break; }
        off[d] = offLo[d];
      }
      if (d >= dim) return m;
    }
  }

  /** Powered distance along axis d from coordinate v to the cell at offset o from the query's cell. */
  private axisGap(v: number, d: number, o: number, p: number): number {
    if (o === 0) return 0;
    const g = o > 0 ? this.lo[d] + (this.cq[d] + o) * this.cell - v : v - (this.lo[d] + (this.cq[d] + o + 1) * this.cell);
    if (g <= 0) return 0;
    return p === 2 ? g * g : p === 1 ? g : Math.pow(g, p);
  }

  /**
   * After shells 0..r: true when every cell has been searched, or when the nearest point outside
   * the searched block is farther than `bound` (a powered distance). Equality continues, since a
   * point at exactly the bound with a lower index could still win the tie.
   */
  private doneAfterShell(q: Float64Array, qo: number, r: number, bound: number): boolean {
    const { dim, cq, cellsPerAxis } = this;
    let gap = Infinity;
    for (let d = 0; d < dim; d++) {
      if (cq[d] - r > 0) gap = Math.min(gap, q[qo + d] - (this.lo[d] + (cq[d] - r) * this.cell));
      if (cq[d] + r + 1 < cellsPerAxis[d]) gap = Math.min(gap, this.lo[d] + (cq[d] + r + 1) * this.cell - q[qo + d]);
    }
    return gap === Infinity || bound < powerOf(Math.max(0, gap), this.p);
  }
}
