import { Tensor } from '../tensor/tensor';
import type { Rng } from '../util/rng';

/**
 * Training labels as input features ("label trick"): each node's features are followed by a
 * one-hot of its label where that label may be seen, zeros elsewhere. A graph layer then reads
 * the known classes of a node's neighbours, e.g. the lithology of the nearest samples in other
 * wells. Labels of validation and held-out nodes are never inputs.
 * The features are copied once; each call rewrites only the label columns and returns a fresh
 * tensor over the same buffer, so the tensor of the previous call must no longer be used.
 */
export class LabelColumns {
  private readonly data: Float32Array | Float64Array;
  private readonly F: number;

  constructor(x: Tensor, private readonly labels: Int32Array, private readonly numClasses: number) {
    const [n, F] = x.shape;
    this.F = F;
    this.data = Tensor.zeros([n, F + numClasses], x.dtype).data;
    for (let i = 0; i < n; i++) this.data.set(x.data.subarray(i * F, i * F + F), i * (F + numClasses));
  }

  with(visible: ArrayLike<number>): Tensor {
    const { data, F, numClasses: C, labels } = this;
    const W = F + C, n = data.length / W;
    for (let i = 0; i < n; i++) data.fill(0, i * W + F, i * W + W);
    for (let j = 0; j < visible.length; j++) data[visible[j] * W + F + labels[visible[j]]] = 1;
    return new Tensor(data, [n, W]);
  }
}

/** x with the one-hot labels of the `visible` nodes beside it (a new buffer). */
export function withLabelColumns(x: Tensor, labels: Int32Array, visible: ArrayLike<number>, numClasses: number): Tensor {
  return new LabelColumns(x, labels, numClasses).with(visible);
}

/**
 * One epoch's split of the training nodes: the groups (lines, wells) whose labels are hidden and
 * learnt, and the rest, whose labels are inputs. Whole groups are hidden, because a held-out line
 * or well has no labelled node of its own: a node-wise mask would teach the model to copy the
 * label of its neighbour on the same line, which it never has at prediction time.
 */
export function hideGroups(train: Int32Array, group: Int32Array, rate: number, rng: Rng): { visible: Int32Array; hidden: Int32Array } {
  const groups = [...new Set(Array.from(train, (i) => group[i]))].sort((a, b) => a - b);
  const hide = new Set(groups.filter(() => rng.next() < rate));
  // at least one group learns and, when there are two or more, at least one stays visible
  if (hide.size === 0) hide.add(groups[Math.floor(rng.next() * groups.length)]);
  if (hide.size === groups.length && groups.length > 1) hide.delete(groups[Math.floor(rng.next() * groups.length)]);
  return {
    visible: train.filter((i) => !hide.has(group[i])),
    hidden: train.filter((i) => hide.has(group[i])),
  };
}
