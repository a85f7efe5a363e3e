import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

function rowsCols(x: Tensor, op: string): [number, number] {
  if (x.shape.length !== 2) throw new Error(`${op} needs a 2-D tensor, got [${x.shape}]`);
  return [x.shape[0], x.shape[1]];
}

/** Max of row i and Σ exp(x − max) over it: the stable normaliser shared by softmax and log-softmax. */
function rowMaxAndSum(xs: ArrayLike<number>, o: number, m: number): [number, number] {
  let mx = -Infinity;
  for (let j = 0; j < m; j++) if (xs[o + j] > mx) mx = xs[o + j];
  let z = 0;
  for (let j = 0; j < m; j++) z += Math.exp(xs[o + j] - mx);
  return [mx, z];
}

/** Row-wise softmax over the last dimension of a 2-D tensor. */
export function softmax(x: Tensor): Tensor {
  const [n, m] = rowsCols(x, 'softmax');
  const out = Tensor.zeros(x.shape, x.dtype);
  const xs = x.data, ys = out.data;
  for (let i = 0; i < n; i++) {
    const o = i * m;
    const [mx, z] = rowMaxAndSum(xs, o, m);
    for (let j = 0; j < m; j++) ys[o + j] = Math.exp(xs[o + j] - mx) / z;
  }
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      let dot = 0;
      for (let j = 0; j < m; j++) dot += g[o + j] * ys[o + j];
      for (let j = 0; j < m; j++) gx[o + j] += ys[o + j] * (g[o + j] - dot);
    }
  });
}

/** Row-wise log-softmax, computed as x − max − log Σ exp(x − max) for stability. */
export function logSoftmax(x: Tensor): Tensor {
  const [n, m] = rowsCols(x, 'logSoftmax');
  const out = Tensor.zeros(x.shape, x.dtype);
  const xs = x.data, ys = out.data;
  for (let i = 0; i < n; i++) {
    const o = i * m;
    const [mx, z] = rowMaxAndSum(xs, o, m);
    const lz = mx + Math.log(z);
    for (let j = 0; j < m; j++) ys[o + j] = xs[o + j] - lz;
  }
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      let gs = 0;
      for (let j = 0; j < m; j++) gs += g[o + j];
      for (let j = 0; j < m; j++) gx[o + j] += g[o + j] - Math.exp(ys[o + j]) * gs;
    }
  });
}
