import { Tensor } from '../tensor/tensor';
import { gradOf, record } from '../autograd/tape';
import { logSoftmax } from './softmax';

export interface LossOptions {
  /** Rows that count (e.g. the training nodes); all rows when absent. */
  mask?: Int32Array;
  /** Per-class weights; the loss is Σ w[y]·(−log p) / Σ w[y], as in PyTorch. */
  classWeights?: ArrayLike<number>;
}

/** Negative log-likelihood of log-probabilities [n, C] at integer labels. */
export function nllLoss(logp: Tensor, labels: Int32Array, opts: LossOptions = {}): Tensor {
  const [n, C] = logp.shape;
  const rows = opts.mask ?? Int32Array.from({ length: n }, (_, i) => i);
  const w = opts.classWeights;
  if (rows.length === 0) throw new Error('nllLoss: no rows to average over (empty mask)');
  let total = 0;
  let wsum = 0;
  for (const i of rows) {
    const y = labels[i];
    if (!(y >= 0 && y < C)) throw new Error(`nllLoss: label ${y} of row ${i} is outside 0..${C - 1}`);
    const wy = w ? w[y] : 1;
    total -= wy * logp.data[i * C + y];
    wsum += wy;
  }
  const out = Tensor.zeros([1], logp.dtype);
  out.data[0] = total / wsum;
  return record(out, [logp], (g) => {
    const gl = gradOf(logp);
    for (const i of rows) {
      const y = labels[i];
      gl[i * C + y] -= (g[0] * (w ? w[y] : 1)) / wsum;
    }
  });
}

/** Cross-entropy of raw scores: nll_loss(log_softmax(logits)). */
export function crossEntropy(logits: Tensor, labels: Int32Array, opts: LossOptions = {}): Tensor {
  return nllLoss(logSoftmax(logits), labels, opts);
}

/** L2 penalty ½·coef·Σ‖p‖², whose gradient coef·p is PyTorch's coupled weight decay. */
export function l2Penalty(params: Tensor[], coef: number): Tensor {
  const out = Tensor.zeros([1], params[0]?.dtype ?? 'float32');
  let s = 0;
  for (const p of params) for (let i = 0; i < p.size; i++) s += p.data[i] * p.data[i];
  out.data[0] = 0.5 * coef * s;
  return record(out, params, (g) => {
    for (const p of params) {
      if (!p.requiresGrad) continue;
      const gp = gradOf(p);
      for (let i = 0; i < p.size; i++) gp[i] += g[0] * coef * p.data[i];
    }
  });
}
