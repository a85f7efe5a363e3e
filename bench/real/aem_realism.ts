/*
 * Realism of the synthetic survey (issue #14, item 2): the default run's synthetic section beside
 * real inverted airborne-EM surveys, on the statistics a GNN trained on one and applied to the other
 * would feel: the spread of log10 conductivity, its lag-1 correlation down a sounding and along a
 * line, layer thicknesses, depth of investigation and the survey's station and line spacing.
 *
 * Every survey is first made into per-cell arrays (AemCells: one entry per sounding × layer) by its
 * own reader, and all go through the same statistic function (realismStats), so the synthetic row
 * and the real rows are computed the same way.
 */
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { categoricalColumn, numericColumn, readCsv, type Table } from '../../src/data/csv';
import { generateSurvey } from '../../src/data/synthetic_survey';

/** One survey as per-cell arrays (a cell is one layer of one sounding). Missing quantities are null; NaN marks a missing value. */
export interface AemCells {
  name: string;
  /** line id per cell (any integer code) */
  line: Int32Array;
  /** index of the sounding along its line: consecutive soundings differ by 1 */
  station: Int32Array;
  /** layer index, 0 = top */
  layer: Int32Array;
  /** log10 of conductivity in S/m */
  logCond: Float64Array;
  /** layer thickness (m); NaN for the open half-space at the bottom */
  thickness: Float64Array | null;
  /** depth of the cell centre below ground (m); used only to tell cells above the DOI */
  depth: Float64Array | null;
  /** depth of investigation below ground (m), the same for every cell of a sounding */
  doi: Float64Array | null;
  /** sounding position (m, projected), the same for every cell of a sounding */
  x: Float64Array | null;
  y: Float64Array | null;
}

/** Everything the table shows for one survey; NaN where the survey lacks what a statistic needs. */
export interface RealismStats {
  cells: number;
  soundings: number;
  lines: number;
  layers: number;
  /** 5th, 50th and 95th percentiles of log10 σ (S/m) over all cells */
  logCondAll: [number, number, number];
  /** the same over the cells whose centre lies above the sounding's DOI */
  logCondAboveDoi: [number, number, number];
  /** share of cells above the DOI */
  aboveDoiFraction: number;
  /** Pearson r of log10 σ between layer k and k+1 of the same sounding, pooled over soundings */
  lagDown: number;
  pairsDown: number;
  /** Pearson r of log10 σ between the same layer of consecutive soundings of a line, pooled */
  lagAlong: number;
  pairsAlong: number;
  /** the two lag-1 correlations over the pairs whose cells both lie above the DOI (NaN without a DOI) */
  lagDownAboveDoi: number;
  lagAlongAboveDoi: number;
  /** top layer thickness (m): median, min, max over soundings */
  topThickness: [number, number, number];
  /** thickness of the deepest layer with a finite thickness (m): median, min, max over soundings; and its median layer index */
  bottomThickness: [number, number, number];
  bottomLayer: number;
  /** DOI over soundings (m below ground): median, 5th and 95th percentiles */
  doi: [number, number, number];
  /** median distance between consecutive soundings of a line (m) */
  stationSpacing: number;
  /** median perpendicular distance between adjacent parallel lines that overlap along their length (m) */
  lineSpacing: number;
  /** why the line spacing is missing, when it is */
  lineSpacingNote: string;
}

