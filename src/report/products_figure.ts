import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { viridis } from './colors';
import type { Products } from './products';
import type { Figure } from './run_figures';
import { colorBar, linear, maxOf, minOf, svgDoc } from './svg';

/**
 * Maps of the depth to the top of each unit below the first (depth to basement shows the
 * paleovalley), one station a square coloured by depth (viridis, shallow dark), equal scales on x
 * and y, stations where the unit is not reached left hollow.
 */
export function productMaps(p: Products, classes: string[]): Figure[] {
  const ids = safeFileNames(p.units.slice(1).map((c) => classes[c]), SAFE_NAME_MAX - 'depth-to-'.length).map((n) => `depth-to-${n}`);
  const xs0 = p.stations.map((s) => s.x), ys0 = p.stations.map((s) => s.y);
  const xr = [minOf(xs0), maxOf(xs0)], yr = [minOf(ys0), maxOf(ys0)];
  const span = Math.max(xr[1] - xr[0], yr[1] - yr[0]) || 1;
  const box = { l: 20, r: 440, t: 30, b: 450 };
  const xs = linear(xr[0], xr[0] + span, box.l, box.r), ys = linear(yr[0], yr[0] + span, box.b, box.t);
  return p.units.slice(1).map((c, k) => {
    const depths = p.stations.map((s) => s.tops[k].depth).filter((d): d is number => d !== null);
    const lo = depths.length ? minOf(depths) : 0, hi = depths.length ? maxOf(depths) : 1;
    const title = `Depth to the top of ${classes[c]} (m, from each station's top cell)`;
    let body = `<text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`;
    for (const s of p.stations) {
      const d = s.tops[k].depth;
      const fill = d === null ? 'none' : viridis((d - lo) / (hi - lo || 1));
      body += `<rect x="${(xs(s.x) - 3).toFixed(1)}" y="${(ys(s.y) - 3).toFixed(1)}" width="6" height="6" fill="${fill}" stroke="${d === null ? '#999' : 'none'}"/>`;
    }
    body += colorBar(box.r + 30, box.t, box.b - box.t, lo, hi, (t) => viridis(t), 'depth (m)');
    body += `<text x="${box.l}" y="${box.b + 20}" font-size="10">${p.stations.length} stations; ${p.stations.length - depths.length} where the unit is not reached (hollow)</text>`;
    return {
      id: ids[k], title, sourceName: classes[c], svg: svgDoc(560, 480, title, body),
      data: { unit: classes[c], stations: p.stations.length, reached: depths.length, depth: [lo, hi] },
    };
  });
}
