import type { FloatArray } from '../util/float';

/*
 * Sparse × dense with H heads: for row i and head h,
 *   Y[i, h*F + f] += Σ_{p in row i} v[e(p)*H + h] · X[col[p], h*F + f]
 * where e(p) = valIdx[p] when a value permutation is given (a transposed view sharing the
 * original's values), else p. H = 1 is the ordinary SpMM. Rows [r0, r1) only; adds into Y.
 */
export function spmmRows(
  rowPtr: Int32Array, col: Int32Array, v: FloatArray, valIdx: Int32Array | null,
  X: FloatArray, Y: FloatArray, H: number, F: number, r0: number, r1: number,
): void {
  const W = H * F;
  if (H === 1) {
    for (let i = r0; i < r1; i++) {
      const yo = i * W;
      for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
        const a = v[valIdx === null ? p : valIdx[p]];
        const xo = col[p] * W;
        let f = 0;
        for (; f + 3 < W; f += 4) {
          Y[yo + f] += a * X[xo + f];
          Y[yo + f + 1] += a * X[xo + f + 1];
          Y[yo + f + 2] += a * X[xo + f + 2];
          Y[yo + f + 3] += a * X[xo + f + 3];
        }
        for (; f < W; f++) Y[yo + f] += a * X[xo + f];
      }
    }
    return;
  }
  for (let i = r0; i < r1; i++) {
    const yo = i * W;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
      const vo = (valIdx === null ? p : valIdx[p]) * H;
      const xo = col[p] * W;
      for (let h = 0; h < H; h++) {
        const a = v[vo + h];
        const ho = h * F;
        for (let f = 0; f < F; f++) Y[yo + ho + f] += a * X[xo + ho + f];
      }
    }
  }
}

/*
 * Sampled dense-dense product, the gradient of SpMM with respect to its edge values:
 *   gv[p*H + h] += Σ_f G[i, h*F + f] · X[col[p], h*F + f]   for p in row i.
 */
export function sddmmRows(
  rowPtr: Int32Array, col: Int32Array, G: FloatArray, X: FloatArray, gv: FloatArray,
  H: number, F: number, r0: number, r1: number,
): void {
  const W = H * F;
  for (let i = r0; i < r1; i++) {
    const go = i * W;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
      const xo = col[p] * W;
      for (let h = 0; h < H; h++) {
        const ho = h * F;
        let s = 0;
        for (let f = 0; f < F; f++) s += G[go + ho + f] * X[xo + ho + f];
        gv[p * H + h] += s;
      }
    }
  }
}
