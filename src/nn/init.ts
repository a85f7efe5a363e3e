import { Tensor } from '../tensor/tensor';
import type { DType } from '../util/float';
import type { Rng } from '../util/rng';

/** Glorot (Xavier) uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng, dtype: DType = 'float32', gain = 1): Tensor {
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  const t = Tensor.zeros(shape, dtype, true);
  for (let i = 0; i < t.size; i++) t.data[i] = (2 * rng.next() - 1) * a;
  return t;
}

/** Kaiming (He) uniform for ReLU layers: U(−b, b) with b = √(6 / fanIn). */
export function kaimingUniform(shape: number[], fanIn: number, rng: Rng, dtype: DType = 'float32'): Tensor {
  const b = Math.sqrt(6 / fanIn);
  const t = Tensor.zeros(shape, dtype, true);
  for (let i = 0; i < t.size; i++) t.data[i] = (2 * rng.next() - 1) * b;
  return t;
}

export function zerosParam(shape: number[], dtype: DType = 'float32'): Tensor {
  return Tensor.zeros(shape, dtype, true);
}
