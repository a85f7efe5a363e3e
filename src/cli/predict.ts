import type { Argv } from 'yargs';
import { command, intOption, numberOption, stringOption } from './options';

interface PredictArgs { model: string; nodes?: string; edges?: string; seed?: number; out: string; threads?: number; report: boolean; costMatrix?: string; tiles?: number; storage?: string; tileTimeout?: number; quiet: boolean }

export const predictCommand = command<PredictArgs>({
  command: 'predict',
  describe: 'Apply a saved model to a survey (the training data, a new survey, new wells)',
  builder: (y: Argv) => y
    .option('model', stringOption('model', 'model.json written by run', { demandOption: true }))
    .option('nodes', stringOption('nodes', 'Node table (the training columns; label and train columns optional); default: the training data'))
    .option('edges', stringOption('edges', 'Edge table; default: build the graph as in training'))
    .option('seed', intOption('seed', 'Seed of a synthetic survey when no node table is given (default: the run\'s, i.e. its own survey)', 0))
    .option('threads', intOption('threads', 'Worker threads for the kernels', 1, 256))
    .option('cost-matrix', stringOption('cost-matrix', 'Cost of each true → predicted class (CSV with class names as header and row labels, or a C × C float64 .npy in the class order) for a penalty score in metrics.json'))
    .option('out', stringOption('out', 'Folder for predictions.csv, products.csv, stations.geojson, nodes.vtu and report.html (and metrics.json where labels exist)', { demandOption: true }))
    .option('report', { type: 'boolean', default: true, describe: 'Write figures and report.html (--no-report to skip)' })
    .option('tiles', intOption('tiles', 'Predict in about this many spatial tiles, each with a halo of as many graph hops as the model has layers (the same values as one pass)', 1, 1_000_000))
    .option('storage', stringOption('storage', 'With --tiles: redis://[user:password@]host[:port][/db] shared by every worker of the job (run the same command on each machine, each worker with its own --out); a worker killed mid-tile loses nothing'))
    .option('tile-timeout', numberOption('tile-timeout', 'With --storage: seconds after which an unfinished tile is taken over by another worker (default 300; longer than the slowest tile takes)', true))
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines' })
    .example('$0 predict --model out/default/model.json --seed 7 --out out/predict', 'apply the default model to a new synthetic survey'),
  handler: async (argv) => {
    const { resolve } = await import('node:path');
    const { setThreads } = await import('../util/thread_pool');
    const { predictToFolder } = await import('../pipeline/predict');
    const { checkTileStorage } = await import('../pipeline/predict_tiles');
    const { InputError } = await import('../util/errors');
    if (argv.threads) setThreads(argv.threads);
    if ((argv.storage || argv.tileTimeout !== undefined) && argv.tiles === undefined) throw new InputError(`--${argv.storage ? 'storage' : 'tile-timeout'} shares out tiles: give --tiles too`);
    if (argv.tileTimeout !== undefined && !argv.storage) throw new InputError('--tile-timeout needs --storage: tiles are taken over only between workers');
    if (argv.storage) checkTileStorage(argv.storage);
    const out = resolve(argv.out);
    // XCLAIM counts whole milliseconds
    const claimAfterMs = argv.tileTimeout === undefined ? undefined : Math.max(1, Math.ceil(argv.tileTimeout * 1000));
    const tiles = argv.tiles === undefined ? undefined : { count: argv.tiles, storage: argv.storage, claimAfterMs, progress: !argv.quiet };
    const r = await predictToFolder({ model: argv.model, nodes: argv.nodes, edges: argv.edges, seed: argv.seed, costMatrix: argv.costMatrix, tiles }, out, (s) => console.log(s), { report: argv.report });
    const line = (what: string, m: NonNullable<typeof r.test>) => console.log(`${what} (${m.n}): macro-F1 ${m.macroF1.toFixed(4)}, accuracy ${m.accuracy.toFixed(4)}${m.penaltyScore !== undefined ? `, penalty score ${m.penaltyScore.toFixed(4)}` : ''}`);
    const training = r.scored === 'held-out rows of the training data';
    if (r.test) line(training ? 'held-out labelled nodes' : `${r.scored}`, r.test);
    else console.log(training ? 'no held-out metrics: no held-out node of the training data has a label' : 'no metrics: the new data has no labelled node the model did not read');
    if (r.validation) line('validation labelled nodes', r.validation);
    if (r.reportError) {
      console.error(`error: report not written: ${r.reportError.message} (outputs are in ${out})`);
      process.exitCode = 1;
    }
    console.log(`wrote ${out}`);
  },
});
