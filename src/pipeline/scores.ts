import { firstUnplaced, nodeLocation, type NodeSet } from '../data/node_set';
import type { ModelConfig } from '../nn/model';
import { classificationMetrics, groupMetrics, type CostMatrix } from '../train/metrics';
import type { NodeSplit } from '../train/split';
import { InputError } from '../util/errors';
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

/**
 * Directional SAGE (model.directions) tells neighbours above from those below by the nodes'
 * positions: every node needs x, y and z. A node without them (allowed with an edge table) is an
 * InputError naming its file, row and coordinate column.
 */
export function requireGeometry(model: Pick<ModelConfig, 'type' | 'directions'>, nodes: NodeSet, coords: { x: string | null; y: string | null; z: string | null }): void {
  // other layer types ignore directions
  if (model.type !== 'sage' || model.directions === 'none') return;
  const bad = firstUnplaced(nodes);
  if (!bad) return;
  const { file, row } = nodeLocation(nodes, bad.node);
  throw new InputError(`model.directions '${model.directions}' tells neighbours above from those below by their coordinates, and this node has no ${bad.axis}: give every node coordinates, or set model.directions to 'none'`, { file, row, column: coords[bad.axis] ?? bad.axis });
}
