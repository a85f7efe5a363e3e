import { join } from 'node:path';
import { csvLine } from '../data/csv';
import { placedNodes, type NodeSet } from '../data/node_set';
import { toLonLat } from '../report/crs';
import { stationsGeoJson } from '../report/geojson';
import { stationProducts, unitOrder, type Products } from '../report/products';
import { vtuParts } from '../report/vtk';
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
  // nodes without coordinates (allowed with an edge table) have no place in a mesh or on a map
  const placed = placedNodes(nodes);
  const kept: number[] = [];
  for (let i = 0; i < nodes.n; i++) if (placed[i]) kept.push(i);
  const unplaced = nodes.n - kept.length;
  if (kept.length === 0) {
    notes.push(`no node has coordinates: no nodes.vtu, per-station products or GeoJSON`);
    return notes;
  }
  const at = unplaced ? new Int32Array(nodes.n).fill(-1) : null;
  kept.forEach((i, k) => { if (at) at[i] = k; });
  const pick = (f: (i: number) => number) => Float64Array.from(kept, f);
  const eu: number[] = [], ev: number[] = [];
  for (let k = 0; k < e.edges.u.length; k++) {
    const a = at ? at[e.edges.u[k]] : e.edges.u[k], b = at ? at[e.edges.v[k]] : e.edges.v[k];
    if (a >= 0 && b >= 0) { eu.push(a); ev.push(b); }
  }
  const entropy = entropyOf(e.probs, C);
  writeFileAtomic(join(dir, 'nodes.vtu'), vtuParts({
    n: kept.length, x: pick((i) => nodes.x[i]), y: pick((i) => nodes.y[i]), z: nodes.z ? pick((i) => nodes.z![i]) : null, edges: { u: eu, v: ev },
    arrays: [
      // with nodes left out, each point names its row of predictions.csv (0-based)
      ...(unplaced ? [{ name: 'node', values: Int32Array.from(kept), integer: true }] : []),
      { name: 'predicted', values: Int32Array.from(kept, (i) => e.pred[i]), integer: true },
      { name: 'label', values: Int32Array.from(kept, (i) => nodes.labels[i]), integer: true },
      { name: 'split', values: Int32Array.from(kept, (i) => e.role[i]), integer: true },
      { name: 'entropy', values: pick((i) => entropy[i]) },
      ...classes.map((c, k) => ({ name: `prob_${c}`, values: pick((i) => e.probs[i * C + k]) })),
      ...valueFeatures(nodes.featureNames).map((k) => ({ name: `value_${nodes.featureNames[k]}`, values: pick((i) => nodes.features[i * F + k]) })),
    ],
  }));
  if (unplaced) notes.push(`${unplaced} of ${nodes.n} nodes have no coordinates: left out of nodes.vtu (its 'node' array gives each point's row in predictions.csv) and of the per-station products`);
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
