import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvLine } from '../data/csv';
import { writeFileAtomic } from '../util/atomic_write';
import type { DataConfig } from '../data/data_config';
import { loadData } from '../data/load';
import { buildGraph, graphReadsCoordinates } from '../graph/build';
import type { GraphConfig } from '../graph/graph_config';
import { formatStats, graphStats, type GraphStats } from '../graph/stats';

/**
 * Build a graph from node coordinates and write it in the older tool's edge format (,U,V[,weight],
 * node ids), with <name>.stats.json beside it. Only the coordinates (and for line-knn the named
 * columns) are read: labels, train flags and features are not needed.
 */
export async function writeGraphFile(out: string, data: DataConfig, graph: GraphConfig, seed: number, log: (s: string) => void = console.log): Promise<GraphStats> {
  const { nodes } = await loadData({ ...data, edges: undefined, features: [], featurePattern: null, logFeatures: [], coordFeatures: [] }, seed, { optionalRoles: true, coordinatesOnly: true, optionalCoords: !graphReadsCoordinates(graph) });
  const t0 = performance.now();
  const notes: string[] = [];
  const g = buildGraph(nodes, graph, notes);
  for (const note of notes) log(`graph: ${note}`);
  const seconds = (performance.now() - t0) / 1000;
  const stats = graphStats(g);
  const { u, v, w } = g.upperEdges();
  const lines = [csvLine(['', 'U', 'V', ...(g.weighted ? ['weight'] : [])])];
  for (let e = 0; e < u.length; e++) lines.push(csvLine([e, nodes.ids[u[e]], nodes.ids[v[e]], ...(g.weighted ? [w[e]] : [])]));
  const text = lines.join('\n') + '\n';
  const statsFile = join(dirname(out), `${basename(out).replace(/\.csv(\.gz)?$/, '')}.stats.json`);
  // the statistics first: if either file cannot be written, neither is left
  writeFileAtomic(statsFile, JSON.stringify({ method: graph.method, seconds, ...stats }, null, 2) + '\n');
  try {
    writeFileAtomic(out, out.endsWith('.gz') ? gzipSync(text) : text);
  } catch (e) {
    rmSync(statsFile, { force: true });
    throw e;
  }
  log(`${graph.method} graph in ${seconds.toFixed(2)} s: ${formatStats(stats)}`);
  log(`wrote ${out}`);
  return stats;
}
