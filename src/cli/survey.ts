import type { Argv } from 'yargs';
import { command, configSources, intOption, sectionOptions, setOption, stringOption } from './options';

interface SurveyArgs { config?: string; seed?: number; labels: boolean; out: string; set?: string[]; data?: string }

export const surveyCommand = command<SurveyArgs>({
  command: 'survey',
  describe: 'Write the seeded synthetic airborne-EM survey to CSV (the table `run` generates), with or without its labels',
  builder: (y: Argv) => y
    .option('config', stringOption('config', 'Run config whose data.synthetic section to use (default: built-in defaults)'))
    .option('seed', intOption('seed', 'Survey seed (default: the config seed)', 0))
    .option('labels', { type: 'boolean', default: true, describe: 'Write the label and train columns (--no-labels for a survey to interpret)' })
    .option('set', setOption)
    .options({ data: sectionOptions.data })
    .option('out', stringOption('out', 'CSV file to write (.csv.gz compresses)', { demandOption: true }))
    .example('$0 survey --seed 7 --no-labels --out s7.csv', 'an unlabelled survey for predict --nodes s7.csv')
    .example('$0 survey --set data.synthetic.lines=20 --out big.csv.gz', 'a larger survey, compressed'),
  handler: async (argv) => {
    const { resolve } = await import('node:path');
    const { loadRunConfig } = await import('../config/load');
    const { writeSurveyFile } = await import('../pipeline/survey_file');
    const cfg = loadRunConfig(argv.config ?? null, { ...configSources({ data: argv.data, set: argv.set }), overrides: { seed: argv.seed } });
    const out = resolve(argv.out);
    const r = writeSurveyFile(out, cfg.data.synthetic, cfg.seed, { labels: argv.labels });
    console.log(`wrote ${out}: ${r.rows} nodes, columns ${r.columns.filter(Boolean).join(', ')}`);
  },
});
