import type { Importances } from '../study/fanova';
import { completeTrials } from '../study/read_study';
import { STATE_NAMES, TrialState, type FrozenTrial } from '../study/trial';
import { escapeHtml } from '../util/escape';
import type { Figure } from './run_figures';
import { axes, linear, maxOf, minOf, svgDoc, swatches } from './svg';

/* The study's figures over trials and objective values: history, distribution, intermediate values, importances. */

export const STATE_COLOR: Record<number, string> = { [TrialState.COMPLETE]: '#0072B2', [TrialState.PRUNED]: '#E69F00', [TrialState.FAIL]: '#D55E00', [TrialState.RUNNING]: '#999999' };
/** The plot area of a study figure. */
export const BOX = { l: 60, r: 500, t: 30, b: 250 };


/** The best complete trial (the first of equals), or null. */
export function bestTrial(trials: FrozenTrial[], maximize: boolean): FrozenTrial | null {
  let best: FrozenTrial | null = null;
  for (const t of completeTrials(trials)) if (!best || (maximize ? t.values![0] > best.values![0] : t.values![0] < best.values![0])) best = t;
  return best;
}

/** A figure's title line. */
export const figureTitle = (x: number, text: string) => `<text x="${x}" y="16" font-size="13" font-weight="bold">${escapeHtml(text)}</text>`;

/** Objective per trial number, with the best-so-far line. */
export function historyFigure(trials: FrozenTrial[], maximize: boolean): Figure {
  const done = completeTrials(trials);
  const vals = done.map((t) => t.values![0]);
  const xs = linear(0, Math.max(1, trials.length - 1), BOX.l, BOX.r), ys = linear(minOf(vals), maxOf(vals), BOX.b, BOX.t);
  let best = maximize ? -Infinity : Infinity, path = '';
  let body = figureTitle(60, 'Optimisation history');
  for (const t of done) {
    const v = t.values![0];
    best = maximize ? Math.max(best, v) : Math.min(best, v);
    path += `${path ? 'L' : 'M'}${xs(t.number).toFixed(1)},${ys(best).toFixed(1)}`;
    body += `<circle class="trial" cx="${xs(t.number).toFixed(1)}" cy="${ys(v).toFixed(1)}" r="3" fill="${STATE_COLOR[TrialState.COMPLETE]}"/>`;
  }
  body += `<path d="${path}" fill="none" stroke="#D55E00" stroke-width="1.5"/>${axes(xs, ys, 'trial number', 'objective value', BOX)}`;
  body += swatches(BOX.r + 14, BOX.t, [{ label: 'complete trial', color: STATE_COLOR[TrialState.COMPLETE] }, { label: 'best so far', color: '#D55E00' }]);
  return { id: 'study-history', title: 'Optimisation history', svg: svgDoc(680, 300, 'Optimisation history', body), data: { complete: done.length } };
}

/** Empirical distribution of the objective values: the share of complete trials at or below each value. */
export function edfFigure(trials: FrozenTrial[]): Figure {
  const vals = completeTrials(trials).map((t) => t.values![0]).sort((a, b) => a - b);
  const xs = linear(vals[0], vals[vals.length - 1], BOX.l, BOX.r), ys = linear(0, 1, BOX.b, BOX.t);
  let path = `M${BOX.l},${ys(0)}`;
  vals.forEach((v, i) => { path += `H${xs(v).toFixed(1)}V${ys((i + 1) / vals.length).toFixed(1)}`; });
  path += `H${BOX.r}`;
  const body = `${figureTitle(60, 'Empirical distribution of objective values')}<path class="edf" d="${path}" fill="none" stroke="#0072B2" stroke-width="1.5"/>${axes(xs, ys, 'objective value', 'share of complete trials ≤ value', BOX)}`;
  return { id: 'study-edf', title: 'Empirical distribution of objective values', svg: svgDoc(560, 300, 'Empirical distribution of objective values', body), data: { values: vals.length } };
}

