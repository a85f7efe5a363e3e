import { axes, linear, maxOf, minOf, ordinal, type Scale } from './svg';

/** The largest side of a map's plot area (px); the other follows the data's aspect ratio. */
const MAP_SIDE = 460;
const MIN_SIDE = 120;

export interface MapFrame { xs: Scale; ys: Scale; box: { l: number; r: number; t: number; b: number }; axes: string; width: number; height: number }

/** Stations drawn on a map at most: above it an even sample (every k-th), said on the map. */
export const MAP_POINT_BUDGET = 20_000;

/** Every k-th of n items, k the smallest that fits the map budget, and the note that says so ('' when all are drawn). */
export function mapSample(n: number): { keep: (i: number) => boolean; note: string } {
  const k = Math.max(1, Math.ceil(n / MAP_POINT_BUDGET));
  return { keep: (i) => i % k === 0, note: k > 1 ? `; every ${ordinal(k)} of ${n.toLocaleString('en')} stations drawn` : '' };
}

/** Median distance from a station to its nearest neighbour, over up to 200 stations spread through the list (each against all). */
export function typicalSpacing(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const step = Math.max(1, Math.floor(n / 200));
  const d: number[] = [];
  for (let i = 0; i < n; i += step) {
    let best = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) best = Math.min(best, Math.hypot(x[j] - x[i], y[j] - y[i]));
    if (Number.isFinite(best) && best > 0) d.push(best);
  }
  d.sort((a, b) => a - b);
  return d.length ? d[Math.floor(d.length / 2)] : 1;
}

/**
 * A map's plot area at true aspect ratio (one metre is as long east as north), the whole survey in
 * frame with a margin of `pad` (m, half a station's spacing), coordinates on both axes, and room for
 * a legend `legendWidth` wide on the right.
 */
export function mapFrame(x: ArrayLike<number>, y: ArrayLike<number>, pad: number, legendWidth: number): MapFrame {
  const x0 = minOf(x) - pad, x1 = maxOf(x) + pad, y0 = minOf(y) - pad, y1 = maxOf(y) + pad;
  const w = x1 - x0 || 1, h = y1 - y0 || 1;
  const scale = MAP_SIDE / Math.max(w, h);
  // a survey of one long line would be a sliver: the short side is drawn at least MIN_SIDE, the frame widened to keep the aspect
  const pw = Math.max(MIN_SIDE, w * scale), ph = Math.max(MIN_SIDE, h * scale);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const box = { l: 80, r: 80 + pw, t: 34, b: 34 + ph };
  const xs = linear(cx - pw / scale / 2, cx + pw / scale / 2, box.l, box.r), ys = linear(cy - ph / scale / 2, cy + ph / scale / 2, box.b, box.t);
  return { xs, ys, box, axes: axes(xs, ys, 'x (m)', 'y (m)', box), width: box.r + 30 + legendWidth, height: box.b + 60 };
}