/** Percentile of sorted values by linear interpolation between order statistics (numpy's default). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const sortedFinite = (v: Iterable<number>) => Float64Array.from([...v].filter(Number.isFinite)).sort();
const triple = (v: Iterable<number>, a: number, b: number, c: number): [number, number, number] => {
  const s = sortedFinite(v);
  return [percentile(s, a), percentile(s, b), percentile(s, c)];
};
const medMinMax = (v: Iterable<number>): [number, number, number] => {
  const s = sortedFinite(v);
  return s.length ? [percentile(s, 0.5), s[0], s[s.length - 1]] : [NaN, NaN, NaN];
};

/** Pearson correlation of paired values; NaN with fewer than 2 pairs or no variance. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Line spacing from sounding positions: lines must run parallel (within 20°); adjacent lines count only where their along-line extents overlap. */
function lineSpacing(lines: { x: number[]; y: number[] }[]): { spacing: number; note: string } {
  const dirs = lines.map((l) => {
    const dx = l.x[l.x.length - 1] - l.x[0], dy = l.y[l.y.length - 1] - l.y[0], len = Math.hypot(dx, dy);
    return len > 0 ? [dx / len, dy / len] : null;
  }).filter((d): d is number[] => d !== null);
  if (lines.length < 2) return { spacing: NaN, note: 'one line' };
  if (dirs.length < 2) return { spacing: NaN, note: 'lines without length' };
  // mean direction, each line's direction flipped to agree with the first's (lines are flown both ways)
  let mx = 0, my = 0;
  for (const [dx, dy] of dirs) { const s = dx * dirs[0][0] + dy * dirs[0][1] < 0 ? -1 : 1; mx += s * dx; my += s * dy; }
  const len = Math.hypot(mx, my);
  const d = [mx / len, my / len], nrm = [-d[1], d[0]];
  if (dirs.some(([dx, dy]) => Math.abs(dx * d[0] + dy * d[1]) < Math.cos((20 * Math.PI) / 180))) return { spacing: NaN, note: 'lines not parallel' };
  const placed = lines.map((l) => {
    const across = sortedFinite(l.x.map((x, i) => x * nrm[0] + l.y[i] * nrm[1]));
    const along = l.x.map((x, i) => x * d[0] + l.y[i] * d[1]);
    return { offset: percentile(across, 0.5), lo: Math.min(...along), hi: Math.max(...along) };
  }).sort((a, b) => a.offset - b.offset);
  const gaps: number[] = [];
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1], b = placed[i];
    if (Math.max(a.lo, b.lo) < Math.min(a.hi, b.hi)) gaps.push(b.offset - a.offset);
  }
  if (!gaps.length) return { spacing: NaN, note: `no adjacent lines overlap along their length; the ${lines.length} lines lie ${((placed[placed.length - 1].offset - placed[0].offset) / 1000).toFixed(0)} km apart across` };
  return { spacing: percentile(sortedFinite(gaps), 0.5), note: '' };
}

