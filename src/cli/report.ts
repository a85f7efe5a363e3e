import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { writeRunReport } from '../report/run_report';
import { writeStudyReport } from '../report/study_report';
import { InputError } from '../util/errors';

/** Build (or rebuild) a run's or a study's figures and report.html from its output folder. */
export async function reportFor(dir: string, png = true): Promise<{ file: string; figures: number; seconds: number }> {
  const t0 = performance.now();
  let r;
  if (existsSync(join(dir, 'metrics.json'))) r = writeRunReport(dir, { png });
  else if (existsSync(join(dir, 'journal.jsonl'))) r = await writeStudyReport(dir, join(dir, 'journal.jsonl'), { png });
  else throw new InputError('neither a run (metrics.json) nor a study (journal.jsonl) output folder', { file: dir });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}

export const reportCommand = {
  command: 'report <dir>',
  describe: 'Rebuild the figures (SVG, PNG) and the self-contained report.html of a run or a study',
  builder: (y: Argv) => y
    .positional('dir', { type: 'string', demandOption: true, describe: 'out/<name>: a run or a study output folder' })
    .option('png', { type: 'boolean', default: true, describe: 'Also export each figure as PNG' })
    .example('$0 report out/default', 'the default run\'s report'),
  handler: async (argv: { dir: string; png: boolean }) => {
    const r = await reportFor(argv.dir, argv.png);
    console.log(`report: ${r.file} (${r.figures} figures, ${r.seconds.toFixed(1)} s)`);
  },
};
