import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunReport } from '../report/run_report';
import { writeStudyReport } from '../report/study_report';
import { InputError } from '../util/errors';
import { runDataOf } from './report_view';
import { readRunOutput } from './run_reader';
import type { RunResult } from './run_result';

export interface ReportWritten { file: string; figures: number; seconds: number }

/** The figures and report.html of a run just computed, drawn from memory into its folder. */
export async function reportRun(dir: string, result: RunResult, png = true): Promise<ReportWritten> {
  const t0 = performance.now();
  const r = await writeRunReport(dir, runDataOf(result), { png });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Build (or rebuild) the figures and report.html of a run's, a prediction's or a study's output
 * folder; a study kept elsewhere (Redis, SQLite, another journal) is named by `storage`.
 */
export async function reportFor(dir: string, png = true, study: { storage?: string; study?: string } = {}): Promise<ReportWritten> {
  const t0 = performance.now();
  let r;
  if (study.storage) r = await writeStudyReport(dir, study.storage, { png, study: study.study });
  else if (existsSync(join(dir, 'predictions.csv'))) r = await writeRunReport(dir, await readRunOutput(dir), { png });
  else if (existsSync(join(dir, 'journal.jsonl'))) r = await writeStudyReport(dir, join(dir, 'journal.jsonl'), { png, study: study.study });
  else throw new InputError('neither a run or prediction (predictions.csv) nor a study (journal.jsonl) output folder; a study kept elsewhere needs --storage', { file: dir });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}
