import { Tensor } from '../tensor/tensor';
import { accumulateGrad, gradOf, record } from '../autograd/tape';
import type { FloatArray } from '../util/float';

/*
 * Binary element-wise ops. The second operand is either the same shape as the first, or a row
 * ([m] or [1, m]) broadcast over every row of an [n, m] first operand (a bias), or a scalar [1].
 * Each case has its own loop so the hot path has no per-element index arithmetic.
 */

type Mode = 'same' | 'row' | 'scalar';
type Op = 'add' | 'sub' | 'mul';

function broadcastMode(a: Tensor, b: Tensor, op: string): Mode {
  if (a.size === b.size && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])) return 'same';
  if (b.size === 1) return 'scalar';
  const m = a.shape[a.shape.length - 1];
  if (b.size === m && (b.shape.length === 1 || (b.shape.length === 2 && b.shape[0] === 1))) return 'row';
  throw new Error(`${op}: cannot broadcast [${b.shape}] onto [${a.shape}]`);
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

/** Width of the repeating block of b: m for a row, 1 for a scalar, all for the same shape. */
function period(mode: Mode, a: Tensor): number {
  return mode === 'row' ? a.shape[a.shape.length - 1] : mode === 'scalar' ? 1 : a.size;
}

function forward(op: Op, x: FloatArray, y: FloatArray, o: FloatArray, m: number): void {
  const n = x.length;
  for (let s = 0; s < n; s += m) {
    if (op === 'add') for (let j = 0; j < m; j++) o[s + j] = x[s + j] + y[j];
    else if (op === 'sub') for (let j = 0; j < m; j++) o[s + j] = x[s + j] - y[j];
    else for (let j = 0; j < m; j++) o[s + j] = x[s + j] * y[j];
  }
}

function binary(a: Tensor, b: Tensor, op: Op): Tensor {
  const mode = broadcastMode(a, b, op);
  const m = Math.max(1, period(mode, a));
  const out = Tensor.overwritten(a.shape, a.dtype);
  const x = a.data, y = b.data, n = a.size;
  // a scalar b is read as a row of m = 1 repeated; y[j] with j < m covers every mode
  forward(op, x, y, out.data, m);
  return record(out, [a, b], (g) => {
    if (a.requiresGrad) {
      if (op === 'mul') {
        const ga = gradOf(a);
        for (let s = 0; s < n; s += m) for (let j = 0; j < m; j++) ga[s + j] += g[s + j] * y[j];
      } else {
        accumulateGrad(a, g);
      }
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      if (op === 'mul') for (let s = 0; s < n; s += m) for (let j = 0; j < m; j++) gb[j] += g[s + j] * x[s + j];
      else if (mode === 'same') accumulateGrad(b, g, op === 'sub' ? -1 : 1);
      else {
        const sign = op === 'sub' ? -1 : 1;
        for (let s = 0; s < n; s += m) for (let j = 0; j < m; j++) gb[j] += sign * g[s + j];
      }
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
