import { Tensor } from '../tensor/tensor';
import { allocFloat, recycleFloat, type FloatArray } from '../util/float';

let gradEnabled = true;

/** Run fn without recording: for inference and evaluation. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Op outputs made under noGradRecycled, whose buffers go back to the pool when it returns. */
let made: Tensor[] | null = null;

/**
 * noGrad for a pass whose tensors the caller drops when fn returns (fit's per-epoch scoring): the
 * buffers of every op output made inside are recycled then, so the next epoch reuses them. fn must
 * return nothing that holds an op output or its data (plain numbers, metrics).
 */
export function noGradRecycled<T>(fn: () => T): T {
  const prev = made;
  made = [];
  try {
    return noGrad(fn);
  } finally {
    for (const t of made) recycleFloat(t.data);
    made = prev;
  }
}

/** Attach an op's backward to its output when any input needs a gradient. */
export function record(out: Tensor, parents: Tensor[], backwardFn: (grad: FloatArray) => void): Tensor {
  if (!gradEnabled) {
    // (an output sharing an input's buffer, were there a view op, is the input's: not recycled)
    if (made && !parents.some((p) => p.data.buffer === out.data.buffer)) made.push(out);
    return out;
  }
  for (const p of parents) {
    if (p.requiresGrad) {
      out.requiresGrad = true;
      out.parents = parents;
      out.backwardFn = backwardFn;
      break;
    }
  }
  return out;
}

/** The gradient buffer of t, allocated (zero) on first use; backward functions add into it. */
export function gradOf(t: Tensor): FloatArray {
  if (t.grad === null) t.grad = allocFloat(t.size, t.dtype);
  return t.grad;
}

/** Add g into t's gradient; the first contribution is a plain copy (memcpy instead of zero-fill and add). */
export function accumulateGrad(t: Tensor, g: FloatArray, scale = 1): void {
  if (g.length !== t.size) throw new Error(`gradient of ${g.length} values for a tensor of ${t.size}`);
  if (t.grad === null && scale === 1) {
    t.grad = allocFloat(t.size, t.dtype, false);
    t.grad.set(g);
    return;
  }
  const gt = gradOf(t);
  if (scale === 1) for (let i = 0; i < gt.length; i++) gt[i] += g[i];
  else for (let i = 0; i < gt.length; i++) gt[i] += scale * g[i];
}

/** backward's options. */
export interface BackwardOptions {
  /**
   * Also recycle the values of the intermediate tensors (op outputs) once the sweep is done: for a
   * caller that will not read them again (fit's training step). Leaves are never touched.
   */
  recycle?: boolean;
}

/**
 * Reverse-mode sweep from `root` (a scalar unless a seed gradient is given). The topological
 * order is built with an explicit stack, so deep graphs cannot overflow the call stack. After the
 * sweep the tape is released: intermediate tensors drop their parents, closures and grads, so
 * memory does not grow from one epoch to the next. Leaves keep their accumulated .grad.
 */
export function backward(root: Tensor, seed?: FloatArray, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) throw new Error('backward() on a tensor that does not require grad');
  if (!seed && root.size !== 1) throw new Error(`backward() needs a seed gradient for a tensor of ${root.size} elements`);
  const order = topologicalOrder(root);
  const g = gradOf(root);
  if (seed) for (let i = 0; i < g.length; i++) g[i] += seed[i];
  else g[0] += 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    if (t.backwardFn !== null && t.grad !== null) t.backwardFn(t.grad);
  }
  // buffers of the tape's inputs (parameters, constants): no op output shares one today, and should
  // a view op ever make one, it is not recycled
  let kept: Set<ArrayBufferLike> | null = null;
  if (opts.recycle) {
    kept = new Set();
    for (const t of order) if (t.backwardFn !== null) for (const p of t.parents) if (p.backwardFn === null) kept.add(p.data.buffer);
  }
  for (const t of order) {
    if (t.backwardFn !== null) {
      t.backwardFn = null;
      t.parents = [];
      // an intermediate's gradient is its own buffer (gradOf, accumulateGrad) and unreachable from here on
      if (t.grad !== null) recycleFloat(t.grad);
      t.grad = null;
      if (kept && !kept.has(t.data.buffer)) recycleFloat(t.data);
    }
  }
}

/** Post-order DFS (parents before children) over tensors that require grad. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  visited.add(root);
  while (stack.length > 0) {
    const t = stack[stack.length - 1];
    const k = next[next.length - 1];
    if (k < t.parents.length) {
      next[next.length - 1] = k + 1;
      const p = t.parents[k];
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push(p);
        next.push(0);
      }
    } else {
      order.push(t);
      stack.pop();
      next.pop();
    }
  }
  return order;
}
