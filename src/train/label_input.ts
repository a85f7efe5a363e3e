import { Tensor } from '../tensor/tensor';
import type { Rng } from '../util/rng';

/**
 * Training labels as input features ("label trick"): each node's features are followed by a
 * one-hot of its label where that label may be seen, zeros elsewhere. A graph layer then reads
 * the known classes of a node's neighbours, e.g. the lithology of the nearest samples in other
 * wells. Labels of validation and held-out nodes are never inputs.
 */
export function withLabelColumns(x: Tensor, labels: Int32Array, visible: ArrayLike<number>, numClasses: number): Tensor {
  const [n, F] = x.shape;
  const W = F + numClasses;
  const out = Tensor.zeros([n, W], x.dtype);
  for (let i = 0; i < n; i++) out.data.set(x.data.subarray(i * F, i * F + F), i * W);
  for (let j = 0; j < visible.length; j++) out.data[visible[j] * W + F + labels[visible[j]]] = 1;
  return out;
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
