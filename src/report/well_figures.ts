import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { classColors, viridis } from './colors';
import type { RunData } from './run_data';
import { strongestBaseline, type Figure } from './run_figures';
import { colorBar, fmt, linear, svgDoc, swatches, ticks } from './svg';

/** Logs drawn as tracks: the first features as configured (indicators of missing values left out). */
export const WELL_TRACKS = 6;
const UNLABELLED = '#eeeeee';
const TOP = 96, HEIGHT = 600, TRACK_W = 100, COLUMN_W = 30, GAP = 8, LEFT = 64;

/** Median of the positive steps between sorted depths (the sampling interval). */
function medianStep(d: number[]): number {
  const steps = d.slice(1).map((v, k) => v - d[k]).filter((s) => s > 0).sort((a, b) => a - b);
  return steps.length ? steps[Math.floor(steps.length / 2)] : 1;
}

/** The p-th quantile of the finite values (NaN when there are none). */
function quantile(v: number[], p: number): number {
  const f = v.filter(Number.isFinite).sort((a, b) => a - b);
  return f.length ? f[Math.min(f.length - 1, Math.floor(p * f.length))] : NaN;
}

/**
 * Where each sample's cell starts and ends along the well: halfway to its neighbours, but no further
 * than half a sampling interval across a gap in the logging (a gap stays blank).
 */
function cellBounds(d: number[], step: number): { top: number[]; bottom: number[] } {
  const reach = (a: number, b: number) => Math.min((b - a) / 2, step / 2);
  return {
    top: d.map((v, k) => v - (k === 0 ? step / 2 : reach(d[k - 1], v))),
    bottom: d.map((v, k) => v + (k === d.length - 1 ? step / 2 : reach(v, d[k + 1]))),
  };
}

/**
 * Wells as a well-log viewer draws them, one figure per group: depth down the page, the first logs
 * as curve tracks (each on its own range, the well's 2nd to 98th percentile, written above it), then
 * colour columns of the label, the prediction, the strongest baseline's prediction and the
 * prediction's entropy. Samples without a depth are left out and counted.
 */
