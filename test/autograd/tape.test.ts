import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/tensor/tensor';
import { backward, noGrad } from '../../src/autograd/tape';
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
