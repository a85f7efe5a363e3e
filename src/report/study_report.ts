import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import { fanovaImportances, type Importances } from '../study/fanova';
import { completeTrials, readStudy, type StudySnapshot } from '../study/read_study';
import { printableStorage, storageKind } from '../study/storage';
import { TrialState, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { escapeHtml } from '../util/escape';
import { page } from './page';
import type { Figure } from './run_figures';
import { writeFigures } from './run_report';
import { bestTrial, edfFigure, historyFigure, importanceFigure, intermediateFigure } from './study_figures';
import { contourFigure, paramNames, parallelFigure, sharedTrials, sliceFigures } from './study_param_figures';
import { STUDY_PAGE_SCRIPT } from './study_page_script';
import { bestTrialTable, trialsTable } from './study_table';

/** Parameters offered for contours: the most important ones (by name when importances are unknown). */
const CONTOUR_PARAMS = 4;

/**
 * Importances, kept while the complete trials stay the same: a watched study's page is rewritten
 * as intermediate values arrive, and the forest need not be grown again for those.
 */
let lastImportances: { key: string; value: Importances | null } | null = null;
function importancesOf(trials: FrozenTrial[]): Importances | null {
  const key = JSON.stringify(trials.filter((t) => t.state === TrialState.COMPLETE).map((t) => [t.number, t.values, t.params, t.distributions]));
  if (lastImportances?.key !== key) lastImportances = { key, value: fanovaImportances(trials) };
  return lastImportances.value;
}

/** Whether the study has a complete trial to plot. */
export const hasCompleteTrial = (s: StudySnapshot) => completeTrials(s.trials).length > 0;

export interface StudyReportOptions {
  png?: boolean;
  study?: string;
  /** While a study is watched: the page reloads itself every this many seconds. */
  reloadSeconds?: number;
}

/**
 * The study's figures and report.html in dir, from its storage (see readStudy): history, the best
 * trial, importances, slices, parallel coordinates, contours, the distribution of values,
 * intermediate values and a sortable table of every trial.
 */
export async function writeStudyReport(dir: string, storageUrl = join(dir, 'journal.jsonl'), opts: StudyReportOptions = {}): Promise<{ file: string; figures: Figure[] }> {
  return writeStudySnapshot(dir, storageUrl, await readStudy(storageUrl, opts.study), opts);
}

/** The report of a study already read. */
export async function writeStudySnapshot(dir: string, storageUrl: string, snap: StudySnapshot, opts: StudyReportOptions = {}): Promise<{ file: string; figures: Figure[] }> {
  const { name, maximize, trials } = snap;
  if (!hasCompleteTrial(snap)) throw new InputError('the study has no complete trial to plot', { file: storageUrl });
  const importances = importancesOf(trials);
  const byImportance = importances ? importances.ranked.filter((r) => r.importance > 0).map((r) => r.name) : [];
  const contourParams = [...byImportance, ...paramNames(trials).filter((p) => !byImportance.includes(p))].slice(0, CONTOUR_PARAMS);
  const pairs = contourParams.flatMap((a, i) => contourParams.slice(i + 1).map((b) => [a, b] as const)).filter(([a, b]) => sharedTrials(trials, a, b) >= 2);
  const contours = pairs.map(([a, b], k) => contourFigure(trials, a, b, maximize, k + 1));
  const history = historyFigure(trials, maximize), slices = sliceFigures(trials), parallel = parallelFigure(trials, maximize), edf = edfFigure(trials);
  const intermediate = intermediateFigure(trials);
  const importance = importances ? importanceFigure(importances) : null;
  const figures = [history, ...(importance ? [importance] : []), ...slices, parallel, ...contours, edf, ...(intermediate ? [intermediate] : [])];
  // a study kept elsewhere gets its report folder now that there is something to write (and loses it again if the writing fails)
  const made = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  try {
    await writeFigures(dir, figures, opts.png ?? true);
  } catch (e) {
    if (made) rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const count = (s: number) => trials.filter((t) => t.state === s).length;
  const live = opts.reloadSeconds ? `<p id="live" data-reload="${opts.reloadSeconds}">Live: written ${escapeHtml(new Date().toISOString().slice(0, 19).replace('T', ' '))} UTC; this page reloads every ${opts.reloadSeconds} s while the study is watched (${count(TrialState.RUNNING)} trials running).</p>` : '';
  const intro = `<p>Study <b>${escapeHtml(name)}</b> (${maximize ? 'maximise' : 'minimise'}): ${trials.length} trials — ${count(TrialState.COMPLETE)} complete, ${count(TrialState.PRUNED)} pruned, ${count(TrialState.FAIL)} failed${count(TrialState.RUNNING) ? `, ${count(TrialState.RUNNING)} running` : ''}. Storage: <code>${escapeHtml(printableStorage(storageUrl))}</code> (${storageKind(storageUrl)}).</p>${live}`;
  const section = (id: string, title: string, body: string) => `<section id="sec-${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
  const fig = (f: Figure) => section(f.id, f.title, `<div class="fig">${f.svg}</div>`);
  const contourSection = contours.length
    ? section('study-contour', 'Contour', `<label>pair <select id="contour-pair">${pairs.map(([a, b], k) => `<option value="${k + 1}" data-key="${escapeHtml(JSON.stringify([a, b]))}">${escapeHtml(a)} × ${escapeHtml(b)}</option>`).join('')}</select></label>${contours.map((f, k) => `<div class="contour fig" data-pair="${k + 1}"${k ? ' hidden' : ''}>${f.svg}</div>`).join('')}`)
    : '';
  const sections = [
    section('best', 'Best trial', bestTrialTable(bestTrial(trials, maximize)!)),
    fig(history),
    ...(importance ? [fig(importance)] : []),
    ...slices.map(fig),
    fig(parallel),
    contourSection,
    fig(edf),
    ...(intermediate ? [fig(intermediate)] : []),
    section('trials', 'Trials', trialsTable(trials, [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort())),
    `<script>${STUDY_PAGE_SCRIPT}</script>`,
  ];
  const file = join(dir, 'report.html');
  writeFileAtomic(file, page(`geo-graphnet study: ${name}`, intro, sections));
  return { file, figures };
}