/** The realism statistics of one survey (see RealismStats). */
export function realismStats(c: AemCells): RealismStats {
  const n = c.logCond.length;
  const isAbove = (i: number) => (c.doi && c.depth ? c.depth[i] < c.doi[i] : false);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => c.line[a] - c.line[b] || c.station[a] - c.station[b] || c.layer[a] - c.layer[b]);
  // soundings: runs of cells with the same line and station, in line/station order; cells inside by layer
  const starts: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (j === 0 || c.line[i] !== c.line[order[j - 1]] || c.station[i] !== c.station[order[j - 1]]) starts.push(j);
  }
  starts.push(n);
  const S = starts.length - 1;
  const cellsOf = (s: number) => order.subarray(starts[s], starts[s + 1]);

  // down a sounding: layer k with layer k + 1
  const downA: number[] = [], downB: number[] = [], downAboveA: number[] = [], downAboveB: number[] = [];
  for (let s = 0; s < S; s++) {
    const cs = cellsOf(s);
    for (let j = 1; j < cs.length; j++) {
      if (c.layer[cs[j]] !== c.layer[cs[j - 1]] + 1) continue;
      downA.push(c.logCond[cs[j - 1]]); downB.push(c.logCond[cs[j]]);
      if (isAbove(cs[j - 1]) && isAbove(cs[j])) { downAboveA.push(c.logCond[cs[j - 1]]); downAboveB.push(c.logCond[cs[j]]); }
    }
  }
  // along a line: the same layer of soundings whose station indices differ by 1 (merge on layer)
  const alongA: number[] = [], alongB: number[] = [], alongAboveA: number[] = [], alongAboveB: number[] = [];
  const spacings: number[] = [];
  for (let s = 1; s < S; s++) {
    const a = cellsOf(s - 1), b = cellsOf(s);
    if (c.line[a[0]] !== c.line[b[0]] || c.station[b[0]] !== c.station[a[0]] + 1) continue;
    for (let p = 0, q = 0; p < a.length && q < b.length;) {
      const la = c.layer[a[p]], lb = c.layer[b[q]];
      if (la === lb) {
        alongA.push(c.logCond[a[p]]); alongB.push(c.logCond[b[q]]);
        if (isAbove(a[p]) && isAbove(b[q])) { alongAboveA.push(c.logCond[a[p]]); alongAboveB.push(c.logCond[b[q]]); }
        p++; q++;
      } else if (la < lb) p++; else q++;
    }
    if (c.x && c.y) spacings.push(Math.hypot(c.x[b[0]] - c.x[a[0]], c.y[b[0]] - c.y[a[0]]));
  }

  // per sounding: top and last finite thickness, DOI
  const top: number[] = [], bottom: number[] = [], bottomLayer: number[] = [], doi: number[] = [];
  for (let s = 0; s < S; s++) {
    const cs = cellsOf(s);
    if (c.thickness) {
      if (c.layer[cs[0]] === 0) top.push(c.thickness[cs[0]]);
      for (let j = cs.length - 1; j >= 0; j--) {
        const t = c.thickness[cs[j]];
        if (Number.isFinite(t) && t > 0) { bottom.push(t); bottomLayer.push(c.layer[cs[j]]); break; }
      }
    }
    if (c.doi) doi.push(c.doi[cs[0]]);
  }

  const above: number[] = [];
  for (let i = 0; i < n; i++) if (isAbove(i)) above.push(c.logCond[i]);

  const lineRuns: { x: number[]; y: number[] }[] = [];
  if (c.x && c.y) {
    for (let s = 0; s < S; s++) {
      const i = cellsOf(s)[0];
      if (s === 0 || c.line[i] !== c.line[cellsOf(s - 1)[0]]) lineRuns.push({ x: [], y: [] });
      lineRuns[lineRuns.length - 1].x.push(c.x[i]);
      lineRuns[lineRuns.length - 1].y.push(c.y[i]);
    }
  }
  const ls = c.x && c.y ? lineSpacing(lineRuns) : { spacing: NaN, note: 'no positions' };
  const layers = new Set(c.layer).size;
  return {
    cells: n, soundings: S, lines: new Set(c.line).size, layers,
    logCondAll: triple(c.logCond, 0.05, 0.5, 0.95),
    logCondAboveDoi: triple(above, 0.05, 0.5, 0.95),
    aboveDoiFraction: c.doi && c.depth ? above.length / n : NaN,
    lagDown: pearson(downA, downB), pairsDown: downA.length,
    lagAlong: pearson(alongA, alongB), pairsAlong: alongA.length,
    lagDownAboveDoi: pearson(downAboveA, downAboveB), lagAlongAboveDoi: pearson(alongAboveA, alongAboveB),
    topThickness: medMinMax(top),
    bottomThickness: medMinMax(bottom),
    bottomLayer: percentile(sortedFinite(bottomLayer), 0.5),
    doi: triple(doi, 0.5, 0.05, 0.95),
    stationSpacing: percentile(sortedFinite(spacings), 0.5),
    lineSpacing: ls.spacing,
    lineSpacingNote: ls.note,
  };
}

// ---------------------------------------------------------------- readers

