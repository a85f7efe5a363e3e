import type { FloatArray } from '../util/float';

/*
 * Dense matrix products over row-major flat arrays. Every kernel ADDS into `out` and covers
 * output rows [r0, r1) only, so a caller can split rows across threads; each output element
 * is summed in one fixed order, whatever the split.
 */

/**
 * out[n,m] += A[n,k] · B[k,m]. Register-blocked: two rows of A against four columns of B at a
 * time, accumulating in locals (B, small, stays in cache), so each multiply-add costs no store.
 * Every output element is still the sum over p in increasing order.
 */
export function matmulRows(A: FloatArray, B: FloatArray, out: FloatArray, k: number, m: number, r0: number, r1: number): void {
  const m4 = m - (m % 4);
  let i = r0;
  for (; i + 1 < r1; i += 2) {
    const a0 = i * k, a1 = a0 + k, o0 = i * m, o1 = o0 + m;
    for (let j = 0; j < m4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      for (let p = 0, b = j; p < k; p++, b += m) {
        const x0 = A[a0 + p], x1 = A[a1 + p];
        const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
      }
      out[o0 + j] += c00; out[o0 + j + 1] += c01; out[o0 + j + 2] += c02; out[o0 + j + 3] += c03;
      out[o1 + j] += c10; out[o1 + j + 1] += c11; out[o1 + j + 2] += c12; out[o1 + j + 3] += c13;
    }
    for (let j = m4; j < m; j++) {
      let c0 = 0, c1 = 0;
      for (let p = 0, b = j; p < k; p++, b += m) { c0 += A[a0 + p] * B[b]; c1 += A[a1 + p] * B[b]; }
      out[o0 + j] += c0; out[o1 + j] += c1;
    }
  }
  for (; i < r1; i++) {
    const a0 = i * k, o0 = i * m;
    for (let j = 0; j < m; j++) {
      let c = 0;
      for (let p = 0, b = j; p < k; p++, b += m) c += A[a0 + p] * B[b];
      out[o0 + j] += c;
    }
  }
}

/** out[n,k] += G[n,m] · B[k,m]ᵀ (gradient of A in A·B): dot products of rows, two rows of G by four of B. */
export function matmulTransBRows(G: FloatArray, B: FloatArray, out: FloatArray, k: number, m: number, r0: number, r1: number): void {
  const k4 = k - (k % 4);
  let i = r0;
  for (; i + 1 < r1; i += 2) {
    const g0 = i * m, g1 = g0 + m, o0 = i * k, o1 = o0 + k;
    for (let p = 0; p < k4; p += 4) {
      const b0 = p * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      for (let j = 0; j < m; j++) {
        const x0 = G[g0 + j], x1 = G[g1 + j];
        const y0 = B[b0 + j], y1 = B[b1 + j], y2 = B[b2 + j], y3 = B[b3 + j];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
      }
      out[o0 + p] += c00; out[o0 + p + 1] += c01; out[o0 + p + 2] += c02; out[o0 + p + 3] += c03;
      out[o1 + p] += c10; out[o1 + p + 1] += c11; out[o1 + p + 2] += c12; out[o1 + p + 3] += c13;
    }
    for (let p = k4; p < k; p++) {
      let c0 = 0, c1 = 0;
      for (let j = 0; j < m; j++) { c0 += G[g0 + j] * B[p * m + j]; c1 += G[g1 + j] * B[p * m + j]; }
      out[o0 + p] += c0; out[o1 + p] += c1;
    }
  }
  for (; i < r1; i++) {
    for (let p = 0; p < k; p++) {
      let c = 0;
      for (let j = 0; j < m; j++) c += G[i * m + j] * B[p * m + j];
      out[i * k + p] += c;
    }
  }
}

/** Rows of A and G taken together per tile in matmulTransARows: both tiles stay in cache. */
const TILE = 256;

/**
 * out[k,m] += A[n,k]ᵀ · G[n,m] (gradient of B in A·B); rows of out are p in [r0, r1). The long
 * dimension n is walked in tiles; within a tile, blocks of two rows of out by four columns sum in
 * locals. The tiling is fixed, so the result does not depend on how rows of out are split.
 */
export function matmulTransARows(A: FloatArray, G: FloatArray, out: FloatArray, n: number, k: number, m: number, r0: number, r1: number): void {
  const m4 = m - (m % 4);
  for (let t0 = 0; t0 < n; t0 += TILE) {
    const t1 = Math.min(n, t0 + TILE);
    let p = r0;
    for (; p + 1 < r1; p += 2) {
      const o0 = p * m, o1 = o0 + m;
      for (let j = 0; j < m4; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        for (let i = t0; i < t1; i++) {
          const a0 = A[i * k + p], a1 = A[i * k + p + 1];
          const g = i * m + j;
          const y0 = G[g], y1 = G[g + 1], y2 = G[g + 2], y3 = G[g + 3];
          c00 += a0 * y0; c01 += a0 * y1; c02 += a0 * y2; c03 += a0 * y3;
          c10 += a1 * y0; c11 += a1 * y1; c12 += a1 * y2; c13 += a1 * y3;
        }
        out[o0 + j] += c00; out[o0 + j + 1] += c01; out[o0 + j + 2] += c02; out[o0 + j + 3] += c03;
        out[o1 + j] += c10; out[o1 + j + 1] += c11; out[o1 + j + 2] += c12; out[o1 + j + 3] += c13;
      }
      for (let j = m4; j < m; j++) {
        let c0 = 0, c1 = 0;
        for (let i = t0; i < t1; i++) { c0 += A[i * k + p] * G[i * m + j]; c1 += A[i * k + p + 1] * G[i * m + j]; }
        out[o0 + j] += c0; out[o1 + j] += c1;
      }
    }
    for (; p < r1; p++) {
      for (let j = 0; j < m; j++) {
        let c = 0;
        for (let i = t0; i < t1; i++) c += A[i * k + p] * G[i * m + j];
        out[p * m + j] += c;
      }
    }
  }
}
