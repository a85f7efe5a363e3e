import { escapeHtml } from '../util/escape';
import { classColors } from './colors';
import { mapFrame, mapSample, typicalSpacing } from './map_frame';
import { stationsOf } from './products';
import type { RunData } from './run_data';
import type { Figure } from './run_figures';
import { svgDoc, swatches } from './svg';

/** A sounding: its cells (node indices) from top to bottom, where it is, whether a training line holds it. */
interface Sounding { x: number; y: number; cells: number[]; train: boolean }

function soundings(r: RunData): Sounding[] {
  return stationsOf(r).map(({ x, y, cells }) => ({ x, y, cells, train: cells.some((i) => r.split[i] === 'train') }));
}

/** The cell of a sounding that holds elevation e (its span reaches halfway to the cells above and below), or −1. */
function cellAt(s: Sounding, z: Float64Array, e: number): number {
  const c = s.cells;
  if (c.length === 1) return c[0];
  for (let k = 0; k < c.length; k++) {
    const up = k === 0 ? z[c[0]] + (z[c[0]] - z[c[1]]) / 2 : (z[c[k - 1]] + z[c[k]]) / 2;
    const down = k === c.length - 1 ? z[c[k]] - (z[c[k - 1]] - z[c[k]]) / 2 : (z[c[k]] + z[c[k + 1]]) / 2;
    if (e <= up && e >= down) return c[k];
  }
  return -1;
}

/** The class predicted at elevation e in each sounding (−1 where the sounding does not reach it). */
function classesAt(r: RunData, st: Sounding[], e: number): number[] {
  return st.map((s) => { const i = cellAt(s, r.z!, e); return i < 0 ? -1 : r.pred[i]; });
}

/** Shannon entropy of the classes found, times the share of soundings that reach the level (how much the map shows). */
function variety(cls: number[]): number {
  const counts = new Map<number, number>();
  let n = 0;
  for (const c of cls) if (c >= 0) { counts.set(c, (counts.get(c) ?? 0) + 1); n++; }
  let h = 0;
  for (const v of counts.values()) h -= (v / n) * Math.log(v / n);
  return n ? h * (n / cls.length) : 0;
}

/**
 * Map of the predicted class at one elevation (figures.mapElevation, else the elevation among 64
 * levels through the survey where the classes vary most across the soundings, the top first on a
 * tie), one square per sounding at true aspect ratio, training lines outlined, soundings that do not
 * reach it hollow. Without z every node is drawn with its class.
 */
export function classMapFigure(r: RunData): Figure {
  const st = soundings(r);
  let e: number | null = null, auto = false;
  if (r.z) {
    e = r.figures.mapElevation;
    if (e === null) {
      auto = true;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < r.n; i++) { lo = Math.min(lo, r.z[i]); hi = Math.max(hi, r.z[i]); }
      let best = -1;
      for (let k = 0; k < 64; k++) {
        const level = hi - ((hi - lo) * k) / 63;
        const v = variety(classesAt(r, st, level));
        if (v > best + 1e-12) { best = v; e = level; }
      }
    }
  }
  // the title rounds; the map is drawn at the level chosen
  const shown = e === null ? null : Number(e.toPrecision(4));
  const cls = e === null ? st.map((s) => r.pred[s.cells[0]]) : classesAt(r, st, e);
  const spacing = typicalSpacing(st.map((s) => s.x), st.map((s) => s.y));
  const colors = classColors(r.classes);
  const counts = r.classes.map((_, k) => cls.filter((c) => c === k).length);
  const legend = [...r.classes.map((c, k) => ({ label: `${c} (${counts[k]})`, color: colors[k] })), { label: `not reached (${cls.filter((c) => c < 0).length})`, color: '#ffffff' }];
  const f = mapFrame(st.map((s) => s.x), st.map((s) => s.y), spacing, 10 + 7 * Math.max(...legend.map((l) => l.label.length)));
  const side = Math.max(2, Math.min(8, (f.xs(spacing) - f.xs(0)) * 0.9));
  let dots = '';
  const sample = mapSample(st.length);
  st.forEach((s, k) => {
    if (!sample.keep(k)) return;
    const fill = cls[k] < 0 ? 'none' : colors[cls[k]];
    dots += `<rect x="${(f.xs(s.x) - side / 2).toFixed(1)}" y="${(f.ys(s.y) - side / 2).toFixed(1)}" width="${side.toFixed(1)}" height="${side.toFixed(1)}" fill="${fill}"${s.train ? ' stroke="#000" stroke-width="0.8"' : cls[k] < 0 ? ' stroke="#999" stroke-width="0.5"' : ''}/>`;
  });
  const title = e === null ? 'Predicted class' : `Predicted class at elevation ${shown} m${auto ? ' (where the classes vary most)' : ''}`;
  const body = `<text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text><text x="10" y="30" font-size="10">one square per sounding, outlined: training lines; true aspect ratio${sample.note}</text>${dots}${f.axes}${swatches(f.box.r + 30, f.box.t, legend)}`;
  return { id: 'map', title: e === null ? 'Map of predictions' : `Map of predictions at elevation ${shown} m`, svg: svgDoc(f.width, f.height, title, body), data: { stations: st.length, counts, elevation: e, auto } };
}
