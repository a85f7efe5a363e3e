import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import { JournalStorage } from '../study/journal';
import { openStudyBackend, printableStorage, storageKind } from '../study/storage';
import { STATE_NAMES, TrialState, type FrozenTrial } from '../study/trial';
import { InputError } from '../util/errors';
import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { classColor } from './colors';
import { page } from './page';
import type { Figure } from './run_figures';
import { writeFigures } from './run_report';
import { axes, linear, maxOf, minOf, svgDoc, swatches } from './svg';

const STATE_COLOR: Record<number, string> = { [TrialState.COMPLETE]: '#0072B2', [TrialState.PRUNED]: '#E69F00', [TrialState.FAIL]: '#D55E00', [TrialState.RUNNING]: '#999999' };
const box = { l: 60, r: 500, t: 30, b: 250 };

const numeric = (v: unknown) => (typeof v === 'number' ? v : NaN);
/** A trial's own entry for a parameter: journals may name parameters `constructor` or `toString`, which plain objects inherit. */
const own = <T>(o: Record<string, T>, name: string): T | undefined => (Object.hasOwn(o, name) ? o[name] : undefined);
/** Parameter names of the complete trials, sorted. */
const paramNames = (done: FrozenTrial[]) => [...new Set(done.flatMap((t) => Object.keys(t.params)))].sort();
/** A parameter's plotted coordinate: the choice index of a categorical, else its value. */
const coordinate = (t: FrozenTrial, name: string) => (own(t.distributions, name)?.kind === 'categorical' ? own(t.internal, name) ?? NaN : numeric(own(t.params, name)));

/** Objective per trial number, with the best-so-far line. */
function historyFigure(trials: FrozenTrial[], maximize: boolean): Figure {
  const done = trials.filter((t) => t.state === TrialState.COMPLETE && t.values);
  const vals = done.map((t) => t.values![0]);
  const xs = linear(0, Math.max(1, trials.length - 1), box.l, box.r), ys = linear(minOf(vals), maxOf(vals), box.b, box.t);
  let best = maximize ? -Infinity : Infinity, path = '';
  let body = '<text x="60" y="16" font-size="13" font-weight="bold">Optimisation history</text>';
  for (const t of done) {
    const v = t.values![0];
    best = maximize ? Math.max(best, v) : Math.min(best, v);
    path += `${path ? 'L' : 'M'}${xs(t.number).toFixed(1)},${ys(best).toFixed(1)}`;
    body += `<circle class="trial" cx="${xs(t.number).toFixed(1)}" cy="${ys(v).toFixed(1)}" r="3" fill="${STATE_COLOR[TrialState.COMPLETE]}"/>`;
  }
  body += `<path d="${path}" fill="none" stroke="#D55E00" stroke-width="1.5"/>${axes(xs, ys, 'trial number', 'objective value', box)}`;
  body += swatches(box.r + 14, box.t, [{ label: 'complete trial', color: STATE_COLOR[TrialState.COMPLETE] }, { label: 'best so far', color: '#D55E00' }]);
  return { id: 'study-history', title: 'Optimisation history', svg: svgDoc(680, 300, 'Optimisation history', body), data: { complete: done.length } };
}

/** Objective against each numerical parameter (categoricals by choice index). */
function sliceFigures(trials: FrozenTrial[]): Figure[] {
  const done = trials.filter((t) => t.state === TrialState.COMPLETE && t.values);
  const names = paramNames(done);
  const fileNames = safeFileNames(names, SAFE_NAME_MAX - 'study-slice-'.length);
  return names.map((name, k) => {
    const withParam = done.filter((t) => Object.hasOwn(t.params, name));
    const pts = withParam.map((t) => ({ x: coordinate(t, name), v: t.values![0] }));
    const d = own(withParam[0].distributions, name);
    const log = d?.kind !== 'categorical' && d?.log;
    const tx = (x: number) => (log ? Math.log10(x) : x);
    const xs = linear(minOf(pts.map((p) => tx(p.x))), maxOf(pts.map((p) => tx(p.x))), box.l, box.r);
    const ys = linear(minOf(pts.map((p) => p.v)), maxOf(pts.map((p) => p.v)), box.b, box.t);
    let body = `<text x="60" y="16" font-size="13" font-weight="bold">Objective vs ${escapeHtml(name)}</text>`;
    for (const p of pts) body += `<circle cx="${xs(tx(p.x)).toFixed(1)}" cy="${ys(p.v).toFixed(1)}" r="3" fill="#0072B2" fill-opacity="0.7"/>`;
    const label = d?.kind === 'categorical' ? `${name} (choice: ${d.choices.map((c, i) => `${i} = ${c}`).join(', ')})` : `${name}${log ? ' (log10)' : ''}`;
    body += axes(xs, ys, label, 'objective value', box);
    return { id: `study-slice-${fileNames[k]}`, title: `Slice: ${name}`, svg: svgDoc(560, 300, `Slice: ${name}`, body), sourceName: name };
  });
}