/** A wide table (one row per sounding, one column per layer) made into cells. Stations count rows in file order within each line. */
function fromSoundings(name: string, t: Table, lineCol: string, xCol: string, yCol: string, layers: number,
  q: { cond: (r: number, l: number) => number; thickness: (r: number, l: number) => number; depth: (r: number, l: number) => number; doi?: (r: number) => number }): AemCells {
  const lineIds = categoricalColumn(t, lineCol, 'line').codes;
  const x = numericColumn(t, xCol, 'x'), y = numericColumn(t, yCol, 'y');
  const n = t.rows * layers;
  const c: AemCells = {
    name, line: new Int32Array(n), station: new Int32Array(n), layer: new Int32Array(n), logCond: new Float64Array(n),
    thickness: new Float64Array(n), depth: new Float64Array(n), doi: q.doi ? new Float64Array(n) : null, x: new Float64Array(n), y: new Float64Array(n),
  };
  const next = new Map<number, number>();
  for (let r = 0; r < t.rows; r++) {
    const st = next.get(lineIds[r]) ?? 0;
    next.set(lineIds[r], st + 1);
    for (let l = 0; l < layers; l++) {
      const i = r * layers + l;
      c.line[i] = lineIds[r]; c.station[i] = st; c.layer[i] = l;
      c.logCond[i] = Math.log10(q.cond(r, l));
      c.thickness![i] = q.thickness(r, l); c.depth![i] = q.depth(r, l);
      if (q.doi) c.doi![i] = q.doi(r);
      c.x![i] = x[r]; c.y![i] = y[r];
    }
  }
  return c;
}

/** USGS RESOLVE layer depth bounds (m below ground), from the model's metadata YAML as PROVENANCE.md lists them; layer 29 (125–140) is the open half-space. */
export const RESOLVE_BOUNDS = [0, 1, 2.1, 3.3, 4.6, 6, 7.5, 9.2, 11, 13, 15.2, 17.6, 20.2, 23, 26.1, 29.5, 33.2, 37.2, 41.6, 46.3, 51.5, 57.1, 63.3, 70, 77.3, 85.3, 94, 104, 114, 125, 140];

/** USGS RESOLVE (Mississippi Alluvial Plain): RHO_I in ohm·m → σ = 1/ρ; DOI_STANDARD or DOI_CONSERVATIVE. */
export async function readResolve(dataDir: string, doiColumn: 'DOI_STANDARD' | 'DOI_CONSERVATIVE' = 'DOI_STANDARD'): Promise<AemCells> {
  const t = await readCsv(join(dataDir, 'usgs_map_resolve_aem/Resolve_model.csv.gz'));
  const rho = Array.from({ length: 30 }, (_, l) => numericColumn(t, `RHO_I[${l}]`, 'resistivity (ohm·m)'));
  const doi = numericColumn(t, doiColumn, 'depth of investigation');
  return fromSoundings(`USGS RESOLVE, Mississippi Alluvial Plain (FDEM, Aarhus LCI/SCI), ${doiColumn}`, t, 'LINE', 'X_WGS84_Albers', 'Y_WGS84_Albers', 30, {
    cond: (r, l) => 1 / rho[l][r],
    thickness: (_, l) => (l < 29 ? RESOLVE_BOUNDS[l + 1] - RESOLVE_BOUNDS[l] : NaN),
    depth: (_, l) => 0.5 * (RESOLVE_BOUNDS[l] + RESOLVE_BOUNDS[l + 1]),
    doi: (r) => doi[r],
  });
}

