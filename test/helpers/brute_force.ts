import { poweredDistance, scaleCoords } from '../../src/spatial/metric';

/** All-pairs oracle: k nearest of each point by (powered distance, index), excluding itself. */
export function bruteKnn(coords: ArrayLike<number>, dim: number, k: number, p = 2, scale?: number[]): Int32Array {
  const s = scaleCoords(coords, dim, scale);
  const n = s.length / dim;
  const out = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) {
    const cand: [number, number][] = [];
    for (let j = 0; j < n; j++) if (j !== i) cand.push([poweredDistance(s, i * dim, s, j * dim, dim, p), j]);
    cand.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let t = 0; t < Math.min(k, cand.length); t++) out[i * k + t] = cand[t][1];
  }
  return out;
}

/** All-pairs oracle for radius queries: sorted (i, j) pairs with distance ≤ r. */
export function bruteRadius(coords: ArrayLike<number>, dim: number, r: number, p = 2): [number, number][] {
  const s = scaleCoords(coords, dim);
  const n = s.length / dim;
  const rp = p === 2 ? r * r : p === 1 ? r : Math.pow(r, p);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && poweredDistance(s, i * dim, s, j * dim, dim, p) <= rp) out.push([i, j]);
  return out;
}