/** Parallel coordinates: one axis per parameter and one for the objective, a line per trial. */
function parallelFigure(trials: FrozenTrial[]): Figure {
  const done = trials.filter((t) => t.state === TrialState.COMPLETE && t.values);
  const names = paramNames(done);
  const axesNames = [...names, 'objective'];
  // by axis position: a parameter may itself be named 'objective'
  const get = (t: FrozenTrial, k: number) => (k === names.length ? t.values![0] : coordinate(t, names[k]));
  const ranges = axesNames.map((_, k) => { const v = done.map((t) => get(t, k)).filter(Number.isFinite); return [minOf(v), maxOf(v)]; });
  const W = Math.max(500, 110 * axesNames.length);
  const xAt = (k: number) => 50 + (k * (W - 100)) / Math.max(1, axesNames.length - 1);
  const y = (k: number, v: number) => 250 - ((v - ranges[k][0]) / (ranges[k][1] - ranges[k][0] || 1)) * 210;
  const oRange = ranges[axesNames.length - 1];
  let body = '<text x="10" y="16" font-size="13" font-weight="bold">Parallel coordinates (colour: objective)</text>';
  for (const t of done) {
    const pts = axesNames.map((_, k) => [xAt(k), Number.isFinite(get(t, k)) ? y(k, get(t, k)) : NaN]).filter(([, v]) => Number.isFinite(v));
    const c = classColor(Math.round(((t.values![0] - oRange[0]) / (oRange[1] - oRange[0] || 1)) * 4));
    body += `<path d="${pts.map(([a, b], i) => `${i ? 'L' : 'M'}${a.toFixed(1)},${b.toFixed(1)}`).join('')}" fill="none" stroke="${c}" stroke-opacity="0.6"/>`;
  }
  axesNames.forEach((a, k) => {
    body += `<line x1="${xAt(k)}" y1="40" x2="${xAt(k)}" y2="250" stroke="#333"/><text x="${xAt(k)}" y="268" text-anchor="middle">${escapeHtml(a)}</text>`;
    body += `<text x="${xAt(k) + 3}" y="44" font-size="9">${Number(ranges[k][1].toPrecision(3))}</text><text x="${xAt(k) + 3}" y="250" font-size="9">${Number(ranges[k][0].toPrecision(3))}</text>`;
  });
  return { id: 'study-parallel', title: 'Parallel coordinates', svg: svgDoc(W, 290, 'Parallel coordinates', body) };
}

/** Intermediate values (the per-epoch validation metric) of every trial, pruned ones in orange. */
function intermediateFigure(trials: FrozenTrial[]): Figure {
  const withSteps = trials.filter((t) => t.intermediate.size > 0);
  const all = withSteps.flatMap((t) => [...t.intermediate.entries()]);
  const xs = linear(minOf(all.map(([s]) => s)), maxOf(all.map(([s]) => s)), box.l, box.r);
  const ys = linear(minOf(all.map(([, v]) => v)), maxOf(all.map(([, v]) => v)), box.b, box.t);
  let body = '<text x="60" y="16" font-size="13" font-weight="bold">Intermediate values (validation metric per epoch)</text>';
  const counts: Record<string, number> = {};
  for (const t of withSteps) {
    const pts = [...t.intermediate.entries()].sort((a, b) => a[0] - b[0]);
    counts[STATE_NAMES[t.state]] = (counts[STATE_NAMES[t.state]] ?? 0) + 1;
    body += `<path class="trial-curve" data-state="${STATE_NAMES[t.state]}" d="${pts.map(([s, v], i) => `${i ? 'L' : 'M'}${xs(s).toFixed(1)},${ys(v).toFixed(1)}`).join('')}" fill="none" stroke="${STATE_COLOR[t.state]}" stroke-opacity="0.7"/>`;
  }
  body += axes(xs, ys, 'epoch', 'validation metric', box);
  body += swatches(box.r + 14, box.t, Object.entries(counts).map(([s, c]) => ({ label: `${s.toLowerCase()} (${c})`, color: STATE_COLOR[TrialState[s as keyof typeof TrialState]] })));
  return { id: 'study-intermediate', title: 'Intermediate values', svg: svgDoc(680, 300, 'Intermediate values', body), data: counts };
}

/**
 * The study's figures and report.html in dir, from its storage: a journal file, or an Optuna
 * database on SQLite (sqlite:///path.db); the study named `study`, else the storage's first.
 */
export async function writeStudyReport(dir: string, journal = join(dir, 'journal.jsonl'), opts: { png?: boolean; study?: string } = {}): Promise<{ file: string; figures: Figure[] }> {
  const backend = await openStudyBackend(journal);
  let storage: JournalStorage;
  try {
    storage = await JournalStorage.open(backend, 'report');
  } finally {
    await backend.close();
  }
  const names = storage.studyNames();
  const name = opts.study ?? names[0];
  const id = name === undefined ? null : storage.findStudy(name);
  if (id === null) throw new InputError(names.length ? `no study named '${name}' (there are: ${names.join(', ')})` : 'the storage holds no study', { file: journal });
  const trials = storage.allTrials(id);
  if (!trials.some((t) => t.state === TrialState.COMPLETE)) throw new InputError('the study has no complete trial to plot', { file: journal });
  const maximize = storage.study(id).directions[0] === 2;
  const figures = [historyFigure(trials, maximize), ...sliceFigures(trials), parallelFigure(trials), ...(trials.some((t) => t.intermediate.size) ? [intermediateFigure(trials)] : [])];
  await writeFigures(dir, figures, opts.png ?? true);
  const count = (s: number) => trials.filter((t) => t.state === s).length;
  const intro = `<p>Study <b>${escapeHtml(name)}</b> (${maximize ? 'maximise' : 'minimise'}): ${trials.length} trials — ${count(TrialState.COMPLETE)} complete, ${count(TrialState.PRUNED)} pruned, ${count(TrialState.FAIL)} failed. Storage: <code>${escapeHtml(printableStorage(journal))}</code> (${storageKind(journal)}).</p>`;
  const html = page(`geo-graphnet study: ${name}`, intro, figures.map((f) => `<section id="sec-${escapeHtml(f.id)}"><h2>${escapeHtml(f.title)}</h2><div class="fig">${f.svg}</div></section>`));
  const file = join(dir, 'report.html');
  writeFileAtomic(file, html);
  return { file, figures };
}