/** GA AusAEM 02 TEMPEST sample-by-sample inversion: conductivity_l in S/m, thickness_l in m (thickness_29 is the half-space, a placeholder value); no DOI. */
export async function readAusaem(dataDir: string): Promise<AemCells> {
  const t = await readCsv(join(dataDir, 'ga_aem_samples/ausaem02_vsum_inversion_100soundings.csv'));
  const th = Array.from({ length: 30 }, (_, l) => numericColumn(t, `thickness_${l}`, 'thickness (m)'));
  const c = Array.from({ length: 30 }, (_, l) => numericColumn(t, `conductivity_${l}`, 'conductivity (S/m)'));
  const topOf = (r: number, l: number) => { let s = 0; for (let k = 0; k < l; k++) s += th[k][r]; return s; };
  return fromSoundings('GA AusAEM 02 (TEMPEST, GA layered-earth inversion)', t, 'line', 'easting', 'northing', 30, {
    cond: (r, l) => c[l][r],
    thickness: (r, l) => (l < 29 ? th[l][r] : NaN),
    depth: (r, l) => topOf(r, l) + (l < 29 ? 0.5 * th[l][r] : 0),
  });
}

/** GA Musgrave SkyTEM LCI: Con_l in mS/m → S/m; Elev_l is the layer top's elevation (m), DTM_AHD the ground's; DOI in m below ground. */
export async function readSkytem(dataDir: string): Promise<AemCells> {
  const t = await readCsv(join(dataDir, 'ga_aem_samples/musgrave_skytem_lci_38soundings.csv'));
  const elev = Array.from({ length: 30 }, (_, l) => numericColumn(t, `Elev_${l}`, 'layer-top elevation (m)'));
  const c = Array.from({ length: 30 }, (_, l) => numericColumn(t, `Con_${l}`, 'conductivity (mS/m)'));
  const ground = numericColumn(t, 'DTM_AHD', 'ground elevation'), doi = numericColumn(t, 'DOI', 'depth of investigation');
  return fromSoundings('GA Musgrave (SkyTEM, contractor LCI)', t, 'LINE', 'Easting', 'NORTH', 30, {
    cond: (r, l) => c[l][r] / 1000,
    thickness: (r, l) => (l < 29 ? elev[l][r] - elev[l + 1][r] : NaN),
    depth: (r, l) => ground[r] - (l < 29 ? 0.5 * (elev[l][r] + elev[l + 1][r]) : elev[l][r]),
    doi: (r) => doi[r],
  });
}

/**
 * The generator's table made into cells. The new layout (a `doi` column) has cond in S/m, depth,
 * thickness and doi; the older one has cond in mS/m (as data.synthetic's conductivities are given)
 * and none of those, which then show as missing.
 */
export function cellsFromSurveyTable(name: string, t: Table): { cells: AemCells; unit: string } {
  const has = (col: string) => t.columns.has(col);
  const newLayout = has('doi');
  const scale = newLayout ? 1 : 1e-3;
  const cond = numericColumn(t, 'cond', 'conductivity');
  const opt = (col: string) => (has(col) ? numericColumn(t, col, col, true) : null);
  return {
    unit: newLayout ? 'S/m (table with a doi column)' : 'mS/m (older table without depth/thickness/doi columns)',
    cells: {
      name,
      line: categoricalColumn(t, 'Line', 'line').codes,
      station: Int32Array.from(numericColumn(t, 'station', 'station')),
      layer: Int32Array.from(numericColumn(t, 'layer', 'layer')),
      logCond: cond.map((v) => Math.log10(v * scale)),
      thickness: opt('thickness'), depth: opt('depth'), doi: opt('doi'), x: opt('x'), y: opt('y'),
    },
  };
}

/** The default run's synthetic survey: configs/default.json, loaded as the CLI loads it, through generateSurvey. */
export function readSyntheticDefault(configFile: string): { cells: AemCells; unit: string; what: string } {
  const cfg = loadRunConfig(configFile);
  const sy = cfg.data.synthetic;
  const t = generateSurvey(sy, cfg.seed);
  const what = `synthetic default (seed ${cfg.seed}; ${sy.lines} lines × ${sy.stationsPerLine} stations × ${sy.layers} layers)`;
  return { ...cellsFromSurveyTable(what, t), what };
}

// ---------------------------------------------------------------- table

