import { completeTrials } from '../study/read_study';
import type { FrozenTrial } from '../study/trial';
import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { viridis } from './colors';
import { paramAxis, type ParamAxis } from './param_axis';
import type { Figure } from './run_figures';
import { BOX, figureTitle } from './study_figures';
import { axes, colorBar, fmt, linear, maxOf, minOf, svgDoc, tickText } from './svg';

/*
 * The study's figures over the search space: the objective against each parameter (slices), all
 * parameters at once (parallel coordinates) and against a pair (contour). Parameters are drawn on
 * their own axes (param_axis.ts): categories by name, log parameters on log axes.
 */

/** Names of the parameters the complete trials hold, sorted. */
export const paramNames = (trials: FrozenTrial[]) => [...new Set(completeTrials(trials).flatMap((t) => Object.keys(t.params)))].sort();
/** Axis ticks placed on a [0, 1] scale. */
const onUnit = (a: ParamAxis) => a.ticks.map((t) => ({ v: t.u, label: t.label, full: t.full }));
/** A deterministic offset within a category's band, so trials of one choice do not hide each other. */
const jitter = (t: FrozenTrial, a: ParamAxis, bands: number) => (a.kind === 'categorical' ? ((((t.number * 0.618034) % 1) - 0.5) * 0.5) / bands : 0);

/** Objective against each parameter, coloured by trial number. */
export function sliceFigures(trials: FrozenTrial[]): Figure[] {
  const done = completeTrials(trials);
  const names = paramNames(trials);
  const fileNames = safeFileNames(names, SAFE_NAME_MAX - 'study-slice-'.length);
  const last = Math.max(1, maxOf(done.map((t) => t.number)));
  return names.map((name, k) => {
    const axis = paramAxis(done, name);
    const withParam = done.filter((t) => Number.isFinite(axis.at(t)));
    const xs = linear(0, 1, BOX.l, BOX.r);
    // the objective's range over the trials shown (all complete trials when none can be placed on this axis)
    const shown = (withParam.length ? withParam : done).map((t) => t.values![0]);
    const ys = linear(minOf(shown), maxOf(shown), BOX.b, BOX.t);
    let body = figureTitle(60, `Objective vs ${name}`);
    for (const t of withParam) body += `<circle cx="${xs(axis.at(t) + jitter(t, axis, axis.ticks.length)).toFixed(1)}" cy="${ys(t.values![0]).toFixed(1)}" r="3.5" fill="${viridis(t.number / last)}" stroke="#333" stroke-width="0.4"/>`;
    body += axes(xs, ys, axis.label, 'objective value', BOX, { x: onUnit(axis) });
    body += colorBar(BOX.r + 24, BOX.t + 14, BOX.b - BOX.t - 14, 0, last, viridis, 'trial number');
    return { id: `study-slice-${fileNames[k]}`, title: `Slice: ${name}`, svg: svgDoc(600, 300, `Slice: ${name}`, body), sourceName: name, data: { points: withParam.length } };
  });
}

/**
 * Parallel coordinates: one axis per parameter and one for the objective, a line per trial coloured
 * by its objective. Where a trial has no value for a parameter (GAT heads on an MLP trial) its line
 * does not touch that axis: a dashed bridge joins the axes on either side.
 */
export function parallelFigure(trials: FrozenTrial[], maximize: boolean): Figure {
  const done = completeTrials(trials);
  const names = paramNames(trials);
  const vals = done.map((t) => t.values![0]);
  const lo = minOf(vals), hi = maxOf(vals);
  const objective: ParamAxis = {
    name: 'objective', kind: 'linear', label: 'objective value',
    at: (t) => (t.values![0] - lo) / (hi - lo || 1),
    ticks: [{ u: 0, label: fmt(lo) }, { u: 1, label: fmt(hi) }],
  };
  const axesList = [objective, ...names.map((n) => paramAxis(done, n))];
  const W = Math.max(560, 120 * axesList.length + 90);
  const xAt = (k: number) => 50 + (k * (W - 170)) / Math.max(1, axesList.length - 1);
  const y = (u: number) => 250 - u * 200;
  let body = figureTitle(10, 'Parallel coordinates');
  let withGaps = 0;
  // the best trials drawn last, on top
  for (const t of [...done].sort((a, b) => (maximize ? 1 : -1) * (a.values![0] - b.values![0]))) {
    const pts = axesList.map((a, k) => ({ k, u: a.at(t) })).filter((p) => Number.isFinite(p.u));
    let solid = '', dashed = '';
    pts.forEach((p, i) => {
      const at = `${xAt(p.k).toFixed(1)},${y(p.u).toFixed(1)}`;
      if (i === 0) { solid += `M${at}`; return; }
      const prev = pts[i - 1];
      if (p.k === prev.k + 1) solid += `L${at}`;
      else { dashed += `M${xAt(prev.k).toFixed(1)},${y(prev.u).toFixed(1)}L${at}`; solid += `M${at}`; }
    });
    if (pts.length < axesList.length) withGaps++;
    const color = viridis(objective.at(t));
    body += `<path class="trial-line" d="${solid}" fill="none" stroke="${color}" stroke-opacity="0.75" stroke-width="1.2"/>`;
    if (dashed) body += `<path class="gap-bridge" d="${dashed}" fill="none" stroke="${color}" stroke-opacity="0.5" stroke-dasharray="3 3"/>`;
  }
  axesList.forEach((a, k) => {
    body += `<line x1="${xAt(k)}" y1="50" x2="${xAt(k)}" y2="250" stroke="#333"/><text x="${xAt(k)}" y="${k % 2 ? 282 : 268}" text-anchor="middle">${escapeHtml(a.label.length > 24 ? `${a.label.slice(0, 23)}…` : a.label)}<title>${escapeHtml(a.label)}</title></text>`;
    for (const tk of a.ticks) body += `<text class="ptick" x="${xAt(k) + 4}" y="${y(tk.u) + 3}" font-size="9">${tickText(tk)}</text>`;
  });
  body += colorBar(W - 90, 60, 180, lo, hi, viridis, 'objective value');
  if (withGaps) body += `<text x="10" y="296" fill="#444">Dashed: across the axis of a parameter the trial does not have (${withGaps} of ${done.length} trials).</text>`;
  return { id: 'study-parallel', title: 'Parallel coordinates', svg: svgDoc(W, 300, 'Parallel coordinates', body), data: { lines: done.length, withGaps } };
}