/** Intermediate values (the per-epoch validation metric) of every trial, pruned ones in orange; null when no trial reported a finite one. */
export function intermediateFigure(trials: FrozenTrial[]): Figure | null {
  const finite = (t: FrozenTrial) => [...t.intermediate.entries()].filter(([s, v]) => Number.isFinite(s) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
  const withSteps = trials.filter((t) => finite(t).length > 0);
  const all = withSteps.flatMap(finite);
  if (!all.length) return null;
  const xs = linear(minOf(all.map(([s]) => s)), maxOf(all.map(([s]) => s)), BOX.l, BOX.r);
  const ys = linear(minOf(all.map(([, v]) => v)), maxOf(all.map(([, v]) => v)), BOX.b, BOX.t);
  let body = figureTitle(60, 'Intermediate values (validation metric per epoch)');
  const counts: Record<string, number> = {};
  for (const t of withSteps) {
    const pts = finite(t);
    counts[STATE_NAMES[t.state]] = (counts[STATE_NAMES[t.state]] ?? 0) + 1;
    body += `<path class="trial-curve" data-state="${STATE_NAMES[t.state]}" d="${pts.map(([s, v], i) => `${i ? 'L' : 'M'}${xs(s).toFixed(1)},${ys(v).toFixed(1)}`).join('')}" fill="none" stroke="${STATE_COLOR[t.state]}" stroke-opacity="0.7"/>`;
  }
  body += axes(xs, ys, 'epoch', 'validation metric', BOX);
  body += swatches(BOX.r + 14, BOX.t, Object.entries(counts).map(([s, c]) => ({ label: `${s.toLowerCase()} (${c})`, color: STATE_COLOR[TrialState[s as keyof typeof TrialState]] })));
  return { id: 'study-intermediate', title: 'Intermediate values', svg: svgDoc(680, 300, 'Intermediate values', body), data: counts };
}

/** Parameter importances as horizontal bars, most important on top, with how they were assessed. */
export function importanceFigure(imp: Importances): Figure {
  const rowH = 22, top = 34, labelW = 200, barW = 360;
  const h = top + imp.ranked.length * rowH + 44 + 14 * Math.min(4, imp.skipped.length);
  let body = figureTitle(10, 'Parameter importances (fANOVA)');
  imp.ranked.forEach((r, i) => {
    const y = top + i * rowH;
    const name = r.name.length > 30 ? `${r.name.slice(0, 29)}…` : r.name;
    body += `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(name)}</text>`;
    body += `<rect class="importance" x="${labelW}" y="${y + 3}" width="${(r.importance * barW).toFixed(1)}" height="${rowH - 6}" fill="#0072B2"><title>${escapeHtml(r.name)}: ${r.importance.toFixed(4)}</title></rect>`;
    body += `<text x="${labelW + r.importance * barW + 5}" y="${y + 14}">${r.importance.toFixed(3)}</text>`;
  });
  const foot = top + imp.ranked.length * rowH + 18;
  const notes = [
    'Share of the objective\'s variance each parameter explains alone (the shares sum to 1):',
    `fANOVA over a random forest of ${imp.forest.trees} trees fitted to ${imp.trials} complete trials, as Optuna's FanovaImportanceEvaluator (seed ${imp.forest.seed}).`,
    ...imp.skipped.slice(0, 3).map((s) => `Not assessed: ${s.name.length > 40 ? `${s.name.slice(0, 39)}…` : s.name} (${s.why}).`),
    ...(imp.skipped.length > 3 ? [`… and ${imp.skipped.length - 3} more not assessed.`] : []),
  ];
  body += notes.map((n, i) => `<text x="10" y="${foot + 14 * i}" fill="#444">${escapeHtml(n)}</text>`).join('');
  return { id: 'study-importances', title: 'Parameter importances', svg: svgDoc(labelW + barW + 80, h, 'Parameter importances', body), data: { ranked: imp.ranked.map((r) => ({ ...r })) } };
}
