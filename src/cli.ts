#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { graphCommand } from './cli/graph';
import { predictCommand } from './cli/predict';
import { reportCommand } from './cli/report';
import { runCommand } from './cli/run';
import { schemaCommand } from './cli/schema';
import { tuneCommand } from './cli/tune';
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
    .command(schemaCommand)
    .demandCommand(1, 'name a command: run, graph, predict, tune, report or schema')
    .strict()
    .help()
    .version()
    .fail((msg, err) => {
      // usage problems and our option checks (which yargs rewraps as YError) are input errors
      if (!err || err instanceof InputError) throw err ?? new InputError(msg);
      throw err.name === 'YError' ? new InputError(err.message) : err;
    })
    .parseAsync();
}

main().then(shutdownThreads, (e: unknown) => {
  shutdownThreads();
  if (e instanceof InputError) {
    for (const line of e.message.split('\n')) process.stderr.write(`error: ${line}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
});
