import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

/** Concatenate 2-D tensors along features (columns); all must have the same number of rows. */
export function concatCols(parts: Tensor[]): Tensor {
  if (parts.length === 0) throw new Error('concatCols needs at least one tensor');
  const n = parts[0].shape[0];
  for (const p of parts) if (p.shape.length !== 2 || p.shape[0] !== n) throw new Error(`concatCols: shapes [${parts.map((q) => `[${q.shape}]`).join(', ')}] do not share ${n} rows`);
  const widths = parts.map((p) => p.shape[1]);
  const W = widths.reduce((a, b) => a + b, 0);
  const out = Tensor.zeros([n, W], parts[0].dtype);
  let off = 0;
  for (let t = 0; t < parts.length; t++) {
    const w = widths[t], src = parts[t].data;
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out.data[i * W + off + j] = src[i * w + j];
    off += w;
  }
  return record(out, parts, (g) => {
    let o = 0;
    for (let t = 0; t < parts.length; t++) {
      const w = widths[t];
      if (parts[t].requiresGrad) {
        const gp = gradOf(parts[t]);
        for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) gp[i * w + j] += g[i * W + o + j];
      }
      o += w;
    }
  });
}
