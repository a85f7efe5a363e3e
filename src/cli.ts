#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { graphCommand } from './cli/graph';
import { predictCommand } from './cli/predict';
import { reportCommand } from './cli/report';
import { runCommand } from './cli/run';
import { schemaCommand } from './cli/schema';
import { studyCommand } from './cli/study';
import { surveyCommand } from './cli/survey';
import { tuneCommand } from './cli/tune';
import { fsProblem } from './util/atomic_write';
import { InputError } from './util/errors';
import { shutdownThreads } from './util/thread_pool';

/*
 * geo-graphnet's command line. Each command module holds only its options; its handler loads the
 * pipeline when it runs, so --help answers without loading the engine. Input problems print one
 * line each ("error: …") and exit 2; bugs print a stack and exit 1.
 */
async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('geo-graphnet')
    .command(runCommand)
    .command(graphCommand)
    .command(predictCommand)
    .command(tuneCommand)
    .command(reportCommand)
    .command(surveyCommand)
    .command(schemaCommand)
    .command(studyCommand)
    .demandCommand(1, 'name a command: run, graph, predict, tune, report, survey, schema or study')
    .strict()
    .help()
    .version()
    .fail((msg, err) => {
      // usage problems and our option checks (which yargs rewraps as YError) are input errors
      // yargs writes some problems over several lines: each error is one line here
      if (!err || err instanceof InputError) throw err ?? new InputError(msg.replace(/\s*\n\s*/g, ' '));
      throw err.name === 'YError' ? new InputError(err.message.replace(/\s*\n\s*/g, ' ')) : err;
    })
    .parseAsync();
}

/** File-system failures a user can mend (a full disk, a permission, a missing file) are input problems too. */
const USER_FS_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EMFILE', 'ENFILE']);

main().then(shutdownThreads, (e: unknown) => {
  shutdownThreads();
  const err = e as NodeJS.ErrnoException;
  if (e instanceof InputError || (err?.code && USER_FS_CODES.has(err.code))) {
    const message = e instanceof InputError ? e.message : `${err.path ?? ''}${err.path ? ': ' : ''}${fsProblem(e)}`;
    for (const line of message.split('\n')) process.stderr.write(`error: ${line}\n`);
    process.exitCode = 2;
  } else {
    // a bug in geo-graphnet, not in the input: say so, with what a report needs
    process.stderr.write(`internal error (a bug in geo-graphnet, not in your input): ${err?.message ?? String(e)}\n`);
    process.stderr.write(`please report it with the command line and this trace:\n${err?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
});
