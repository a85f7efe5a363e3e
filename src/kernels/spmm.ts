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
    // eight output columns at a time, summed in locals over the row's edges: no store per edge, and
    // a neighbour row is walked W/8 times (eight beat four and sixteen here: registers run out)
    const W8 = W - (W % 8);
    for (let i = r0; i < r1; i++) {
      const yo = i * W;
      const b = rowPtr[i], e = rowPtr[i + 1];
      for (let f = 0; f < W8; f += 8) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
        for (let p = b; p < e; p++) {
          const a = v[valIdx === null ? p : valIdx[p]];
          const xo = col[p] * W + f;
          c0 += a * X[xo]; c1 += a * X[xo + 1]; c2 += a * X[xo + 2]; c3 += a * X[xo + 3];
          c4 += a * X[xo + 4]; c5 += a * X[xo + 5]; c6 += a * X[xo + 6]; c7 += a * X[xo + 7];
        }
        Y[yo + f] += c0; Y[yo + f + 1] += c1; Y[yo + f + 2] += c2; Y[yo + f + 3] += c3;
        Y[yo + f + 4] += c4; Y[yo + f + 5] += c5; Y[yo + f + 6] += c6; Y[yo + f + 7] += c7;
      }
      for (let f = W8; f < W; f++) {
        let c = 0;
        for (let p = b; p < e; p++) c += v[valIdx === null ? p : valIdx[p]] * X[col[p] * W + f];
        Y[yo + f] += c;
      }
    }
    return;
  }
  // several heads: per head, four output columns at a time summed in locals over the row's edges
  const F4 = F - (F % 4);
  for (let i = r0; i < r1; i++) {
    const yo = i * W;
    const b = rowPtr[i], e = rowPtr[i + 1];
    for (let h = 0; h < H; h++) {
      const ho = h * F;
      for (let f = 0; f < F4; f += 4) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (let p = b; p < e; p++) {
          const a = v[(valIdx === null ? p : valIdx[p]) * H + h];
          const xo = col[p] * W + ho + f;
          c0 += a * X[xo]; c1 += a * X[xo + 1]; c2 += a * X[xo + 2]; c3 += a * X[xo + 3];
        }
        Y[yo + ho + f] += c0; Y[yo + ho + f + 1] += c1; Y[yo + ho + f + 2] += c2; Y[yo + ho + f + 3] += c3;
      }
      for (let f = F4; f < F; f++) {
        let c = 0;
        for (let p = b; p < e; p++) c += v[(valIdx === null ? p : valIdx[p]) * H + h] * X[col[p] * W + ho + f];
        Y[yo + ho + f] += c;
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
  const F4 = F - (F % 4);
  for (let i = r0; i < r1; i++) {
    const go = i * W;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
      const xo = col[p] * W;
      for (let h = 0; h < H; h++) {
        const gh = go + h * F, xh = xo + h * F;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let f = 0;
        for (; f < F4; f += 4) {
          s0 += G[gh + f] * X[xh + f];
          s1 += G[gh + f + 1] * X[xh + f + 1];
          s2 += G[gh + f + 2] * X[xh + f + 2];
          s3 += G[gh + f + 3] * X[xh + f + 3];
        }
        for (; f < F; f++) s0 += G[gh + f] * X[xh + f];
        gv[p * H + h] += (s0 + s1) + (s2 + s3);
      }
    }
  }
}
