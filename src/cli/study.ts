import type { Argv } from 'yargs';
import { command, stringOption } from './options';

interface ImportArgs { from: string; to: string; study?: string }

const importCommand = command<ImportArgs>({
  command: 'import <from> <to>',
  describe: "Convert an Optuna study database on SQLite (the older tool's out/<name>/<name>.db) into a journal file",
  builder: (y: Argv) => y
    .positional('from', { type: 'string', demandOption: true, describe: 'sqlite:///path/study.db (relative to the working folder; sqlite:////abs/path.db is absolute)' })
    .positional('to', { type: 'string', demandOption: true, describe: 'The journal file to write (must be new)' })
    .option('study', stringOption('study', 'Only the study of this name (default: every study in the database)'))
    .example('$0 study import sqlite:///out/demo/demo.db out/demo/journal.jsonl', 'the study as a journal that tune continues and `report` draws'),
  handler: async (argv) => {
    const { importStudy } = await import('../study/import');
    const r = await importStudy(argv.from, argv.to, argv.study);
    console.log(`wrote ${argv.to}: ${r.studies.length} stud${r.studies.length === 1 ? 'y' : 'ies'} (${r.studies.join(', ')}), ${r.trials} trials`);
  },
});

/** `study <subcommand>`: what is done to a study's storage besides running it (tune). */
export const studyCommand = command<object>({
  command: 'study',
  describe: 'Work on a study\'s storage: import an Optuna SQLite database as a journal',
  builder: (y: Argv) => y.command(importCommand).demandCommand(1, 'name a study command: import'),
  handler: async () => {},
});
