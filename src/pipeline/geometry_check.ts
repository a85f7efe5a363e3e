import { firstUnplaced, nodeLocation, type NodeSet } from '../data/node_set';
import type { ModelConfig } from '../nn/model';
import { InputError } from '../util/errors';

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
