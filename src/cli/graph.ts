import type { Argv } from 'yargs';
import { csvLine, writeFileAtomic } from '../data/atomic_write';
import { loadRunConfig } from '../data/config';
import { loadData } from '../data/load';
import { buildGraph } from '../graph/build';
import { formatStats, graphStats } from '../graph/stats';
import { basename, dirname, join } from 'node:path';

export const graphCommand = {
  command: 'graph',
  describe: "Build a graph from a node table and write its edges in the older tool's format (,U,V[,weight])",
  builder: (y: Argv) => y
    .option('config', { type: 'string', describe: 'Run config whose data and graph sections to use' })
    .option('nodes', { type: 'string', describe: 'Node table (overrides the config\'s data source)' })
    .option('method', { choices: ['knn', 'radius', 'lattice', 'line-knn', 'delaunay'] as const, describe: 'Graph builder' })
    .option('k', { type: 'number', describe: 'Neighbours (knn, line-knn)' })
    .option('radius', { type: 'number', describe: 'Radius (radius)' })
    .option('weight', { choices: ['none', 'inverse', 'gaussian', 'minmax'] as const, describe: 'Edge weights' })
    .option('out', { type: 'string', demandOption: true, describe: 'Edge CSV to write' })
    .example('$0 graph --method lattice --out edges.csv', 'lattice of the built-in survey')
    .example('$0 graph --nodes nodes.csv --method knn --k 8 --weight minmax --out edges.csv', 'kNN graph of a node table'),
  handler: async (argv: { config?: string; nodes?: string; method?: string; k?: number; radius?: number; weight?: string; out: string }) => {
    const cfg = loadRunConfig(argv.config ?? null);
    if (argv.nodes) Object.assign(cfg.data, { source: 'csv', nodes: argv.nodes, edges: undefined });
    if (argv.method) cfg.graph.method = argv.method as typeof cfg.graph.method;
    if (argv.k !== undefined) cfg.graph.k = argv.k;
    if (argv.radius !== undefined) cfg.graph.radius = argv.radius;
    if (argv.weight) cfg.graph.weight = argv.weight as typeof cfg.graph.weight;
    const { nodes } = await loadData(cfg.data, cfg.seed);
    const t0 = performance.now();
    const g = buildGraph(nodes, cfg.graph);
    const seconds = (performance.now() - t0) / 1000;
    const stats = graphStats(g);
    const { u, v, w } = g.upperEdges();
    const lines = [csvLine(['', 'U', 'V', ...(g.weighted ? ['weight'] : [])])];
    for (let e = 0; e < u.length; e++) lines.push(csvLine([e, nodes.ids[u[e]], nodes.ids[v[e]], ...(g.weighted ? [w[e]] : [])]));
    writeFileAtomic(argv.out, lines.join('\n') + '\n');
    writeFileAtomic(join(dirname(argv.out), `${basename(argv.out).replace(/\.csv(\.gz)?$/, '')}.stats.json`), JSON.stringify({ method: cfg.graph.method, seconds, ...stats }, null, 2) + '\n');
    console.log(`${cfg.graph.method} graph in ${seconds.toFixed(2)} s: ${formatStats(stats)}`);
    console.log(`wrote ${argv.out}`);
  },
};