const dash = '–';
const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d).replace(/^-/, '−') : dash);
const trio = (v: [number, number, number], d: number) => (v.every(Number.isFinite) ? v.map((x) => f(x, d)).join(' / ') : dash);
const withRange = (v: [number, number, number], d: number) => (!Number.isFinite(v[0]) ? dash : v[2] - v[1] > 1e-6 * Math.abs(v[0]) + 1e-9 ? `${f(v[0], d)} (${f(v[1], d)}–${f(v[2], d)})` : f(v[0], d));

/** The statistics compared against the real range: label, value, decimals, and whether a ratio is meaningful (positive scale). */
const CHECKS: [string, (s: RealismStats) => number, number, boolean][] = [
  ['log10 σ p5, all cells', (s) => s.logCondAll[0], 2, false],
  ['log10 σ p50, all cells', (s) => s.logCondAll[1], 2, false],
  ['log10 σ p95, all cells', (s) => s.logCondAll[2], 2, false],
  ['log10 σ p5, cells above the DOI', (s) => s.logCondAboveDoi[0], 2, false],
  ['log10 σ p50, cells above the DOI', (s) => s.logCondAboveDoi[1], 2, false],
  ['log10 σ p95, cells above the DOI', (s) => s.logCondAboveDoi[2], 2, false],
  ['lag-1 r down a station', (s) => s.lagDown, 3, false],
  ['lag-1 r along a line', (s) => s.lagAlong, 3, false],
  ['top layer thickness (m)', (s) => s.topThickness[0], 2, true],
  ['bottom finite layer thickness (m)', (s) => s.bottomThickness[0], 1, true],
  ['DOI median (m)', (s) => s.doi[0], 0, true],
  ['DOI p5 (m)', (s) => s.doi[1], 0, true],
  ['DOI p95 (m)', (s) => s.doi[2], 0, true],
  ['station spacing (m)', (s) => s.stationSpacing, 1, true],
  ['line spacing (m)', (s) => s.lineSpacing, 0, true],
];

/** One line per statistic: is the synthetic value inside min..max of the real rows, and if not by how much. */
export function rangeVerdicts(synthetic: RealismStats, real: RealismStats[]): string[] {
  return CHECKS.map(([label, get, d, ratio]) => {
    const v = get(synthetic);
    const rs = real.map(get).filter(Number.isFinite);
    if (!rs.length) return `- ${label}: no real survey has it.`;
    const lo = Math.min(...rs), hi = Math.max(...rs);
    const range = rs.length === 1 ? `the one real value ${f(lo, d)}` : `real ${f(lo, d)}..${f(hi, d)}`;
    if (!Number.isFinite(v)) return `- ${label}: synthetic –, ${range}: not comparable yet.`;
    if (v >= lo && v <= hi) return `- ${label}: synthetic ${f(v, d)}, ${range}: within.`;
    const r = (x: number) => Number(x.toFixed(d));
    const by = v < lo ? r(lo) - r(v) : r(v) - r(hi);
    const times = ratio && v > 0 ? ` (×${(v < lo ? lo / v : v / hi).toFixed(2)})` : '';
    return `- ${label}: synthetic ${f(v, d)}, ${range}: **outside**, ${f(by, d)} ${v < lo ? 'below the lowest' : 'above the highest'}${times}.`;
  });
}

function tableRow(name: string, s: RealismStats): string {
  const above = Number.isFinite(s.aboveDoiFraction) ? `${trio(s.logCondAboveDoi, 2)} (${(100 * s.aboveDoiFraction).toFixed(0)} % of cells)` : dash;
  const bottom = Number.isFinite(s.bottomThickness[0]) ? `${withRange(s.bottomThickness, 1)} (layer ${f(s.bottomLayer, 0)})` : dash;
  const doi = Number.isFinite(s.doi[0]) ? `${f(s.doi[0], 0)} (${f(s.doi[1], 0)}–${f(s.doi[2], 0)})` : dash;
  const lines = Number.isFinite(s.lineSpacing) ? f(s.lineSpacing, 0) : `${dash}${s.lineSpacingNote ? ` (${s.lineSpacingNote})` : ''}`;
  return `| ${name} | ${s.soundings.toLocaleString('en')} × ${s.layers} (${s.lines} line${s.lines === 1 ? '' : 's'}) | ${trio(s.logCondAll, 2)} | ${above} | ${f(s.lagDown, 3)} | ${f(s.lagAlong, 3)} | ${withRange(s.topThickness, 2)} | ${bottom} | ${doi} | ${f(s.stationSpacing, 1)} | ${lines} |`;
}

