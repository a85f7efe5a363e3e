import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/util/rng';
import { Tensor } from '../../src/tensor/tensor';
import { backward, noGrad, noGradRecycled } from '../../src/autograd/tape';
import { clearFloatPool, pooledFloatBytes } from '../../src/util/float';
import * as ops from '../../src/ops';

describe('autograd tape', () => {
  it('accumulates gradients when a value is used twice', () => {
    const x = Tensor.from([1, 2, 3], [3], 'float64', true);
    const y = ops.sum(ops.mul(x, x)); // Σ x², dy/dx = 2x
    backward(y);
    expect(Array.from(x.grad!)).toEqual([2, 4, 6]);
  });
  it('accumulates across two backward passes into a leaf', () => {
    const x = Tensor.from([1, -1], [2], 'float64', true);
    backward(ops.sum(ops.scale(x, 3)));
    backward(ops.sum(ops.scale(x, 3)));
    expect(Array.from(x.grad!)).toEqual([6, 6]);
  });
  it('records nothing under noGrad', () => {
    const x = Tensor.from([1, 2], [2], 'float64', true);
    const y = noGrad(() => ops.sum(ops.mul(x, x)));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toHaveLength(0);
    expect(() => backward(y)).toThrow(/does not require grad/);
  });
  it('releases the tape after backward', () => {
    const x = Tensor.from([1, 2], [1, 2], 'float64', true);
    const h = ops.tanh(x);
    const y = ops.sum(h);
    backward(y);
    expect(h.parents).toHaveLength(0);
    expect(h.backwardFn).toBeNull();
    expect(h.grad).toBeNull();
    expect(x.grad).not.toBeNull();
  });
  it('walks a chain of 100 000 ops without recursion', () => {
    const x = Tensor.from([0.5], [1], 'float64', true);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = ops.scale(y, 1);
    backward(y);
    expect(x.grad![0]).toBe(1);
  });
  it('needs a seed for a non-scalar root', () => {
    const x = Tensor.from([1, 2], [2], 'float64', true);
    expect(() => backward(ops.scale(x, 2))).toThrow(/seed gradient/);
  });
});

describe('buffer recycling (issue #19: memory in proportion to the data)', () => {
  const big = (requiresGrad: boolean, v: number) => Tensor.from(Array.from({ length: 64 * 64 }, (_, i) => v * Math.sin(i)), [64, 64], 'float32', requiresGrad);

  it('backward with recycle gives the intermediates back, zeroed when reused, and leaves leaves alone', () => {
    clearFloatPool();
    const w = big(true, 1), x = big(false, 0.5);
    const h = ops.relu(ops.matmul(x, w));
    const before = Float32Array.from(w.data);
    backward(ops.sum(h), undefined, { recycle: true });
    // the values and gradients of matmul's and relu's outputs, 64 × 64 float32 each
    expect(pooledFloatBytes()).toBe(4 * 64 * 64 * 4);
    expect(Array.from(w.data)).toEqual(Array.from(before));
    expect(w.grad!.some((g) => g !== 0)).toBe(true);
    const again = Tensor.zeros([64, 64]);
    expect(pooledFloatBytes()).toBe(3 * 64 * 64 * 4);
    expect(again.data.every((v) => v === 0)).toBe(true);
    expect(again.data.buffer).not.toBe(w.grad!.buffer);
    expect(again.data.buffer).not.toBe(w.data.buffer);
    expect(again.data.buffer).not.toBe(x.data.buffer);
    clearFloatPool();
    expect(pooledFloatBytes()).toBe(0);
  });

  it('plain backward recycles only the intermediate gradients, never values the caller may read', () => {
    clearFloatPool();
    const w = big(true, 1), x = big(false, 0.5);
    const h = ops.relu(ops.matmul(x, w));
    const values = Float32Array.from(h.data);
    backward(ops.sum(h));
    for (let k = 0; k < 3; k++) Tensor.zeros([64, 64]).data.fill(7); // takes every recycled buffer there is
    expect(Array.from(h.data)).toEqual(Array.from(values));
    clearFloatPool();
  });

  it('ops that write every element reuse recycled buffers unzeroed, and their values and gradients equal a fresh pass\'s', () => {
    const pass = () => {
      const w = big(true, 1), x = big(false, 0.5), b = Tensor.from(Array.from({ length: 64 }, (_, i) => i / 64 - 0.5), [64], 'float32', true);
      const h = ops.dropout(ops.leakyRelu(ops.add(ops.relu(ops.matmul(x, w)), b), 0.1), 0.5, makeRng(3), true);
      const out = Float32Array.from(h.data);
      backward(ops.sum(ops.mul(h, h)), undefined, { recycle: true });
      return { out, gw: Float32Array.from(w.grad!), gb: Float32Array.from(b.grad!) };
    };
    clearFloatPool();
    const fresh = pass();
    // every pooled buffer now holds stale values: the next pass must not read them
    expect(pooledFloatBytes()).toBeGreaterThan(0);
    const reused = pass();
    expect(Array.from(reused.out)).toEqual(Array.from(fresh.out));
    expect(Array.from(reused.gw)).toEqual(Array.from(fresh.gw));
    expect(Array.from(reused.gb)).toEqual(Array.from(fresh.gb));
    clearFloatPool();
  });

  it('noGradRecycled takes back the outputs of the pass and gives them out again', () => {
    clearFloatPool();
    const w = big(false, 1), x = big(false, 0.5);
    let kept: Tensor | null = null;
    const s = noGradRecycled(() => {
      kept = ops.relu(ops.matmul(x, w));
      return ops.sum(kept).item();
    });
    expect(Number.isFinite(s)).toBe(true);
    expect(pooledFloatBytes()).toBe(2 * 64 * 64 * 4);
    expect(Tensor.zeros([64, 64]).data.buffer).toBe(kept!.data.buffer);
    clearFloatPool();
  });
});
