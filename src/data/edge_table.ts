import { InputError } from '../util/errors';
import type { DataConfig } from './data_config';
import { numericColumn, requireColumn, type Table } from './csv';
import type { NodeSet } from './node_set';

/** Edges from a table of node ids (the older tool's U,V columns), mapped to node indices. */
export function readEdgeTable(t: Table, cfg: DataConfig, nodes: NodeSet, removed: ReadonlySet<string> = new Set(), idPrefix = ''): { src: Int32Array; dst: Int32Array; weight: Float64Array | null; dropped: number } {
  const { u, v, weight } = cfg.edgeColumns;
  const us = requireColumn(t, u, 'edge sources');
  const vs = requireColumn(t, v, 'edge targets');
  const w = weight === null ? null : numericColumn(t, weight, 'edge weights');
  const index = new Map<string, number>();
  nodes.ids.forEach((id, i) => index.set(id, i));
  // edges of nodes removed by the missing-value policy go too; any other unknown id is an error
  const src: number[] = [], dst: number[] = [], ws: number[] = [];
  let dropped = 0;
  for (let r = 0; r < t.rows; r++) {
    const a = index.get(idPrefix + us[r]);
    const b = index.get(idPrefix + vs[r]);
    if (a === undefined || b === undefined) {
      const [col, id] = a === undefined ? [u, us[r]] : [v, vs[r]];
      if (removed.has(idPrefix + id)) { dropped++; continue; }
      throw new InputError(`edge to node '${id}', which does not exist in the node table`, { file: t.file, row: r + 1, column: col });
    }
    src.push(a); dst.push(b);
    if (w) ws.push(w[r]);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: w ? Float64Array.from(ws) : null, dropped };
}