/** The realism part of BENCHMARKS.md: the table, then one verdict line per statistic. */
export async function aemRealism(dataDir: string, configFile: string): Promise<string> {
  const syn = readSyntheticDefault(configFile);
  const real = [await readResolve(dataDir), await readAusaem(dataDir), await readSkytem(dataDir)];
  const synStats = realismStats(syn.cells);
  const realStats = real.map(realismStats);
  const conservative = realismStats(await readResolve(dataDir, 'DOI_CONSERVATIVE'));
  const out = [
    '| survey | soundings × layers | log10 σ (S/m) p5 / p50 / p95, all cells | the same, cells whose centre is above the DOI | lag-1 r down a station | lag-1 r along a line | top layer m | bottom finite layer m | DOI m below ground: median (p5–p95) | station spacing m (median) | line spacing m (median) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    tableRow(`**${syn.what}**`, synStats),
    ...realStats.map((s, k) => tableRow(real[k].name, s)),
    '',
    `Notes. Percentiles interpolate linearly between order statistics; lag-1 r is the Pearson correlation of all pairs pooled (down: layer k with k + 1 of a sounding, ${realStats.map((s) => s.pairsDown.toLocaleString('en')).join(' / ')} pairs in the real rows; along: the same layer of consecutive soundings of a line, ${realStats.map((s) => s.pairsAlong.toLocaleString('en')).join(' / ')} pairs), over all cells, not only those above the DOI. `
    + 'Thicknesses are medians over soundings, with (min–max) where they vary; the bottom finite layer is the deepest one above the open half-space, which all three real models end in (RESOLVE\'s metadata gives the half-space nominal bounds 125–140 m, i.e. 15 m; AusAEM repeats layer 28\'s thickness for it; SkyTEM gives only its top); a table that gives every layer a finite thickness, as the synthetic one may, has its last layer there. '
    + 'Line spacing is the median across-line distance between adjacent parallel lines that overlap along their length. '
    + `Over the pairs whose two cells both lie above the DOI, lag-1 r down / along is ${[[syn.what.split(' (')[0], synStats] as const, ...realStats.map((s, k) => [real[k].name.split(',')[0].split(' (')[0], s] as const)].filter(([, s]) => Number.isFinite(s.lagDownAboveDoi)).map(([name, s]) => `${f(s.lagDownAboveDoi, 3)} / ${f(s.lagAlongAboveDoi, 3)} (${name})`).join(', ')}. `
    + `The synthetic conductivity was read as ${syn.unit}. `
    + `RESOLVE with DOI_CONSERVATIVE instead: DOI ${f(conservative.doi[0], 0)} m (${f(conservative.doi[1], 0)}–${f(conservative.doi[2], 0)}), log10 σ above it ${trio(conservative.logCondAboveDoi, 2)} (${(100 * conservative.aboveDoiFraction).toFixed(0)} % of cells). `
    + 'The real surveys are cut-down samples (RESOLVE: 9 lines of one block; AusAEM: 1.2 km of one line; Musgrave: 38 soundings on 2 short lines far apart), so their spacing and DOI numbers describe the samples.',
    '',
    `Synthetic default against the range of the real rows (min..max over the ${real.length} real surveys that have the statistic):`,
    '',
    ...rangeVerdicts(synStats, realStats),
  ];
  return out.join('\n');
}
