/**
 * Minkowski distances on scaled coordinates. Indexes compare the p-th power Σ|Δ|^p (the squared
 * distance for p = 2), which orders points exactly as the distance does and skips the root.
 */
export interface Metric {
  p: number;
}

/** Σ |a_i − b_i|^p over dim coordinates starting at offsets ao and bo. */
export function poweredDistance(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number, p: number): number {
  let s = 0;
  if (p === 2) {
    for (let d = 0; d < dim; d++) {
      const t = a[ao + d] - b[bo + d];
      s += t * t;
    }
  } else if (p === 1) {
    for (let d = 0; d < dim; d++) s += Math.abs(a[ao + d] - b[bo + d]);
  } else {
    for (let d = 0; d < dim; d++) s += Math.pow(Math.abs(a[ao + d] - b[bo + d]), p);
  }
  return s;
}

/** The p-th power of a plain distance, for comparing against poweredDistance. */
export function powerOf(r: number, p: number): number {
  return p === 2 ? r * r : p === 1 ? r : Math.pow(r, p);
}

/** The distance from a powered distance. */
export function rootOf(s: number, p: number): number {
  return p === 2 ? Math.sqrt(s) : p === 1 ? s : Math.pow(s, 1 / p);
}

/**
 * Scaled copy of row-major coordinates: column d multiplied by scale[d] (per-axis exaggeration or
 * compression, and per-column weights in a mixed coordinate/value space).
 */
export function scaleCoords(coords: ArrayLike<number>, dim: number, scale?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(coords.length);
  for (let i = 0; i < coords.length; i++) out[i] = coords[i] * (scale ? scale[i % dim] : 1);
  return out;
}
