/*
 * The default run (configs/default.json) repeated over training seeds: the GNN and each baseline,
 * held-out macro-F1, accuracy and recall per unit, mean ± sd over the seeds, and the seconds per
 * model. The survey, its split and the depth-only baseline are the same for every seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { runSeeds } from '../../src/pipeline/run';

interface Spread { mean: number; std: number }
interface SeedsFile { models: { model: string; baseline: boolean; test: { accuracy: Spread; macroF1: Spread; recall: ({ class: string } & Spread)[]; seconds: number } | null }[] }

export async function defaultSurveySeeds(seeds: number[], out: string, log: (s: string) => void): Promise<string> {
  const cfg = loadRunConfig(join(__dirname, '../../configs/default.json'), { overrides: { out } });
  const t0 = performance.now();
  const { dir } = await runSeeds(cfg, seeds, { log, quiet: true, report: false });
  const wall = (performance.now() - t0) / 1000 / seeds.length;
  return seedsTable(join(dir, 'seeds.json'), `Wall time per seed, training and writing every output but the report: ${wall.toFixed(1)} s.`);
}

/** The table of a seeds.json (written by \`run --seeds\`), with a verdict line and a note. */
export function seedsTable(file: string, note: string): string {
  const s = JSON.parse(readFileSync(file, 'utf8')) as SeedsFile & { seeds: number[] };
  const pm = (v: Spread) => `${v.mean.toFixed(3)} ± ${v.std.toFixed(3)}`;
  const classes = s.models[0].test!.recall.map((r) => r.class);
  const rows = [
    `| model | held-out macro-F1 | accuracy | ${classes.map((c) => `recall: ${c}`).join(' | ')} | s per model |`,
    `|---|---|---|${classes.map(() => '---|').join('')}---|`,
    ...s.models.map((m) => (m.test
      ? `| ${m.model}${m.baseline ? ' (baseline)' : ''} | ${pm(m.test.macroF1)} | ${pm(m.test.accuracy)} | ${m.test.recall.map((r) => r.mean.toFixed(2)).join(' | ')} | ${m.test.seconds.toFixed(1)} |`
      : `| ${m.model} | – | – | ${classes.map(() => '–').join(' | ')} | – |`)),
  ];
  const gnn = s.models[0].test!.macroF1.mean, best = Math.max(...s.models.slice(1).map((m) => m.test?.macroF1.mean ?? 0));
  return [
    ...rows, '',
    `Seeds ${s.seeds.join(', ')} (weights and dropout; the survey, its split and the depth-only baseline are the same for every seed). The GNN's mean held-out macro-F1 is ${gnn.toFixed(3)}, ${(gnn - best).toFixed(3)} above the best baseline (${best.toFixed(3)}). ${note}`,
  ].join('\n');
}
