import { join } from 'node:path';
import { csvLine } from '../data/csv';
import type { NodeSet } from '../data/node_set';
import { toLonLat } from '../report/crs';
import { stationsGeoJson } from '../report/geojson';
import { stationProducts, unitOrder, type Products } from '../report/products';
import { vtuText } from '../report/vtk';
import { writeFileAtomic } from '../util/atomic_write';
import { entropyOf } from '../train/metrics';

/** A model's predictions on a node set, with what the exports need besides. */
export interface ExportInput {
  nodes: NodeSet;
  classes: string[];
  probs: ArrayLike<number>;
  pred: Int32Array;
  /** Each node's role (SPLIT codes). */
  role: Uint8Array;
  edges: { u: ArrayLike<number>; v: ArrayLike<number> };
  /** Units from top to bottom (unitsFor), for the products; null when the data has no z. */
  units: number[] | null;
  crs: string | null;
}

/** Above this many features (bag-of-words inputs) no per-feature value columns or arrays are written. */
export const VALUE_COLUMNS_MAX = 64;

/** Indices of the features written as value_<feature> columns and arrays, and drawn by the report. */
export function valueFeatures(names: string[]): number[] {
  return names.length <= VALUE_COLUMNS_MAX ? names.map((_, k) => k) : [];
}

/**
 * Units from top to bottom for the products: a saved model's order (learnt from its training
 * labels), else by the median elevation of these training nodes' labels; null without z.
 */
export function unitsFor(nodes: NodeSet, train: Int32Array, classes: string[], saved: number[] | null = null): number[] | null {
  if (!nodes.z) return null;
  if (saved) return saved;
  const label = new Int32Array(nodes.n).fill(-1);
  for (const i of train) label[i] = nodes.labels[i];
  return unitOrder({ classes, n: nodes.n, x: nodes.x, y: nodes.y, z: nodes.z, group: [], label, probs: [] });
}

/** products.csv: per station, each unit's top (elevation, depth, 0.1–0.9 depth band) and thickness. */
function productsCsv(p: Products, classes: string[]): string {
  const below = p.units.slice(1).map((c) => classes[c]);
  const header = ['line', 'x', 'y', 'top_elevation', 'cells',
    ...below.flatMap((c) => [`top_${c}_elevation`, `top_${c}_depth`, `top_${c}_depth_p10`, `top_${c}_depth_p90`]),
    ...p.units.map((c) => `thickness_${classes[c]}`)];
  const v = (x: number | null) => (x === null ? '' : Number(x.toFixed(3)));
  const lines = [csvLine(header)];
  for (const s of p.stations) {
    lines.push(csvLine([s.group, s.x, s.y, v(s.topElevation), s.cells, ...s.tops.flatMap((t) => [v(t.elevation), v(t.depth), v(t.shallow), v(t.deep)]), ...s.thickness.map(v)]));
  }
  return lines.join('\n') + '\n';
}

/**
 * The interpretation exports beside predictions.csv: products.csv (per-station unit tops and
 * thicknesses, for sectioned 3-D data), stations.geojson (those stations in WGS84, when data.crs is
 * known) and nodes.vtu (every node with its predictions, and the graph's edges, for ParaView and
 * pyvista). Returns notes on what was left out and why.
 */
export function writeExports(dir: string, e: ExportInput): string[] {
  const { nodes, classes } = e;
  const notes: string[] = [];
  const C = classes.length;
  const F = nodes.featureNames.length;
  writeFileAtomic(join(dir, 'nodes.vtu'), vtuText({
    n: nodes.n, x: nodes.x, y: nodes.y, z: nodes.z, edges: e.edges,
    arrays: [
      { name: 'predicted', values: e.pred, integer: true },
      { name: 'label', values: nodes.labels, integer: true },
      { name: 'split', values: e.role, integer: true },
      { name: 'entropy', values: entropyOf(e.probs, C) },
      ...classes.map((c, k) => ({ name: `prob_${c}`, values: Float64Array.from({ length: nodes.n }, (_, i) => e.probs[i * C + k]) })),
      ...valueFeatures(nodes.featureNames).map((k) => ({ name: `value_${nodes.featureNames[k]}`, values: Float64Array.from({ length: nodes.n }, (_, i) => nodes.features[i * F + k]) })),
    ],
  }));
  const units = e.units;
  if (!nodes.z || !units) {
    notes.push('no z column: no per-station products or GeoJSON (they need soundings of stacked cells)');
    return notes;
  }
  const products = stationProducts({ classes, n: nodes.n, x: nodes.x, y: nodes.y, z: nodes.z, group: Array.from(nodes.group, (g) => nodes.groupNames[g] ?? ''), label: new Int32Array(nodes.n).fill(-1), probs: e.probs }, units);
  writeFileAtomic(join(dir, 'products.csv'), productsCsv(products, classes));
  if (e.crs) writeFileAtomic(join(dir, 'stations.geojson'), JSON.stringify(stationsGeoJson(products, classes, toLonLat(e.crs))) + '\n');
  else notes.push('data.crs is not set: no stations.geojson (GeoJSON is longitude/latitude; set data.crs to the EPSG code of x, y)');
  return notes;
}
