import type { NodeSet } from '../data/node_set';
import { classificationMetrics, groupMetrics, type CostMatrix } from '../train/metrics';
import type { NodeSplit } from '../train/split';
import type { SplitMetrics } from './run_result';

/**
 * A model's scores on each part of the split: held-out (with its per-group breakdown), training and
 * validation, each with the penalty score when a cost matrix is given. A part without a labelled
 * node has no scores (null), never zeros.
 */
export function splitScores(nodes: NodeSet, split: NodeSplit, pred: Int32Array, probs: ArrayLike<number>, cost: CostMatrix | null = null): SplitMetrics {
  const score = (rows: Int32Array) => classificationMetrics(nodes.labels, pred, probs, rows, nodes.classes, cost);
  return {
    test: split.test.length ? score(split.test) : null,
    perGroup: split.test.length ? groupMetrics(nodes.labels, pred, probs, split.test, nodes.classes, nodes.group, nodes.groupNames, cost) : null,
    train: score(split.train),
    validation: split.val.length ? score(split.val) : null,
  };
}
