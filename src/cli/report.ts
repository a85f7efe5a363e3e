import type { Argv } from 'yargs';
import { command, numberOption, stringOption } from './options';

interface ReportArgs { dir: string; png: boolean; storage?: string; study?: string; watch: boolean; interval: number; idle: number }

export const reportCommand = command<ReportArgs>({
  command: 'report <dir>',
  describe: 'Rebuild the figures (SVG, PNG) and the self-contained report.html of a run or a study; --watch follows a running study',
  builder: (y: Argv) => y
    .positional('dir', { type: 'string', demandOption: true, describe: 'out/<name>: a run or a study output folder (created for --storage)' })
    .option('png', { type: 'boolean', default: true, describe: 'Also export each figure as PNG' })
    .option('storage', stringOption('storage', 'The study\'s storage when it is not <dir>/journal.jsonl: a journal file, redis://… or sqlite:///path.db'))
    .option('study', stringOption('study', 'Which study of the storage (default: its first)'))
    .option('watch', { type: 'boolean', default: false, describe: 'Rewrite the study\'s page as trials finish; the page reloads itself meanwhile. Ends when no trial has run for --idle seconds, or on Ctrl-C' })
    .option('interval', numberOption('interval', 'Seconds between reads of the storage, and between reloads of the page, with --watch', true, { default: 10 }))
    .option('idle', numberOption('idle', 'With --watch: stop after this many seconds with no trial running and nothing new', true, { default: 60 }))
    .example('$0 report out/default', 'the default run\'s report')
    .example('$0 report out/study --watch', 'follow a study while `tune` runs in another terminal')
    .example('$0 report out/older --storage sqlite:///older.db', 'the report of a study python Optuna keeps in SQLite'),
  handler: async (argv) => {
    const { reportFor, studyStorageFor } = await import('../pipeline/report');
    if (!argv.watch) {
      const r = await reportFor(argv.dir, argv.png, { storage: argv.storage, study: argv.study });
      console.log(`report: ${r.file} (${r.figures} figures, ${r.seconds.toFixed(1)} s)`);
      return;
    }
    const { watchStudyReport } = await import('../pipeline/study_watch');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    await watchStudyReport(argv.dir, { storage: studyStorageFor(argv.dir, argv.storage), study: argv.study, intervalSeconds: argv.interval, idleSeconds: argv.idle, png: argv.png, signal: stop.signal });
  },
});
