import type { Products, StationProducts } from './products';

/** Round to 7 decimals (about a centimetre in longitude or latitude): RFC 7946 advises no more. */
const r7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** One station's properties: its line, projected position and each unit's top and thickness. */
function properties(s: StationProducts, classes: string[], units: number[]): Record<string, unknown> {
  const p: Record<string, unknown> = { line: s.group, x: s.x, y: s.y, top_elevation: s.topElevation, cells: s.cells };
  units.slice(1).forEach((c, k) => {
    const t = s.tops[k];
    Object.assign(p, { [`top_${classes[c]}_elevation`]: t.elevation, [`top_${classes[c]}_depth`]: t.depth, [`top_${classes[c]}_depth_p10`]: t.shallow, [`top_${classes[c]}_depth_p90`]: t.deep });
  });
  units.forEach((c, k) => { p[`thickness_${classes[c]}`] = s.thickness[k]; });
  return p;
}

/**
 * The stations as an RFC 7946 FeatureCollection in WGS84 longitude/latitude: a Point per station
 * with its products as properties, and a LineString per flight line through its stations in the
 * order they lie along it.
 */
export function stationsGeoJson(products: Products, classes: string[], toLonLat: (x: number, y: number) => [number, number]): object {
  const points = products.stations.map((s) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: toLonLat(s.x, s.y).map(r7) }, properties: properties(s, classes, products.units),
  }));
  const lines = new Map<string, StationProducts[]>();
  for (const s of products.stations) (lines.get(s.group) ?? lines.set(s.group, []).get(s.group)!).push(s);
  const lineFeatures = [...lines].filter(([, st]) => st.length >= 2).map(([group, st]) => ({
    type: 'Feature', geometry: { type: 'LineString', coordinates: alongLine(st).map((s) => toLonLat(s.x, s.y).map(r7)) }, properties: { line: group, stations: st.length },
  }));
  return { type: 'FeatureCollection', features: [...points, ...lineFeatures] };
}

/** A line's stations ordered along its principal direction. */
function alongLine(st: StationProducts[]): StationProducts[] {
  const mx = st.reduce((a, s) => a + s.x, 0) / st.length, my = st.reduce((a, s) => a + s.y, 0) / st.length;
  let sxx = 0, sxy = 0, syy = 0;
  for (const s of st) { const dx = s.x - mx, dy = s.y - my; sxx += dx * dx; sxy += dx * dy; syy += dy * dy; }
  const a = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const key = (s: StationProducts) => (s.x - mx) * Math.cos(a) + (s.y - my) * Math.sin(a);
  return st.slice().sort((p, q) => key(p) - key(q));
}
