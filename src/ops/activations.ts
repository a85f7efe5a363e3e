import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import type { FloatArray } from '../util/float';

/**
 * Element-wise activation: forward value and local derivative side by side. The derivative is
 * computed from the input x and output y, whichever is cheaper.
 */
function unary(x: Tensor, f: (v: number) => number, df: (v: number, y: number) => number): Tensor {
  const out = Tensor.zeros(x.shape, x.dtype);
  const xs: FloatArray = x.data, ys: FloatArray = out.data;
  for (let i = 0; i < xs.length; i++) ys[i] = f(xs[i]);
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < xs.length; i++) gx[i] += g[i] * df(xs[i], ys[i]);
  });
}

export function relu(x: Tensor): Tensor {
  return unary(x, (v) => (v > 0 ? v : 0), (v) => (v > 0 ? 1 : 0));
}

export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return unary(x, (v) => (v > 0 ? v : slope * v), (v) => (v > 0 ? 1 : slope));
}

export function elu(x: Tensor, alpha = 1): Tensor {
  return unary(x, (v) => (v > 0 ? v : alpha * Math.expm1(v)), (v, y) => (v > 0 ? 1 : y + alpha));
}

export function tanh(x: Tensor): Tensor {
  return unary(x, Math.tanh, (_v, y) => 1 - y * y);
}

export function sigmoid(x: Tensor): Tensor {
  return unary(x, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))), (_v, y) => y * (1 - y));
}
