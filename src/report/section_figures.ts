import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { AGREE, classColors, viridis } from './colors';
import type { RunData } from './run_data';
import { alongLine, mainValue, strongestBaseline, type Figure } from './run_figures';
import { axes, colorBar, linear, maxOf, minOf, ordinal, svgDoc, swatches } from './svg';

const LEFT = 60, RIGHT = 560;
/** Panel height the automatic vertical exaggeration aims at (px). */
const TARGET_PANEL_PX = 150;
/** No panel is drawn taller than this; a larger exaggeration is capped, and the title says so. */
const MAX_PANEL_PX = 1200;
const MIN_PANEL_PX = 24;
/** Cells below the depth of investigation are drawn under a veil of this. */
const BELOW_DOI = { fill: '#ffffff', opacity: 0.6 };

interface Panel { label: string; color: (i: number) => string; legend: 'value' | 'class' | 'entropy' | 'agree' | 'disagree'; veiled: boolean }

/** A station: its distance along the line and its cells (indices into the line's node list), top first. */
interface Station { d: number; cells: number[] }

/** 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k nearest v (a stated exaggeration reads better round). */
export function roundExaggeration(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  const steps = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
  return Number((mag * steps.reduce((best, s) => (Math.abs(Math.log(s * mag / v)) < Math.abs(Math.log(best * mag / v)) ? s : best), 1)).toPrecision(3));
}

