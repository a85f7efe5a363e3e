import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import { fanovaImportances } from '../study/fanova';
import { JournalStorage } from '../study/journal';
import { openStudyBackend, printableStorage, storageKind } from '../study/storage';
import { TrialState, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { escapeHtml } from '../util/escape';
import { page } from './page';
import type { Figure } from './run_figures';
import { writeFigures } from './run_report';
import { bestTrial, edfFigure, historyFigure, importanceFigure, intermediateFigure } from './study_figures';
import { contourFigure, paramNames, parallelFigure, sliceFigures } from './study_param_figures';
import { STUDY_PAGE_SCRIPT } from './study_page_script';
import { bestTrialTable, trialsTable } from './study_table';

/** A study as read from its storage. */
export interface StudySnapshot { name: string; maximize: boolean; trials: FrozenTrial[] }

/** Parameters offered for contours: the most important ones (by name when importances are unknown). */
const CONTOUR_PARAMS = 4;

/**
 * Read a study from its storage: a journal file, a Redis journal, or an Optuna database on SQLite
 * (sqlite:///path.db); the study named `study`, else the storage's first.
 */
export async function readStudy(storageUrl: string, study?: string): Promise<StudySnapshot> {
  const backend = await openStudyBackend(storageUrl);
  let storage: JournalStorage;
  try {
    storage = await JournalStorage.open(backend, 'report');
  } finally {
    await backend.close();
  }
  const names = storage.studyNames();
  const name = study ?? names[0];
  const id = name === undefined ? null : storage.findStudy(name);
  if (id === null) throw new InputError(names.length ? `no study named '${name}' (there are: ${names.join(', ')})` : 'the storage holds no study', { file: storageUrl });
  return { name, maximize: storage.study(id).directions[0] === 2, trials: storage.allTrials(id) };
}

/** Whether the study has a complete trial to plot. */
export const hasCompleteTrial = (s: StudySnapshot) => s.trials.some((t) => t.state === TrialState.COMPLETE && t.values !== null && Number.isFinite(t.values[0]));

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
  const importances = fanovaImportances(trials);
  const byImportance = importances ? importances.ranked.filter((r) => r.importance > 0).map((r) => r.name) : [];
  const contourParams = [...byImportance, ...paramNames(trials).filter((p) => !byImportance.includes(p))].slice(0, CONTOUR_PARAMS);
  const pairs = contourParams.flatMap((a, i) => contourParams.slice(i + 1).map((b) => [a, b] as const));
  const contours = pairs.map(([a, b], k) => contourFigure(trials, a, b, maximize, k + 1));
  const history = historyFigure(trials, maximize), slices = sliceFigures(trials), parallel = parallelFigure(trials, maximize), edf = edfFigure(trials);
  const intermediate = trials.some((t) => t.intermediate.size) ? intermediateFigure(trials) : null;
  const importance = importances ? importanceFigure(importances) : null;
  const figures = [history, ...(importance ? [importance] : []), ...slices, parallel, ...contours, edf, ...(intermediate ? [intermediate] : [])];
  // a study kept elsewhere gets its report folder now that there is something to write
  mkdirSync(dir, { recursive: true });
  await writeFigures(dir, figures, opts.png ?? true);

  const count = (s: number) => trials.filter((t) => t.state === s).length;
  const live = opts.reloadSeconds ? `<p id="live" data-reload="${opts.reloadSeconds}">Live: written ${escapeHtml(new Date().toISOString().slice(0, 19).replace('T', ' '))} UTC; this page reloads every ${opts.reloadSeconds} s while the study is watched (${count(TrialState.RUNNING)} trials running).</p>` : '';
  const intro = `<p>Study <b>${escapeHtml(name)}</b> (${maximize ? 'maximise' : 'minimise'}): ${trials.length} trials — ${count(TrialState.COMPLETE)} complete, ${count(TrialState.PRUNED)} pruned, ${count(TrialState.FAIL)} failed${count(TrialState.RUNNING) ? `, ${count(TrialState.RUNNING)} running` : ''}. Storage: <code>${escapeHtml(printableStorage(storageUrl))}</code> (${storageKind(storageUrl)}).</p>${live}`;
  const section = (id: string, title: string, body: string) => `<section id="sec-${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
  const fig = (f: Figure) => section(f.id, f.title, `<div class="fig">${f.svg}</div>`);
  const contourSection = contours.length
    ? section('study-contour', 'Contour', `<label>pair <select id="contour-pair">${pairs.map(([a, b], k) => `<option value="${k + 1}">${escapeHtml(a)} × ${escapeHtml(b)}</option>`).join('')}</select></label>${contours.map((f, k) => `<div class="contour fig" data-pair="${k + 1}"${k ? ' hidden' : ''}>${f.svg}</div>`).join('')}`)
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
