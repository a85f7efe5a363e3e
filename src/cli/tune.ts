import type { Argv } from 'yargs';
import { command, configSources, intOption, numberOption, sectionOptions, setOption, stringOption } from './options';

interface TuneArgs {
  config: string; trials?: number; timeout?: number; seed?: number; storage?: string; out?: string; workers: number; helper: boolean; report: boolean;
  set?: string[]; data?: string; graph?: string; model?: string; method?: string;
}

export const tuneCommand = command<TuneArgs>({
  command: 'tune',
  describe: 'Run a reproducible hyperparameter study (TPE, pruning) into an Optuna-readable journal',
  builder: (y: Argv) => y
    .option('config', stringOption('config', 'Study config', { default: 'configs/study.json' }))
    .option('trials', intOption('trials', 'Finished trials to reach (overrides the config)', 1))
    .option('timeout', numberOption('timeout', 'Seconds after which no new trial starts', true))
    .option('seed', intOption('seed', 'Sampler seed (overrides the config)', 0))
    .option('storage', stringOption('storage', 'Journal file (default <out>/<study>/journal.jsonl), redis://[user:password@]host:port/db (rediss:// for TLS; Optuna\'s JournalRedisBackend layout), or sqlite:///path/study.db (Optuna\'s RDB storage: a database python Optuna wrote, continued; one worker)'))
    .option('out', stringOption('out', 'Output root'))
    .option('workers', intOption('workers', 'Processes sharing the journal; the study is the same for a given seed and worker count', 1, 64, { default: 1 }))
    .option('set', setOption)
    .options(sectionOptions)
    .option('report', { type: 'boolean', default: true, describe: 'Write the study figures and report.html (file journals)' })
    .option('helper', { type: 'boolean', default: false, hidden: true, describe: 'internal: a helper process of --workers' })
    .example('$0 tune --config configs/study.json --trials 20', 'search model type, width, learning rate and features')
    .example('$0 tune --config configs/study.json', 'run again to resume: finished trials are kept')
    .example('$0 tune --config configs/study.json --workers 2', 'two processes, same result for the same seed')
    .example('$0 tune --config configs/study.json --storage redis://:secret@127.0.0.1:6379/0', 'a journal in a password-protected Redis, shared by machines'),
  handler: async (argv) => {
    const { tune } = await import('../pipeline/tune');
    const { writeStudyReport } = await import('../report/study_report');
    const res = await tune(argv.config, { ...argv, sources: configSources(argv) });
    if (argv.report && !argv.helper && res.journal) {
      try {
        console.log(`report: ${(await writeStudyReport(res.outDir, res.journal, { study: res.study.cfg.name })).file}`);
      } catch (e) {
        console.log(`no report: ${(e as Error).message}`);
      }
    }
  },
});
