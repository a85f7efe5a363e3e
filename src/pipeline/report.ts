import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunReport } from '../report/run_report';
import { writeStudyReport } from '../report/study_report';
import { InputError } from '../util/errors';
import { readRunOutput, runDataOf } from './run_output';
import type { RunResult } from './run_result';

export interface ReportWritten { file: string; figures: number; seconds: number }

/** The figures and report.html of a run just computed, drawn from memory into its folder. */
export function reportRun(dir: string, result: RunResult, png = true): ReportWritten {
  const t0 = performance.now();
  const r = writeRunReport(dir, runDataOf(result), { png });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}

/** Build (or rebuild) a run's or a study's figures and report.html from its output folder. */
export async function reportFor(dir: string, png = true): Promise<ReportWritten> {
  const t0 = performance.now();
  let r;
  if (existsSync(join(dir, 'metrics.json'))) r = writeRunReport(dir, await readRunOutput(dir), { png });
  else if (existsSync(join(dir, 'journal.jsonl'))) r = await writeStudyReport(dir, join(dir, 'journal.jsonl'), { png });
  else throw new InputError('neither a run (metrics.json) nor a study (journal.jsonl) output folder', { file: dir });
  return { file: r.file, figures: r.figures.length, seconds: (performance.now() - t0) / 1000 };
}
