import type { Argv } from 'yargs';
import { command, configSources, intOption, sectionOptions, seedsOption, setOption, stringOption } from './options';

interface RunArgs { config?: string; seed?: number; seeds?: number[]; out?: string; name?: string; threads?: number; report: boolean; quiet: boolean; set?: string[]; data?: string; graph?: string; model?: string; method?: string }

export const runCommand = command<RunArgs>({
  command: 'run [config]',
  describe: 'Run a one-shot experiment (the synthetic airborne-EM survey when no config is given)',
  builder: (y: Argv) => y
    .positional('config', { type: 'string', describe: 'Run config (JSON); default: configs/default.json in the working folder if present, else the one installed with geo-graphnet' })
    .option('seed', intOption('seed', 'Override the config seed (survey, split, weights)', 0))
    .option('seeds', seedsOption)
    .option('out', stringOption('out', 'Output root folder, relative to the working folder (results go to <out>/<name>); default: the config\'s out, relative to the config file'))
    .option('name', stringOption('name', 'Run name'))
    .option('threads', intOption('threads', 'Worker threads for the kernels', 1, 256))
    .option('set', setOption)
    .options(sectionOptions)
    .option('report', { type: 'boolean', default: true, describe: 'Write figures and report.html beside the outputs (--no-report to skip)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines (epochs with their rate and time left)' })
    .example('$0 run', 'default experiment on the built-in synthetic survey')
    .example('$0 run --model configs/model/gat.json --set method.lr=0.005', 'the default run with the GAT model section and another learning rate')
    .example('$0 run configs/older_tool_csv.json --seed 7', 'experiment on CSV files in the older tool\'s layout')
    .example('$0 run configs/planetoid/cora_gcn.json --seeds 0-9', 'Cora, GCN, ten training seeds: mean ± std'),
  handler: async (argv) => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { loadRunConfig } = await import('../config/load');
    const { runSeeds, runToFolder } = await import('../pipeline/run');
    // src/cli/ and dist/cli/ both sit two folders below the package's configs/
    const installed = join(__dirname, '..', '..', 'configs', 'default.json');
    const file = argv.config ?? ['configs/default.json', installed].find((f) => existsSync(f)) ?? null;
    // the copy installed with the package stands for the built-in defaults: it writes under the working folder, not into the package
    const out = argv.out ?? (argv.config === undefined && file === installed ? 'out' : undefined);
    const cfg = loadRunConfig(file, { ...configSources(argv), overrides: { seed: argv.seed, out, name: argv.name, threads: argv.threads } });
    const opts = { report: argv.report, quiet: argv.quiet };
    const runs = argv.seeds ? (await runSeeds(cfg, argv.seeds, opts)).runs : [await runToFolder(cfg, opts)];
    // the run's outputs stand on their own: a figure problem is reported, not fatal
    for (const r of runs) {
      if (r.report) console.log(`report: ${r.report.file} (${r.report.figures} figures, ${r.report.seconds.toFixed(1)} s)`);
      if (r.reportError) {
        console.error(`error: report not written: ${r.reportError.message} (outputs are in ${r.dir})`);
        process.exitCode = 1;
      }
    }
  },
});