export function wellFigures(r: RunData): Figure[] {
  const depth = r.depth!;
  const tracks = [...r.values.keys()].filter((k) => !k.startsWith('missing_')).slice(0, WELL_TRACKS);
  const best = strongestBaseline(r);
  const entMax = Math.log(Math.max(2, r.classes.length));
  const colors = classColors(r.classes);
  const columns: { label: string; color: (i: number) => string }[] = [
    { label: 'label', color: (i) => (r.label[i] < 0 ? UNLABELLED : colors[r.label[i]]) },
    { label: r.metrics.model, color: (i) => colors[r.pred[i]] },
    ...(best ? [{ label: best.model, color: (i: number) => colors[best.pred[i]] }] : []),
    { label: 'entropy', color: (i) => viridis(r.entropy[i] / entMax) },
  ];
  const groups = [...new Set(r.group)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const fileNames = safeFileNames(groups, SAFE_NAME_MAX - 'well-'.length);
  const colX0 = LEFT + tracks.length * (TRACK_W + GAP);
  const legendX = colX0 + columns.length * (COLUMN_W + GAP) + 12;
  const width = legendX + 190;
  return groups.map((g, gi) => {
    const members = r.group.map((v, i) => (v === g ? i : -1)).filter((i) => i >= 0);
    const idx = members.filter((i) => Number.isFinite(depth.values[i])).sort((a, b) => depth.values[a] - depth.values[b]);
    const d = idx.map((i) => depth.values[i]);
    const step = medianStep(d);
    const { top, bottom } = cellBounds(d, step);
    const ys = linear(d.length ? top[0] : 0, d.length ? bottom[d.length - 1] : 1, TOP, TOP + HEIGHT);
    const roles = new Set(idx.map((i) => r.split[i]));
    const role = roles.has('test') ? 'held out' : roles.has('train') ? 'training well' : roles.has('val') ? 'validation well' : 'not trained on';
    let body = `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">Well ${escapeHtml(g)} — ${role} (${idx.length} samples)</text>`;
    if (idx.length < members.length) body += `<text x="${LEFT}" y="32" fill="#a00">${members.length - idx.length} samples without a ${escapeHtml(depth.column)} value are not drawn</text>`;
    // the depth axis
    body += `<text class="ylabel" transform="translate(16,${TOP + HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(depth.column)} (as given, down)</text>`;
    for (const v of ticks(ys.lo, ys.hi, 10)) body += `<line x1="${LEFT - 4}" y1="${ys(v).toFixed(1)}" x2="${LEFT}" y2="${ys(v).toFixed(1)}" stroke="#333"/><text x="${LEFT - 6}" y="${(ys(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`;
    tracks.forEach((name, t) => {
      const x0 = LEFT + t * (TRACK_W + GAP);
      const v = idx.map((i) => r.values.get(name)![i]);
      const lo = quantile(v, 0.02), hi = quantile(v, 0.98);
      const xs = linear(lo, hi, x0 + 2, x0 + TRACK_W - 2);
      // a curve broken where a value is missing or the logging has a gap
      let path = '', open = false;
      v.forEach((val, k) => {
        if (!Number.isFinite(val) || (k > 0 && d[k] - d[k - 1] > 5 * step)) open = false;
        if (!Number.isFinite(val)) return;
        const px = xs(Math.min(hi, Math.max(lo, val)));
        path += `${open ? 'L' : 'M'}${px.toFixed(1)},${ys(d[k]).toFixed(1)}`;
        open = true;
      });
      const range = Number.isFinite(lo) ? `${fmt(lo)} – ${fmt(hi)}` : 'no value';
      body += `<g class="track" data-track="${escapeHtml(name)}"><text x="${x0 + TRACK_W / 2}" y="${TOP - 22}" text-anchor="middle" font-weight="bold">${escapeHtml(name)}</text><text x="${x0 + TRACK_W / 2}" y="${TOP - 8}" text-anchor="middle" font-size="9">${range}</text><rect x="${x0}" y="${TOP}" width="${TRACK_W}" height="${HEIGHT}" fill="none" stroke="#333"/><path d="${path}" fill="none" stroke="#1f4e79" stroke-width="0.8"/></g>`;
    });
    columns.forEach((c, ci) => {
      const x0 = colX0 + ci * (COLUMN_W + GAP);
      let cells = '';
      let start = 0;
      // a run of samples of one colour is one rectangle, broken at gaps in the logging
      for (let k = 1; k <= idx.length; k++) {
        if (k < idx.length && c.color(idx[k]) === c.color(idx[start]) && top[k] <= bottom[k - 1] + 1e-9) continue;
        const y0 = ys(top[start]), y1 = ys(bottom[k - 1]);
        cells += `<rect x="${x0}" y="${y0.toFixed(1)}" width="${COLUMN_W}" height="${(y1 - y0 + 0.3).toFixed(1)}" fill="${c.color(idx[start])}"/>`;
        start = k;
      }
      body += `<g class="column" data-column="${escapeHtml(c.label)}"><text transform="translate(${x0 + COLUMN_W / 2 + 4},${TOP - 6}) rotate(-90)" font-size="10">${escapeHtml(c.label)}</text>${cells}<rect x="${x0}" y="${TOP}" width="${COLUMN_W}" height="${HEIGHT}" fill="none" stroke="#333"/></g>`;
    });
    const counts = r.classes.map((_, k) => idx.filter((i) => r.pred[i] === k).length);
    body += `<text x="${legendX}" y="${TOP - 8}">class (samples predicted)</text>`;
    body += swatches(legendX, TOP, [...r.classes.map((c, k) => ({ label: `${c} (${counts[k]})`, color: colors[k] })), { label: 'unlabelled', color: UNLABELLED }]);
    body += colorBar(legendX, TOP + (r.classes.length + 1) * 16 + 30, 120, 0, entMax, viridis, 'entropy (nats)');
    return {
      id: `well-${fileNames[gi]}`, title: `Well ${g}`, sourceName: g,
      svg: svgDoc(width, TOP + HEIGHT + 20, `Well ${g}`, body, 'figure well'),
      data: { well: g, samples: idx.length, undrawn: members.length - idx.length, depth: [ys.lo, ys.hi], tracks, columns: columns.map((c) => c.label), predictedCounts: Object.fromEntries(r.classes.map((c, k) => [c, counts[k]])) },
    };
  });
}
