import { gzipSync } from 'node:zlib';
import { csvLine, type Table } from '../data/csv';
import type { SurveyConfig } from '../data/survey_config';
import { generateSurvey } from '../data/synthetic_survey';
import { writeFileAtomic } from '../util/atomic_write';

/** Columns an interpreter would not have for a new survey: the true units and which lines were labelled. */
const ANSWER_COLUMNS = new Set(['label', 'train']);

/** A table as CSV text (gzip-compressed when the file name ends in .gz). */
function tableBytes(t: Table, columns: string[], gzip: boolean): string | Uint8Array {
  const cols = columns.map((h) => t.columns.get(h)!);
  const lines = [csvLine(columns)];
  for (let r = 0; r < t.rows; r++) lines.push(csvLine(cols.map((c) => c[r])));
  const text = lines.join('\n') + '\n';
  return gzip ? gzipSync(text) : text;
}

/**
 * Write the seeded synthetic survey as a node table in the older tool's layout (the table `run`
 * generates internally), with or without its labels and train flags, so that it can be read back
 * with data.source 'csv' or given to `predict --nodes` as a new survey.
 */
export function writeSurveyFile(out: string, survey: SurveyConfig, seed: number, opts: { labels: boolean }): { rows: number; columns: string[] } {
  const t = generateSurvey(survey, seed);
  const columns = t.header.filter((h) => opts.labels || !ANSWER_COLUMNS.has(h));
  writeFileAtomic(out, tableBytes(t, columns, out.endsWith('.gz')));
  return { rows: t.rows, columns };
}
