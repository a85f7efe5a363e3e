import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { printableStorage } from '../study/storage';
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
 * The storage of the study whose report goes into dir: `storage` when given, else dir's own
 * journal. A run's folder, or a study folder with a journal of its own, is refused for a study
 * kept elsewhere: its report would overwrite theirs.
 */
export function studyStorageFor(dir: string, storage?: string): string {
  const journal = join(dir, 'journal.jsonl');
  if (existsSync(join(dir, 'predictions.csv'))) throw new InputError(`holds a run (predictions.csv): a study's report goes into a folder of its own`, { file: dir });
  if (storage === undefined) return journal;
  if (existsSync(journal) && resolve(journal) !== resolve(storage)) throw new InputError(`holds a study of its own (journal.jsonl): the report of ${printableStorage(storage)} goes into another folder`, { file: dir });
  return storage;
}

/**
 * Build (or rebuild) the figures and report.html of a run's, a prediction's or a study's output
 * folder; a study kept elsewhere (Redis, SQLite, another journal) is named by `storage`.
 */
export async function reportFor(dir: string, png = true, study: { storage?: string; study?: string } = {}): Promise<ReportWritten> {
  const t0 = performance.now();
  let r;
  if (study.storage) r = await writeStudyReport(dir, studyStorageFor(dir, study.storage), { png, study: study.study });
  else if (existsSync(join(dir, 'predictions.csv'))) r = await writeRunReport(dir, await readRunOutput(dir), { png });
  else if (existsSync(join(dir, 'journal.jsonl'))) r = await writeStudyReport(dir, join(dir, 'journal.jsonl'), { png, study: study.study });
  else throw new InputError('neither a run or prediction (predictions.csv) nor a study (journal.jsonl) output folder; a study kept elsewhere needs --storage', { file: dir });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}
