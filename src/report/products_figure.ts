import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { viridis } from './colors';
import { mapFrame, mapSample, typicalSpacing } from './map_frame';
import type { Products, StationProducts } from './products';
import type { Figure } from './run_figures';
import { colorBar, maxOf, minOf, svgDoc } from './svg';

/** One quantity mapped per station: its file id prefix, title, colour-bar label, and what a hollow station means. */
interface Quantity { prefix: string; title: (unit: string) => string; bar: string; none: string }

/** Maps of one quantity for each unit it applies to, at true aspect ratio with coordinates on the axes. */
function quantityMaps(p: Products, classes: string[], units: number[], q: Quantity, valueOf: (s: StationProducts, k: number) => number | null): Figure[] {
  const ids = safeFileNames(units.map((c) => classes[c]), SAFE_NAME_MAX - q.prefix.length).map((n) => `${q.prefix}${n}`);
  const spacing = typicalSpacing(p.stations.map((s) => s.x), p.stations.map((s) => s.y));
  const f = mapFrame(p.stations.map((s) => s.x), p.stations.map((s) => s.y), spacing, 90);
  const side = Math.max(2, Math.min(8, (f.xs(spacing) - f.xs(0)) * 0.9));
  const sample = mapSample(p.stations.length);
  return units.map((c, k) => {
    const values = p.stations.map((s) => valueOf(s, k));
    const found = values.filter((v): v is number => v !== null);
    const lo = found.length ? minOf(found) : 0, hi = found.length ? maxOf(found) : 1;
    const title = q.title(classes[c]);
    let body = `<text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`;
    p.stations.forEach((s, i) => {
      if (!sample.keep(i)) return;
      const v = values[i];
      body += `<rect x="${(f.xs(s.x) - side / 2).toFixed(1)}" y="${(f.ys(s.y) - side / 2).toFixed(1)}" width="${side.toFixed(1)}" height="${side.toFixed(1)}" fill="${v === null ? 'none' : viridis((v - lo) / (hi - lo || 1))}" stroke="${v === null ? '#999' : 'none'}" stroke-width="0.5"/>`;
    });
    body += f.axes + colorBar(f.box.r + 30, f.box.t + 14, Math.min(300, f.box.b - f.box.t - 20), lo, hi, viridis, q.bar);
    body += `<text x="${f.box.l}" y="${f.box.b + 46}" font-size="10">${p.stations.length} stations; ${p.stations.length - found.length} ${q.none} (hollow); true aspect ratio${sample.note}</text>`;
    return { id: ids[k], title, sourceName: classes[c], svg: svgDoc(f.width, f.height, title, body), data: { unit: classes[c], stations: p.stations.length, mapped: found.length, range: [lo, hi] } };
  });
}

/**
 * The interpretation products as maps, at true aspect ratio with coordinates on the axes, stations
 * where a value does not exist left hollow: the depth to the top of each unit below the first (depth
 * to basement shows the paleovalley), the width of its uncertainty band (p90 − p10 of that depth),
 * and each unit's thickness.
 */
export function productMaps(p: Products, classes: string[]): Figure[] {
  if (p.stations.length === 0) return [];
  const below = p.units.slice(1);
  return [
    ...quantityMaps(p, classes, below, { prefix: 'depth-to-', title: (u) => `Depth to the top of ${u} (m, from each station's top cell)`, bar: 'depth (m)', none: 'where the unit is not reached' }, (s, k) => s.tops[k].depth),
    ...quantityMaps(p, classes, below, { prefix: 'depth-band-', title: (u) => `Uncertainty of the depth to ${u}: p90 − p10 (m)`, bar: 'band (m)', none: 'where the band is open (p10 or p90 not reached)' }, (s, k) => (s.tops[k].deep === null || s.tops[k].shallow === null ? null : s.tops[k].deep! - s.tops[k].shallow!)),
    ...quantityMaps(p, classes, p.units, { prefix: 'thickness-', title: (u) => `Thickness of ${u} (m; the last unit down to the base of the sounding)`, bar: 'thickness (m)', none: 'where the unit is absent' }, (s, k) => s.thickness[k]),
  ];
}
