import type { FloatArray } from '../util/float';

/*
 * Dense matrix products over row-major flat arrays. Every kernel ADDS into `out` and covers
 * output rows [r0, r1) only, so a caller can split rows across threads; each output element
 * is summed in one fixed order, whatever the split.
 */

/** out[n,m] += A[n,k] · B[k,m] */
export function matmulRows(A: FloatArray, B: FloatArray, out: FloatArray, k: number, m: number, r0: number, r1: number): void {
  for (let i = r0; i < r1; i++) {
    const ao = i * k;
    const oo = i * m;
    for (let p = 0; p < k; p++) {
      const a = A[ao + p];
      if (a === 0) continue;
      const bo = p * m;
      for (let j = 0; j < m; j++) out[oo + j] += a * B[bo + j];
    }
  }
}

/** out[n,k] += G[n,m] · B[k,m]ᵀ  (gradient of A in A·B) */
export function matmulTransBRows(G: FloatArray, B: FloatArray, out: FloatArray, k: number, m: number, r0: number, r1: number): void {
  for (let i = r0; i < r1; i++) {
    const go = i * m;
    const oo = i * k;
    for (let p = 0; p < k; p++) {
      const bo = p * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += G[go + j] * B[bo + j];
      out[oo + p] += s;
    }
  }
}

/** out[k,m] += A[n,k]ᵀ · G[n,m]  (gradient of B in A·B); rows of out are p in [r0, r1). */
export function matmulTransARows(A: FloatArray, G: FloatArray, out: FloatArray, n: number, k: number, m: number, r0: number, r1: number): void {
  for (let i = 0; i < n; i++) {
    const ao = i * k;
    const go = i * m;
    for (let p = r0; p < r1; p++) {
      const a = A[ao + p];
      if (a === 0) continue;
      const oo = p * m;
      for (let j = 0; j < m; j++) out[oo + j] += a * G[go + j];
    }
  }
}
