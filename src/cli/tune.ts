import type { Argv } from 'yargs';
import { tune } from '../train/tune';
import { writeStudyReport } from '../report/study_report';

export const tuneCommand = {
  command: 'tune',
  describe: 'Run a reproducible hyperparameter study (TPE, pruning) into an Optuna-readable journal',
  builder: (y: Argv) => y
    .option('config', { type: 'string', default: 'configs/study.json', describe: 'Study config' })
    .option('trials', { type: 'number', describe: 'Finished trials to reach (overrides the config)' })
    .option('timeout', { type: 'number', describe: 'Seconds after which no new trial starts' })
    .option('seed', { type: 'number', describe: 'Sampler seed (overrides the config)' })
    .option('storage', { type: 'string', describe: 'Journal file (default <out>/<study>/journal.jsonl) or redis://host:port/db (Optuna\'s JournalRedisBackend layout)' })
    .option('out', { type: 'string', describe: 'Output root' })
    .option('workers', { type: 'number', default: 1, describe: 'Processes sharing the journal; the study is the same for a given seed and worker count' })
    .option('report', { type: 'boolean', default: true, describe: 'Write the study figures and report.html (file journals)' })
    .option('helper', { type: 'boolean', default: false, hidden: true, describe: 'internal: a helper process of --workers' })
    .example('$0 tune --config configs/study.json --trials 20', 'search model type, width, learning rate and features')
    .example('$0 tune --config configs/study.json', 'run again to resume: finished trials are kept')
    .example('$0 tune --config configs/study.json --workers 2', 'two processes, same result for the same seed')
    .example('$0 tune --config configs/study.json --storage redis://127.0.0.1:6379/0', 'a journal in Redis, shared by machines'),
  handler: async (argv: { config: string; trials?: number; timeout?: number; seed?: number; storage?: string; out?: string; workers: number; helper: boolean; report: boolean }) => {
    const res = await tune(argv.config, argv);
    if (argv.report && !argv.helper && res.journal) {
      try {
        console.log(`report: ${(await writeStudyReport(res.outDir, res.journal)).file}`);
      } catch (e) {
        console.log(`no report: ${(e as Error).message}`);
      }
    }
  },
};