/** One line's geometry: nodes, stations along it, the span drawn in metres along and in elevation. */
function lineGeometry(r: RunData, g: string) {
  const idx = r.group.map((v, i) => (v === g ? i : -1)).filter((i) => i >= 0);
  const d = alongLine(idx.map((i) => r.x[i]), idx.map((i) => r.y[i]));
  const z = idx.map((i) => (r.z ? r.z[i] : 0));
  // stations: nodes sharing a distance along the line (to a centimetre)
  const byKey = new Map<string, number[]>();
  idx.forEach((_, k) => { const key = d[k].toFixed(2); (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(k); });
  const stations: Station[] = [...byKey].map(([key, cells]) => ({ d: Number(key), cells: cells.sort((a, b) => z[b] - z[a]) })).sort((a, b) => a.d - b.d);
  const gaps = stations.slice(1).map((s, k) => s.d - stations[k].d).sort((a, b) => a - b);
  const cellW = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 1;
  const zLo = minOf(z), zHi = maxOf(z);
  const zPad = (zHi - zLo) / Math.max(1, maxOf(stations.map((s) => s.cells.length)) - 1) / 2 || 1;
  const along = [stations[0].d - cellW / 2, stations[stations.length - 1].d + cellW / 2];
  const elevation = [zLo - zPad, zHi + zPad];
  return { idx, z, stations, cellW, along, elevation, zPad, zLo, zHi };
}

/** Nodes drawn in sections at most: a larger survey's report shows an even choice of lines. */
export const SECTION_NODE_BUDGET = 300_000;

/** The lines drawn: all of them within the budget, else every k-th line in name order (k the smallest that fits), said on the page. */
export function sectionLines(r: RunData, budget = SECTION_NODE_BUDGET): { lines: Set<string>; of: number; note: string } {
  const count = new Map<string, number>();
  for (const g of r.group) count.set(g, (count.get(g) ?? 0) + 1);
  const all = [...count.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (r.n <= budget) return { lines: new Set(all), of: all.length, note: '' };
  const k = Math.ceil(r.n / budget);
  const lines = new Set(all.filter((_, i) => i % k === 0));
  return { lines, of: all.length, note: `${r.n.toLocaleString('en')} nodes: sections of every ${ordinal(k)} line (${lines.size} of ${all.length}) keep the report small; predictions.csv holds every line.` };
}

/**
 * The vertical exaggeration of every section of a report: the configured one, or the round value
 * that draws the median line about TARGET_PANEL_PX tall (every panel is RIGHT − LEFT wide, so a
 * shorter line is drawn at a larger scale and, at the same exaggeration, taller).
 */
export function sectionExaggeration(r: RunData, lines: { along: number[]; elevation: number[] }[]): number {
  if (r.figures.verticalExaggeration !== null) return r.figures.verticalExaggeration;
  const wanted = lines.map((l) => TARGET_PANEL_PX / ((l.elevation[1] - l.elevation[0]) * ((RIGHT - LEFT) / (l.along[1] - l.along[0] || 1)) || 1)).sort((a, b) => a - b);
  return roundExaggeration(wanted[Math.floor(wanted.length / 2)]);
}

/**
 * Sections: one per line (group), distance along the line × elevation at one vertical
 * exaggeration for the whole report (stated on each), one panel per quantity: the main measured
 * value (with its unit), the predicted class, the entropy, agreement with the label and where the
 * strongest baseline disagrees. With a DOI column the depth of investigation is drawn as a dashed
 * line and the cells below it are veiled. Cells of a station with the same colour are one rectangle.
 */
export function sectionFigures(r: RunData, only: Set<string> | null = null): Figure[] {
  const val = mainValue(r);
  const unit = val ? r.units[val.name] ?? '' : '';
  const valueLabel = val ? `${val.name}${unit ? ` (${unit})` : ''}` : '';
  const vRange = val ? [minOf(val.v), maxOf(val.v)] : [0, 1];
  const hasLabels = r.label.some((l) => l >= 0);
  const entMax = Math.log(Math.max(2, r.classes.length));
  const best = strongestBaseline(r);
  const colors = classColors(r.classes);
  const panels: Panel[] = [
    ...(val ? [{ label: valueLabel, color: (i: number) => viridis((val.v[i] - vRange[0]) / (vRange[1] - vRange[0] || 1)), legend: 'value' as const, veiled: true }] : []),
    { label: 'predicted class', color: (i) => colors[r.pred[i]], legend: 'class', veiled: true },
    { label: 'entropy of the prediction (nats)', color: (i) => viridis(r.entropy[i] / entMax), legend: 'entropy', veiled: true },
    ...(hasLabels ? [{ label: 'agreement with the label', color: (i: number) => (r.label[i] < 0 ? AGREE.none : r.label[i] === r.pred[i] ? AGREE.right : AGREE.wrong), legend: 'agree' as const, veiled: false }] : []),
    ...(best ? [{ label: `where ${r.metrics.model} and the ${best.model} baseline disagree`, color: (i: number) => (best.pred[i] === r.pred[i] ? AGREE.none : AGREE.wrong), legend: 'disagree' as const, veiled: false }] : []),
  ];
  const groups = [...new Set(r.group)].filter((g) => !only || only.has(g)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  // the prefix counts towards the length limit of a file name
  const fileNames = safeFileNames(groups, SAFE_NAME_MAX - 'section-'.length);
  const lines = groups.map((g) => lineGeometry(r, g));
  const ve = sectionExaggeration(r, lines);
  return groups.map((g, gi) => {
    const { idx, z, stations, cellW, along, elevation } = lines[gi];
    const xs = linear(along[0], along[1], LEFT, RIGHT);
    const pxPerM = (RIGHT - LEFT) / (along[1] - along[0] || 1);
    const wantedH = (elevation[1] - elevation[0]) * pxPerM * ve;
    const h = Math.min(MAX_PANEL_PX, Math.max(MIN_PANEL_PX, wantedH));
    // the exaggeration this panel is drawn at, when the height limits moved it
    const drawnVe = h / ((elevation[1] - elevation[0]) * pxPerM);
    const veNote = Math.abs(drawnVe - ve) > 1e-6 * ve ? `; vertical exaggeration ${Number(drawnVe.toPrecision(3))}× (the report's ${ve}× would be ${wantedH > h ? 'taller' : 'shorter'} than ${wantedH > h ? MAX_PANEL_PX : MIN_PANEL_PX} px)` : `; vertical exaggeration ${ve}×`;
    const box = { l: LEFT, r: RIGHT, t: 24, b: 24 + h };
    const ys = linear(elevation[0], elevation[1], box.b, box.t);
    // the panel leaves room for its legend however flat it is drawn
    const legendH = Math.max(h, panels.some((p) => p.legend === 'class') ? 16 * r.classes.length : 0, 90);
    const ph = 24 + legendH + 50;
    const trained = idx.some((i) => r.split[i] === 'train');
    const counts = new Array<number>(r.classes.length).fill(0);
    for (const i of idx) counts[r.pred[i]]++;
    // each station spans halfway to its neighbours along the line, each cell halfway to the cells above and below
    const spans = stations.map((s, k) => [
      xs(k === 0 ? s.d - cellW / 2 : (stations[k - 1].d + s.d) / 2),
      xs(k === stations.length - 1 ? s.d + cellW / 2 : (s.d + stations[k + 1].d) / 2),
    ]);
    const cellEdge = (col: number[], k: number) => (k <= 0 ? z[col[0]] + lines[gi].zPad : k >= col.length ? z[col[col.length - 1]] - lines[gi].zPad : (z[col[k - 1]] + z[col[k]]) / 2);
    // the DOI of each station (m below its top cell): the median over its cells where given
    const doiElevation = r.doi ? stations.map((s) => {
      const v = s.cells.map((k) => r.doi![idx[k]]).filter(Number.isFinite).sort((a, b) => a - b);
      return v.length ? z[s.cells[0]] - v[Math.floor(v.length / 2)] : null;
    }) : null;
    let veil = '', doiLine = '';
    if (doiElevation) {
      // one stepped outline per run of stations with a DOI: overlapping rectangles would veil their seams twice
      let run: string[] = [], first = 0;
      const closeRun = () => { if (run.length) veil += `<path d="M${run.join('')}V${box.b}H${spans[first][0].toFixed(1)}Z"/>`; run = []; };
      stations.forEach((_, k) => {
        const e = doiElevation[k];
        if (e === null || e <= elevation[0]) return closeRun();
        const top = ys(Math.min(e, elevation[1])).toFixed(1);
        if (run.length) run.push(`V${top}`);
        else { first = k; run.push(`${spans[k][0].toFixed(1)},${top}`); }
        run.push(`H${spans[k][1].toFixed(1)}`);
      });
      closeRun();
      doiLine = stations.map((s, k) => (doiElevation[k] === null ? null : `${xs(s.d).toFixed(1)},${ys(Math.max(elevation[0], Math.min(elevation[1], doiElevation[k]!))).toFixed(1)}`)).filter((p) => p !== null).map((p, k) => `${k ? 'L' : 'M'}${p}`).join('');
    }
    const doiNote = doiElevation ? '; dashed: depth of investigation, cells below it veiled' : '';
    let body = `<text x="${LEFT}" y="14" font-size="13" font-weight="bold">Line ${escapeHtml(g)}${trained ? ' — training line' : ' — not trained on'}</text><text x="${LEFT}" y="30" font-size="10">${escapeHtml(`${veNote.slice(2)}${doiNote}`)}</text>`;
    panels.forEach((p, pi) => {
      let cells = '';
      stations.forEach((s, k) => {
        const col = s.cells;
        let start = 0;
        for (let c = 1; c <= col.length; c++) {
          if (c < col.length && p.color(idx[col[c]]) === p.color(idx[col[start]])) continue;
          const top = ys(cellEdge(col, start)), bot = ys(cellEdge(col, c));
          cells += `<rect x="${spans[k][0].toFixed(1)}" y="${top.toFixed(1)}" width="${(spans[k][1] - spans[k][0] + 0.3).toFixed(1)}" height="${(bot - top + 0.3).toFixed(1)}" fill="${p.color(idx[col[start]])}"/>`;
          start = c;
        }
      });
      const veiled = p.veiled && veil ? `<g class="below-doi" fill="${BELOW_DOI.fill}" fill-opacity="${BELOW_DOI.opacity}">${veil}</g>` : '';
      const doi = doiLine ? `<path class="doi" d="${doiLine}" fill="none" stroke="#000" stroke-width="1" stroke-dasharray="4 3"/>` : '';
      const barH = Math.max(60, h - 20);
      const legend = p.legend === 'class' ? swatches(RIGHT + 14, box.t, r.classes.map((c, k) => ({ label: `${c} (${counts[k]})`, color: colors[k] })))
        : p.legend === 'agree' ? swatches(RIGHT + 14, box.t, [{ label: 'right', color: AGREE.right }, { label: 'wrong', color: AGREE.wrong }, { label: 'unlabelled', color: AGREE.none }])
          : p.legend === 'disagree' ? swatches(RIGHT + 14, box.t, [{ label: 'disagree', color: AGREE.wrong }, { label: 'agree', color: AGREE.none }])
            : p.legend === 'value' ? colorBar(RIGHT + 14, box.t + 14, barH, vRange[0], vRange[1], viridis, unit)
              : colorBar(RIGHT + 14, box.t + 14, barH, 0, entMax, viridis, 'nats');
      body += `<g class="panel" data-panel="${p.legend}" transform="translate(0,${34 + pi * ph})"><text x="${LEFT}" y="${box.t - 6}">${escapeHtml(p.label)}</text>${cells}${veiled}${doi}${axes(xs, ys, 'distance along line (m)', r.z ? 'elevation (m)' : '', box)}${legend}</g>`;
    });
    return {
      id: `section-${fileNames[gi]}`, title: `Section of line ${g}`, sourceName: g,
      svg: svgDoc(760, 50 + panels.length * ph, `Section of line ${g}`, body, 'figure section'),
      data: { line: g, nodes: idx.length, predictedCounts: Object.fromEntries(r.classes.map((c, k) => [c, counts[k]])), distance: along, elevation: [lines[gi].zLo, lines[gi].zHi], verticalExaggeration: drawnVe, panelHeight: h, doi: doiElevation !== null },
    };
  });
}
