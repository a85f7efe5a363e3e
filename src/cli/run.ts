import type { Argv } from 'yargs';
import { loadRunConfig } from '../data/config';
import { runExperiment } from '../train/experiment';
import { reportFor } from './report';

export const runCommand = {
  command: 'run [config]',
  describe: 'Run a one-shot experiment (the synthetic airborne-EM survey when no config is given)',
  builder: (y: Argv) => y
    .positional('config', { type: 'string', describe: 'Run config (JSON); default: configs/default.json if present, else built-in defaults' })
    .option('seed', { type: 'number', describe: 'Override the config seed' })
    .option('out', { type: 'string', describe: 'Output root folder (results go to <out>/<name>)' })
    .option('name', { type: 'string', describe: 'Run name' })
    .option('threads', { type: 'number', describe: 'Worker threads for the kernels' })
    .option('report', { type: 'boolean', default: true, describe: 'Write figures and report.html beside the outputs (--no-report to skip)' })
    .example('$0 run', 'default experiment on the built-in synthetic survey')
    .example('$0 run configs/older_tool_csv.json --seed 7', 'experiment on CSV files in the older tool\'s layout'),
  handler: async (argv: { config?: string; seed?: number; out?: string; name?: string; threads?: number; report?: boolean }) => {
    const { existsSync } = await import('node:fs');
    const file = argv.config ?? (existsSync('configs/default.json') ? 'configs/default.json' : null);
    const cfg = loadRunConfig(file, { seed: argv.seed, out: argv.out, name: argv.name, threads: argv.threads });
    const res = await runExperiment(cfg);
    if (argv.report !== false) {
      // the run's outputs stand on their own: a figure problem is reported, not fatal
      try {
        const r = await reportFor(res.outDir);
        console.log(`report: ${r.file} (${r.figures} figures, ${r.seconds.toFixed(1)} s)`);
      } catch (e) {
        console.error(`report not written: ${(e as Error).message} (outputs are in ${res.outDir})`);
        process.exitCode = 1;
      }
    }
  },
};
