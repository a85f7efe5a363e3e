import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../../src/tensor/tensor';
import { backward } from '../../src/autograd/tape';
import * as ops from '../../src/ops';
import { Adam, AdamW, Adamax, SGD, type Optimizer } from '../../src/optim';

/** Trajectories written by torch.optim in float64 (bench/peers/optim_reference.py): an independent implementation. */
const ref = JSON.parse(readFileSync(join(__dirname, '../../fixtures/optim_torch_reference.json'), 'utf8')) as {
  w0: number[]; target: number[]; steps: number; trajectories: Record<string, number[][]>;
};

function lossOf(w: Tensor): Tensor {
  const t = Tensor.from(ref.target, [ref.target.length], 'float64');
  const d = ops.sub(w, t);
  // Σ (w − t)² + Σ sin(3w), the loss torch minimised
  return ops.add(ops.sum(ops.mul(d, d)), sinSum(w));
}

/** Σ sin(3w) as a custom recorded op (the engine has no sin; this keeps the test loss identical to torch's). */
function sinSum(w: Tensor): Tensor {
  const out = Tensor.zeros([1], 'float64');
  let s = 0;
  for (let i = 0; i < w.size; i++) s += Math.sin(3 * w.data[i]);
  out.data[0] = s;
  out.requiresGrad = true;
  out.parents = [w];
  out.backwardFn = (g) => {
    if (!w.grad) w.grad = new Float64Array(w.size);
    for (let i = 0; i < w.size; i++) w.grad[i] += g[0] * 3 * Math.cos(3 * w.data[i]);
  };
  return out;
}

const makers: Record<string, (p: Tensor[]) => Optimizer> = {
  sgd: (p) => new SGD(p, { lr: 0.05, momentum: 0.9, weightDecay: 0.01 }),
  sgd_nesterov: (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }),
  adam: (p) => new Adam(p, { lr: 0.1, weightDecay: 0.01 }),
  adamw: (p) => new AdamW(p, { lr: 0.1, weightDecay: 0.05 }),
  adamax: (p) => new Adamax(p, { lr: 0.1, weightDecay: 0.01 }),
};

describe('optimisers follow torch.optim step for step', () => {
  for (const [name, make] of Object.entries(makers)) {
    it(name, () => {
      const w = Tensor.from(ref.w0, [ref.w0.length], 'float64', true);
      const opt = make([w]);
      for (let s = 0; s < ref.steps; s++) {
        opt.zeroGrad();
        backward(lossOf(w));
        opt.step();
        const want = ref.trajectories[name][s];
        for (let i = 0; i < want.length; i++) expect(w.data[i]).toBeCloseTo(want[i], 12);
      }
    });
  }
});
