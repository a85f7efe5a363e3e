import type { Argv } from 'yargs';
import { command, configSources, intOption, numberOption, sectionOptions, setOption, stringOption } from './options';

interface GraphArgs {
  config?: string; nodes?: string; coords?: string; method?: string; k?: number; radius?: number; weight?: string; threads?: number; seed?: number; out: string;
  set?: string[]; data?: string; graph?: string;
}

export const graphCommand = command<GraphArgs>({
  command: 'graph',
  describe: "Build a graph from node coordinates and write its edges in the older tool's format (,U,V[,weight])",
  builder: (y: Argv) => y
    .option('config', stringOption('config', 'Run config whose data and graph sections to use'))
    .option('nodes', stringOption('nodes', 'Node table (overrides the config\'s data source); only coordinates are read'))
    .option('coords', stringOption('coords', 'Coordinate columns x,y[,z] (default: the config\'s, x,y,z)'))
    .option('method', { choices: ['knn', 'radius', 'lattice', 'line-knn', 'delaunay', 'union'] as const, describe: "Graph builder ('union': the builders of graph.recipes, from --graph FILE, --config or --set)" })
    .option('k', intOption('k', 'Neighbours (knn, line-knn)', 1, 4096))
    .option('radius', numberOption('radius', 'Radius (radius)', true))
    .option('weight', { choices: ['none', 'inverse', 'gaussian', 'minmax'] as const, describe: 'Edge weights' })
    .option('threads', intOption('threads', 'Worker threads for the neighbour search', 1, 256))
    .option('seed', intOption('seed', 'Seed of the synthetic survey when no node table is given', 0))
    .option('set', setOption)
    .options({ data: sectionOptions.data, graph: sectionOptions.graph })
    .option('out', stringOption('out', 'Edge CSV to write', { demandOption: true }))
    .example('$0 graph --method lattice --out edges.csv', 'lattice of the built-in survey')
    .example('$0 graph --nodes nodes.csv --coords X,Y,Z --method knn --k 8 --weight minmax --out edges.csv', 'kNN graph of a node table')
    .example('$0 graph --config configs/wells/force.json --out wells.csv.gz', 'the well-log recipe of a run config (depth neighbours in each well + nearest samples of other wells)'),
  handler: async (argv) => {
    const { resolve } = await import('node:path');
    const { loadRunConfig } = await import('../config/load');
    const { writeGraphFile } = await import('../pipeline/graph_file');
    const { setThreads } = await import('../util/thread_pool');
    const { InputError } = await import('../util/errors');
    const set = [...(argv.set ?? [])];
    if (argv.nodes) set.push('data.source=csv', `data.nodes=${JSON.stringify(resolve(argv.nodes))}`);
    if (argv.coords) {
      const c = argv.coords.split(',');
      if (c.length < 2 || c.length > 3 || c.some((s) => s === '')) throw new InputError(`--coords takes x,y or x,y,z column names, got '${argv.coords}'`);
      set.push(`data.coords=${JSON.stringify({ x: c[0], y: c[1], z: c[2] ?? null })}`);
    }
    for (const [flag, key] of [['method', 'method'], ['k', 'k'], ['radius', 'radius'], ['weight', 'weight']] as const) {
      if (argv[flag] !== undefined) set.push(`graph.${key}=${JSON.stringify(argv[flag])}`);
    }
    const cfg = loadRunConfig(argv.config ?? null, { ...configSources({ data: argv.data, graph: argv.graph, set }), overrides: { threads: argv.threads, seed: argv.seed } });
    setThreads(cfg.threads);
    await writeGraphFile(resolve(argv.out), cfg.data, cfg.graph, cfg.seed);
  },
});
