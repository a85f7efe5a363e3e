import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';

/*
 * Binary element-wise ops. The second operand is either the same shape as the first, or a row
 * ([m] or [1, m]) broadcast over every row of an [n, m] first operand (a bias), or a scalar [1].
 */

type Mode = 'same' | 'row' | 'scalar';

function broadcastMode(a: Tensor, b: Tensor, op: string): Mode {
  if (a.size === b.size && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])) return 'same';
  if (b.size === 1) return 'scalar';
  const m = a.shape[a.shape.length - 1];
  if (b.size === m && (b.shape.length === 1 || (b.shape.length === 2 && b.shape[0] === 1))) return 'row';
  throw new Error(`${op}: cannot broadcast [${b.shape}] onto [${a.shape}]`);
}

function bIndex(mode: Mode, i: number, m: number): number {
  return mode === 'same' ? i : mode === 'row' ? i % m : 0;
}

export function add(a: Tensor, b: Tensor): Tensor {
  return binary(a, b, 'add');
}
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary(a, b, 'sub');
}
export function mul(a: Tensor, b: Tensor): Tensor {
  return binary(a, b, 'mul');
}

function binary(a: Tensor, b: Tensor, op: 'add' | 'sub' | 'mul'): Tensor {
  const mode = broadcastMode(a, b, op);
  const m = a.shape[a.shape.length - 1] ?? 1;
  const out = Tensor.zeros(a.shape, a.dtype);
  const x = a.data, y = b.data, o = out.data, n = a.size;
  if (op === 'add') for (let i = 0; i < n; i++) o[i] = x[i] + y[bIndex(mode, i, m)];
  else if (op === 'sub') for (let i = 0; i < n; i++) o[i] = x[i] - y[bIndex(mode, i, m)];
  else for (let i = 0; i < n; i++) o[i] = x[i] * y[bIndex(mode, i, m)];
  return record(out, [a, b], (g) => {
    if (a.requiresGrad) {
      const ga = gradOf(a);
      if (op === 'mul') for (let i = 0; i < n; i++) ga[i] += g[i] * y[bIndex(mode, i, m)];
      else for (let i = 0; i < n; i++) ga[i] += g[i];
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      const sign = op === 'sub' ? -1 : 1;
      if (op === 'mul') for (let i = 0; i < n; i++) gb[bIndex(mode, i, m)] += g[i] * x[i];
      else for (let i = 0; i < n; i++) gb[bIndex(mode, i, m)] += sign * g[i];
    }
  });
}

/** x · c for a constant c. */
export function scale(x: Tensor, c: number): Tensor {
  const out = Tensor.zeros(x.shape, x.dtype);
  for (let i = 0; i < x.size; i++) out.data[i] = x.data[i] * c;
  return record(out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < x.size; i++) gx[i] += g[i] * c;
  });
}