/** Grid cells per side of a contour. */
const GRID = 40;

/** The objective over a pair of parameters: interpolated from the trials (inverse distance), with the trials on top and the best ringed. */
export function contourFigure(trials: FrozenTrial[], xName: string, yName: string, maximize: boolean, index: number): Figure {
  const done = completeTrials(trials);
  const ax = paramAxis(done, xName), ay = paramAxis(done, yName);
  const pts = done.map((t) => ({ t, u: ax.at(t), v: ay.at(t), z: t.values![0] })).filter((p) => Number.isFinite(p.u) && Number.isFinite(p.v));
  const zs = pts.map((p) => p.z);
  const lo = minOf(zs), hi = maxOf(zs);
  const box = { l: 70, r: 430, t: 30, b: 300 };
  const xs = linear(0, 1, box.l, box.r), ys = linear(0, 1, box.b, box.t);
  let body = figureTitle(10, `Contour: ${xName} × ${yName}`);
  const cw = (box.r - box.l) / GRID, ch = (box.b - box.t) / GRID;
  // a category's band is coloured from its own trials: between categories there is nothing to interpolate
  const nx = ax.kind === 'categorical' ? ax.ticks.length : 1, ny = ay.kind === 'categorical' ? ay.ticks.length : 1;
  const bandOf = (u: number, v: number) => Math.min(nx - 1, Math.floor(u * nx)) * ny + Math.min(ny - 1, Math.floor(v * ny));
  const band = Int32Array.from(pts, (p) => bandOf(p.u, p.v));
  body += '<g shape-rendering="crispEdges">';
  for (let j = 0; j < GRID; j++) {
    // runs of one colour along a row become one rectangle
    let runStart = 0, runColor = '';
    for (let i = 0; i <= GRID; i++) {
      const u = (i + 0.5) / GRID, v = (j + 0.5) / GRID;
      const z = i < GRID ? interpolate(pts, band, bandOf(u, v), u, v) : NaN;
      const color = i === GRID ? '' : Number.isNaN(z) ? EMPTY_BAND : viridis((z - lo) / (hi - lo || 1));
      if (color === runColor) continue;
      if (runColor) body += `<rect x="${(box.l + runStart * cw).toFixed(1)}" y="${(box.b - (j + 1) * ch).toFixed(1)}" width="${((i - runStart) * cw + 0.4).toFixed(1)}" height="${(ch + 0.4).toFixed(1)}" fill="${runColor}"/>`;
      runStart = i; runColor = color;
    }
  }
  body += '</g>';
  let best = pts[0];
  for (const p of pts) if (maximize ? p.z > best.z : p.z < best.z) best = p;
  for (const p of pts) body += `<circle class="trial" cx="${xs(p.u).toFixed(1)}" cy="${ys(p.v).toFixed(1)}" r="2.5" fill="#fff" stroke="#000" stroke-width="0.8"/>`;
  if (best) body += `<circle class="best" cx="${xs(best.u).toFixed(1)}" cy="${ys(best.v).toFixed(1)}" r="7" fill="none" stroke="#e41a1c" stroke-width="2"><title>best trial ${best.t.number}</title></circle>`;
  body += axes(xs, ys, ax.label, ay.label, box, { x: onUnit(ax), y: onUnit(ay) });
  body += colorBar(box.r + 24, box.t + 14, box.b - box.t - 14, lo, hi, viridis, 'objective');
  body += `<text x="10" y="346" fill="#444">Circles: the ${pts.length} complete trials with both parameters; red ring: the best. Between them, an inverse-distance</text>`;
  body += `<text x="10" y="360" fill="#444">average of their objective values (within a category, of that category's trials only; grey: a category without trials).</text>`;
  return { id: `study-contour-${index}`, title: `Contour: ${xName} × ${yName}`, svg: svgDoc(560, 370, `Contour: ${xName} × ${yName}`, body), data: { x: xName, y: yName, points: pts.length } };
}

/** A category band no trial reached: nothing to colour it from. */
const EMPTY_BAND = '#eeeeee';

/** Inverse-squared-distance average of the trials' values at (u, v) over the trials in category band `at` (NaN when there are none); a trial on the spot gives its own. */
function interpolate(pts: { u: number; v: number; z: number }[], band: Int32Array, at: number, u: number, v: number): number {
  let s = 0, w = 0;
  for (let k = 0; k < pts.length; k++) {
    if (band[k] !== at) continue;
    const p = pts[k];
    const d2 = (p.u - u) ** 2 + (p.v - v) ** 2;
    if (d2 < 1e-12) return p.z;
    s += p.z / d2; w += 1 / d2;
  }
  return w > 0 ? s / w : NaN;
}

/** Complete trials that have both parameters: a contour needs two. */
export function sharedTrials(trials: FrozenTrial[], a: string, b: string): number {
  const done = completeTrials(trials);
  const ax = paramAxis(done, a), ay = paramAxis(done, b);
  return done.filter((t) => Number.isFinite(ax.at(t)) && Number.isFinite(ay.at(t))).length;
}
