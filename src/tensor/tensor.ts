import { allocFloat, dtypeOf, type DType, type FloatArray } from '../util/float';

/**
 * A dense row-major tensor over a Float32Array (or Float64Array for the gradient audit).
 * Autograd bookkeeping lives here as plain fields; the tape logic is in src/autograd.
 */
export class Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  requiresGrad: boolean;
  grad: FloatArray | null = null;
  /** Inputs this value was computed from; emptied once backward has run. */
  parents: Tensor[] = [];
  /** Propagates this tensor's gradient into its parents' grads; null for leaves and constants. */
  backwardFn: ((grad: FloatArray) => void) | null = null;

  constructor(data: FloatArray, shape: readonly number[], requiresGrad = false) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`tensor data has ${data.length} elements, shape [${shape}] needs ${size}`);
    this.data = data;
    this.shape = shape.slice();
    this.strides = stridesOf(shape);
    this.requiresGrad = requiresGrad;
  }

  get dtype(): DType { return dtypeOf(this.data); }
  get size(): number { return this.data.length; }
  /** Rows of a matrix (first dimension). */
  get rows(): number { return this.shape[0]; }
  /** Columns of a matrix: the product of all dimensions after the first. */
  get cols(): number { return this.shape.length === 0 ? 1 : this.size / Math.max(1, this.shape[0]) || 0; }

  /** The scalar value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item() needs one element, tensor has ${this.size}`);
    return this.data[0];
  }

  /** Get a row-major element by indices. */
  at(...idx: number[]): number {
    let o = 0;
    for (let d = 0; d < idx.length; d++) o += idx[d] * this.strides[d];
    return this.data[o];
  }

  static zeros(shape: readonly number[], dtype: DType = 'float32', requiresGrad = false): Tensor {
    return new Tensor(allocFloat(shape.reduce((a, b) => a * b, 1), dtype), shape, requiresGrad);
  }

  /** A tensor whose every element the caller writes before anything reads it: a recycled buffer is not cleared first. */
  static overwritten(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return new Tensor(allocFloat(shape.reduce((a, b) => a * b, 1), dtype, false), shape);
  }

  static from(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32', requiresGrad = false): Tensor {
    const t = Tensor.zeros(shape, dtype, requiresGrad);
    if (values.length !== t.size) throw new Error(`got ${values.length} values for shape [${shape}]`);
    for (let i = 0; i < t.size; i++) t.data[i] = values[i];
    return t;
  }

  /** Same values in the other precision (a fresh leaf). */
  to(dtype: DType): Tensor {
    return Tensor.from(this.data, this.shape, dtype, this.requiresGrad);
  }
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}
