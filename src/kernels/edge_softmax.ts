import type { FloatArray } from '../util/float';

/** Softmax over the edges of each row, per head: out[p*H+h] = exp(s[p*H+h] − max) / Σ. Overwrites out. */
export function edgeSoftmaxRows(rowPtr: Int32Array, s: FloatArray, out: FloatArray, H: number, r0: number, r1: number): void {
  for (let i = r0; i < r1; i++) {
    const b = rowPtr[i];
    const e = rowPtr[i + 1];
    if (b === e) continue;
    for (let h = 0; h < H; h++) {
      let mx = -Infinity;
      for (let p = b; p < e; p++) if (s[p * H + h] > mx) mx = s[p * H + h];
      let z = 0;
      for (let p = b; p < e; p++) {
        const x = Math.exp(s[p * H + h] - mx);
        out[p * H + h] = x;
        z += x;
      }
      const inv = 1 / z;
      for (let p = b; p < e; p++) out[p * H + h] *= inv;
    }
  }
}

/** Gradient of edge softmax: gs[p,h] += a[p,h] · (ga[p,h] − Σ_row a·ga). */
export function edgeSoftmaxBackwardRows(rowPtr: Int32Array, a: FloatArray, ga: FloatArray, gs: FloatArray, H: number, r0: number, r1: number): void {
  for (let i = r0; i < r1; i++) {
    const b = rowPtr[i];
    const e = rowPtr[i + 1];
    for (let h = 0; h < H; h++) {
      let dot = 0;
      for (let p = b; p < e; p++) dot += a[p * H + h] * ga[p * H + h];
      for (let p = b; p < e; p++) gs[p * H + h] += a[p * H + h] * (ga[p * H + h] - dot);
    }
  }
}
