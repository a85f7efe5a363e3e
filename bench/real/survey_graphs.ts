/*
 * Graphs on real airborne-EM survey geometry (no labels): the USGS RESOLVE lines (9,999 soundings
 * × 30 layers) and the two GA samples, turned into one node per (sounding, layer), then the
 * lattice and per-line mixed-space kNN builders. Reports build time, edges, degrees, components.
 */
import { join } from 'node:path';
import { numericColumn, readCsv, type Table } from '../../src/data/csv';
import { undirectedGraph } from '../../src/graph/graph';
import { latticeEdges, type LayeredNodes } from '../../src/graph/lattice';
import { lineKnnEdges } from '../../src/graph/line_knn';
import { graphStats } from '../../src/graph/stats';

/** A wide table of soundings made long: one node per layer, z = −(layer mid-depth), value = log10 conductivity. */
interface Section extends LayeredNodes { name: string; logCond: Float64Array }

/** USGS RESOLVE: layer depth bounds (m below ground) from the data's metadata, as PROVENANCE.md lists them. */
const RESOLVE_TOPS = [0, 1, 2.1, 3.3, 4.6, 6, 7.5, 9.2, 11, 13, 15.2, 17.6, 20.2, 23, 26.1, 29.5, 33.2, 37.2, 41.6, 46.3, 51.5, 57.1, 63.3, 70, 77.3, 85.3, 94, 104, 114, 125, 140];

function widen(name: string, t: Table, cols: { x: string; y: string; line: string }, layers: number, depthOf: (row: number, l: number) => number, condOf: (row: number, l: number) => number): Section {
  const x = numericColumn(t, cols.x, 'x'), y = numericColumn(t, cols.y, 'y'), line = numericColumn(t, cols.line, 'line');
  const n = t.rows * layers;
  const s: Section = { name, x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n), line: new Int32Array(n), logCond: new Float64Array(n) };
  for (let r = 0; r < t.rows; r++) for (let l = 0; l < layers; l++) {
    const i = r * layers + l;
    s.x[i] = x[r]; s.y[i] = y[r]; s.z![i] = -depthOf(r, l); s.line[i] = line[r];
    s.logCond[i] = Math.log10(Math.max(condOf(r, l), 1e-6));
  }
  return s;
}

async function resolve(dir: string): Promise<Section> {
  const t = await readCsv(join(dir, 'usgs_map_resolve_aem/Resolve_model.csv.gz'));
  const rho = Array.from({ length: 30 }, (_, l) => numericColumn(t, `RHO_I[${l}]`, 'resistivity'));
  return widen('USGS RESOLVE (9,999 soundings × 30 layers)', t, { x: 'X_WGS84_Albers', y: 'Y_WGS84_Albers', line: 'LINE' }, 30,
    (_, l) => 0.5 * (RESOLVE_TOPS[l] + RESOLVE_TOPS[l + 1]), (r, l) => 1 / rho[l][r]);
}

async function ausaem(dir: string): Promise<Section> {
  const t = await readCsv(join(dir, 'ga_aem_samples/ausaem02_vsum_inversion_100soundings.csv'));
  const th = Array.from({ length: 30 }, (_, l) => numericColumn(t, `thickness_${l}`, 'thickness'));
  const c = Array.from({ length: 30 }, (_, l) => numericColumn(t, `conductivity_${l}`, 'conductivity'));
  return widen('GA AusAEM TEMPEST (100 soundings × 30 layers)', t, { x: 'easting', y: 'northing', line: 'line' }, 30, (r, l) => {
    let top = 0;
    for (let k = 0; k < l; k++) top += th[k][r];
    return top + 0.5 * (l < 29 ? th[l][r] : th[28][r]);
  }, (r, l) => c[l][r]);
}

async function skytem(dir: string): Promise<Section> {
  const t = await readCsv(join(dir, 'ga_aem_samples/musgrave_skytem_lci_38soundings.csv'));
  const top = Array.from({ length: 30 }, (_, l) => numericColumn(t, `Elev_${l}`, 'layer top'));
  const c = Array.from({ length: 30 }, (_, l) => numericColumn(t, `Con_${l}`, 'conductivity'));
  const ground = numericColumn(t, 'DTM_AHD', 'ground');
  return widen('GA Musgrave SkyTEM (38 soundings × 30 layers, 2 lines)', t, { x: 'Easting', y: 'NORTH', line: 'LINE' }, 30,
    (r, l) => ground[r] - (l < 29 ? 0.5 * (top[l][r] + top[l + 1][r]) : top[l][r]), (r, l) => c[l][r] / 1000);
}

function row(section: Section, method: string, build: () => { src: Int32Array; dst: Int32Array }): string {
  const t0 = performance.now();
  const e = build();
  const g = undirectedGraph(section.x.length, e.src, e.dst, null);
  const seconds = (performance.now() - t0) / 1000;
  const s = graphStats(g);
  return `| ${section.name} | ${method} | ${s.nodes.toLocaleString('en')} | ${s.edges.toLocaleString('en')} | ${seconds.toFixed(2)} | ${s.degreeMin} / ${s.degreeMedian} / ${s.degreeMean.toFixed(2)} / ${s.degreeMax} | ${s.components} (largest ${s.largestComponent.toLocaleString('en')}) |`;
}

export async function surveyGraphs(dataDir: string): Promise<string> {
  const out = [
    '| survey | graph | nodes | undirected edges | build s | degree min / median / mean / max | components |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of [await resolve(dataDir), await ausaem(dataDir), await skytem(dataDir)]) {
    out.push(row(s, 'lattice (up/down, along line, 1 station on each neighbouring line)', () => latticeEdges(s, 1)));
    out.push(row(s, 'line-kNN, k = 8, L1 over (x, y, z, log10 σ), equal weights', () => lineKnnEdges([s.x, s.y, s.z!, s.logCond], [1, 1, 1, 1], s.line, 8, 1)));
  }
  return out.join('\n');
}
