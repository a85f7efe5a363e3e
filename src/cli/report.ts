import type { Argv } from 'yargs';
import { command } from './options';

export const reportCommand = command<{ dir: string; png: boolean }>({
  command: 'report <dir>',
  describe: 'Rebuild the figures (SVG, PNG) and the self-contained report.html of a run or a study',
  builder: (y: Argv) => y
    .positional('dir', { type: 'string', demandOption: true, describe: 'out/<name>: a run or a study output folder' })
    .option('png', { type: 'boolean', default: true, describe: 'Also export each figure as PNG' })
    .example('$0 report out/default', 'the default run\'s report'),
  handler: async (argv) => {
    const { reportFor } = await import('../pipeline/report');
    const r = await reportFor(argv.dir, argv.png);
    console.log(`report: ${r.file} (${r.figures} figures, ${r.seconds.toFixed(1)} s)`);
  },
});
