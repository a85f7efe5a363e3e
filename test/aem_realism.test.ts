import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  cellsFromSurveyTable, pearson, percentile, rangeVerdicts, readAusaem, readResolve, readSkytem, realismStats, type AemCells,
} from '../bench/real/aem_realism';
import type { Table } from '../src/data/csv';

/** A hand-made section: `lines` lines × `stations` × `layers`, cells listed in a scrambled order; value(line, station, layer) gives log10 σ. */
function section(lines: number, stations: number, layers: number, value: (l: number, s: number, k: number) => number, extra: Partial<Record<'thickness' | 'depth' | 'doi' | 'x' | 'y', (l: number, s: number, k: number) => number>> = {}): AemCells {
  const idx: [number, number, number][] = [];
  for (let l = 0; l < lines; l++) for (let s = 0; s < stations; s++) for (let k = 0; k < layers; k++) idx.push([l, s, k]);
  // scramble deterministically (reverse, then interleave halves) so the function must sort
  idx.reverse();
  const half = Math.ceil(idx.length / 2);
  const order = idx.map((_, i) => idx[i % 2 === 0 ? i / 2 : half + (i - 1) / 2]);
  const arr = (f?: (l: number, s: number, k: number) => number) => (f ? Float64Array.from(order, ([l, s, k]) => f(l, s, k)) : null);
  return {
    name: 'hand-made',
    line: Int32Array.from(order, ([l]) => 7 + 3 * l), // any integer codes
    station: Int32Array.from(order, ([, s]) => s),
    layer: Int32Array.from(order, ([, , k]) => k),
    logCond: Float64Array.from(order, ([l, s, k]) => value(l, s, k)),
    thickness: arr(extra.thickness), depth: arr(extra.depth), doi: arr(extra.doi), x: arr(extra.x), y: arr(extra.y),
  };
}

describe('realism statistics on hand-made sections', () => {
  it('percentile interpolates between order statistics like numpy', () => {
    const v = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(percentile(v, 0.05)).toBeCloseTo(5, 12);
    expect(percentile(v, 0.5)).toBeCloseTo(50, 12);
    expect(percentile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(percentile([10, 20], 0.95)).toBeCloseTo(19.5, 12);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('pearson: perfect, anti and undefined', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    // by hand: a = [0, 1, 2], b = [0, 2, 1]: cov = (−1·−1 + 0·1 + 1·0)/3 = 1/3, var a = var b = 2/3, r = 0.5
    expect(pearson([0, 1, 2], [0, 2, 1])).toBeCloseTo(0.5, 12);
  });

  it('a linear log-conductivity profile gives lag-1 r = 1 down and along; percentiles of layers 0..20', () => {
    const s = realismStats(section(1, 2, 21, (_l, st, k) => k + 0.1 * st));
    expect(s.cells).toBe(42);
    expect(s.soundings).toBe(2);
    expect(s.lines).toBe(1);
    expect(s.layers).toBe(21);
    expect(s.lagDown).toBeCloseTo(1, 12);
    expect(s.pairsDown).toBe(2 * 20);
    expect(s.lagAlong).toBeCloseTo(1, 12);
    expect(s.pairsAlong).toBe(21);
    // values 0..20 and 0.1..20.1: sorted [0, 0.1, 1, 1.1, …]; p5 at h = 41·0.05 = 2.05 → 1 + 0.05·0.1
    expect(s.logCondAll[0]).toBeCloseTo(1.005, 12);
    expect(s.logCondAll[1]).toBeCloseTo(10.05, 12); // h = 20.5, between 10 and 10.1
    expect(s.logCondAll[2]).toBeCloseTo(19.095, 12); // h = 38.95, between 19 and 19.1
    // nothing else is known: missing, not zero
    expect(s.topThickness[0]).toBeNaN();
    expect(s.doi[0]).toBeNaN();
    expect(s.logCondAboveDoi[1]).toBeNaN();
    expect(s.aboveDoiFraction).toBeNaN();
    expect(s.stationSpacing).toBeNaN();
    expect(s.lineSpacing).toBeNaN();
  });

  it('alternating layers give lag-1 r = −1 down a station; constant along the line gives r = 1 along', () => {
    const s = realismStats(section(2, 3, 4, (_l, _s, k) => (k % 2 === 0 ? -1 : -2)));
    expect(s.lagDown).toBeCloseTo(-1, 12);
    expect(s.pairsDown).toBe(6 * 3);
    expect(s.lagAlong).toBeCloseTo(1, 12);
    expect(s.pairsAlong).toBe(2 * 2 * 4); // 2 lines × 2 consecutive pairs × 4 layers; never across lines
  });

  it('pairs only consecutive stations: a gap in the station index breaks the line', () => {
    const c = section(1, 3, 2, (_l, s, k) => s + k);
    for (let i = 0; i < c.station.length; i++) if (c.station[i] === 2) c.station[i] = 5;
    expect(realismStats(c).pairsAlong).toBe(2);
  });

  it('thickness, DOI, cells above the DOI, station and line spacing', () => {
    // 3 lines at y = 0, 100, 350 (x overlapping), 2 stations 10 m apart; layers 2, 3, 4 m and a half-space
    const ys = [0, 100, 350];
    const tops = [0, 2, 5, 9], thick = [2, 3, 4, NaN];
    const doiOf = (l: number, s: number) => 10 * (2 * l + s + 1); // 10, 20, …, 60 over the 6 soundings
    const s = realismStats(section(3, 2, 4, (l, st, k) => -k - 0.01 * doiOf(l, st), {
      thickness: (_l, _s, k) => thick[k],
      depth: (_l, _s, k) => tops[k] + (Number.isFinite(thick[k]) ? thick[k] / 2 : 0), // 1, 3.5, 7, 9
      doi: doiOf,
      x: (_l, s) => 10 * s,
      y: (l) => ys[l],
    }));
    expect(s.topThickness).toEqual([2, 2, 2]);
    expect(s.bottomThickness).toEqual([4, 4, 4]);
    expect(s.bottomLayer).toBe(2);
    expect(s.doi[0]).toBeCloseTo(35, 12); // median of 10..60
    expect(s.doi[1]).toBeCloseTo(12.5, 12); // h = 0.25
    expect(s.doi[2]).toBeCloseTo(57.5, 12); // h = 4.75
    // the DOI-10 sounding keeps layers with centre 1, 3.5, 7, 9 → all (< 10); every sounding keeps all 4: all cells above
    expect(s.aboveDoiFraction).toBe(1);
    expect(s.stationSpacing).toBeCloseTo(10, 12);
    expect(s.lineSpacing).toBeCloseTo(175, 9); // adjacent gaps 100 and 250
    expect(s.lineSpacingNote).toBe('');
  });

  it('cells below the DOI are left out of the restricted percentiles', () => {
    // one sounding, layers at depth 0.5, 1.5, …, 9.5 with log10 σ = layer; DOI 5 keeps layers 0..4
    const s = realismStats(section(1, 1, 10, (_l, _s, k) => k, { depth: (_l, _s, k) => k + 0.5, doi: () => 5 }));
    expect(s.aboveDoiFraction).toBeCloseTo(0.5, 12);
    expect(s.logCondAboveDoi[1]).toBeCloseTo(2, 12);
    expect(s.logCondAboveDoi[0]).toBeCloseTo(0.2, 12); // h = 4·0.05
    expect(s.logCondAll[1]).toBeCloseTo(4.5, 12);
  });

  it('lag-1 r above the DOI uses only pairs with both cells above it', () => {
    // linear above the DOI (5 m), scrambled below: all pairs r < 1, pairs above r = 1
    const below = [9, 2, 7, 1, 8];
    const s = realismStats(section(1, 2, 10, (_l, _s, k) => (k < 5 ? k : below[k - 5]), { depth: (_l, _s, k) => k + 0.5, doi: () => 5 }));
    expect(s.lagDown).toBeLessThan(0.9);
    expect(s.lagDownAboveDoi).toBeCloseTo(1, 12);
    expect(s.lagAlongAboveDoi).toBeCloseTo(1, 12);
    expect(realismStats(section(1, 2, 3, (_l, _s, k) => k)).lagDownAboveDoi).toBeNaN();
  });

  it('line spacing needs parallel lines that overlap along their length', () => {
    const apart = realismStats(section(2, 3, 1, () => 0, { x: (l, s) => 10 * s + 1000 * l, y: (l) => 50 * l }));
    expect(apart.lineSpacing).toBeNaN();
    expect(apart.lineSpacingNote).toMatch(/overlap/);
    const crossing = realismStats(section(2, 3, 1, () => 0, { x: (l, s) => (l === 0 ? 10 * s : 10), y: (l, s) => (l === 0 ? 0 : 10 * s - 10) }));
    expect(crossing.lineSpacingNote).toBe('lines not parallel');
  });

  it('verdicts: within, outside by how much, missing', () => {
    const mk = (v: number) => realismStats(section(1, 2, 3, (_l, s, k) => v + k + 0.5 * s));
    const lines = rangeVerdicts(mk(0), [mk(-1), mk(1)]);
    expect(lines[1]).toMatch(/log10 σ p50, all cells: synthetic 1\.25, real 0\.25\.\.2\.25: within/);
    const out = rangeVerdicts(mk(5), [mk(-1), mk(1)]);
    expect(out[1]).toMatch(/\*\*outside\*\*, 4\.00 above the highest/);
    expect(out.find((l) => l.startsWith('- DOI median'))).toMatch(/no real survey has it/);
  });

  it('reads the generator tables: the older layout in mS/m without depth columns, the newer in S/m', () => {
    const t = (cols: Record<string, string[]>): Table => ({ file: 'x', header: Object.keys(cols), rows: cols.cond.length, columns: new Map(Object.entries(cols)) });
    const base = { Line: ['L1', 'L1'], station: ['0', '0'], layer: ['0', '1'], cond: ['100', '10'], x: ['0', '0'], y: ['0', '0'] };
    const old = cellsFromSurveyTable('old', t(base));
    expect(Array.from(old.cells.logCond).map((v) => +v.toFixed(12))).toEqual([-1, -2]);
    expect(old.cells.doi).toBeNull();
    expect(old.cells.thickness).toBeNull();
    const neu = cellsFromSurveyTable('new', t({ ...base, cond: ['0.1', '0.01'], doi: ['50', '50'], depth: ['1', '3'], thickness: ['2', '2'] }));
    expect(Array.from(neu.cells.logCond).map((v) => +v.toFixed(12))).toEqual([-1, -2]);
    expect(realismStats(neu.cells).doi[0]).toBe(50);
  });
});

const DATA = join(__dirname, '../../shared/data');
const files = ['usgs_map_resolve_aem/Resolve_model.csv.gz', 'ga_aem_samples/ausaem02_vsum_inversion_100soundings.csv', 'ga_aem_samples/musgrave_skytem_lci_38soundings.csv'];
const present = files.every((f) => existsSync(join(DATA, f)));
if (!present) console.warn(`skipping the real AEM survey checks: ${DATA} (../shared beside the project) lacks ${files.join(', ')}`);

describe('real AEM surveys as cells (reads ../shared/data)', () => {
  it.skipIf(!present)('RESOLVE: 9,999 soundings × 30 layers on 9 lines, σ = 1/ρ within 1/263..1/1.03 S/m, fixed layer bounds, DOIs', async () => {
    const c = await readResolve(DATA);
    expect(c.logCond.length).toBe(299_970);
    const s = realismStats(c);
    expect([s.soundings, s.layers, s.lines]).toEqual([9_999, 30, 9]);
    const lo = c.logCond.reduce((a, b) => Math.min(a, b)), hi = c.logCond.reduce((a, b) => Math.max(a, b));
    expect(lo).toBeGreaterThanOrEqual(Math.log10(1 / 263.5));
    expect(hi).toBeLessThanOrEqual(Math.log10(1 / 1.02));
    expect(s.topThickness).toEqual([1, 1, 1]);
    expect(s.bottomLayer).toBe(28);
    expect(s.bottomThickness[0]).toBeCloseTo(11, 9);
    expect(s.doi[0]).toBeGreaterThan(20);
    expect(s.doi[0]).toBeLessThan(200);
    expect(s.stationSpacing).toBeGreaterThan(15);
    expect(s.stationSpacing).toBeLessThan(35);
    expect(s.lineSpacing).toBeGreaterThan(700); // about 1 km
    expect(s.lineSpacing).toBeLessThan(1300);
    const cons = realismStats(await readResolve(DATA, 'DOI_CONSERVATIVE'));
    expect(cons.doi[0]).toBeLessThan(s.doi[0]);
  }, 60_000);

  it.skipIf(!present)('AusAEM: 100 soundings × 30 layers on one line, S/m, 4 m top layer, no DOI', async () => {
    const c = await readAusaem(DATA);
    const s = realismStats(c);
    expect([s.cells, s.soundings, s.layers, s.lines]).toEqual([3_000, 100, 30, 1]);
    expect(s.topThickness[0]).toBeCloseTo(4, 9);
    expect(s.bottomLayer).toBe(28);
    expect(s.doi[0]).toBeNaN();
    expect(s.logCondAll[1]).toBeGreaterThan(-4);
    expect(s.logCondAll[1]).toBeLessThan(0);
    expect(s.stationSpacing).toBeGreaterThan(8);
    expect(s.stationSpacing).toBeLessThan(16); // about 12 m
    expect(s.lineSpacingNote).toBe('one line');
    // the 29 finite layers reach 594.5 m in the first sounding; PROVENANCE.md's "≈ 652 m" is that plus the half-space's placeholder 57.68 m
    let sum = 0;
    for (let i = 0; i < 29; i++) sum += c.thickness![i];
    expect(sum).toBeCloseTo(594.5, 6);
    expect(c.thickness![29]).toBeNaN();
  });

  it.skipIf(!present)('Musgrave SkyTEM: 38 soundings × 30 layers on 2 lines, mS/m made S/m, DOI below ground', async () => {
    const c = await readSkytem(DATA);
    const s = realismStats(c);
    expect([s.cells, s.soundings, s.layers, s.lines]).toEqual([1_140, 38, 30, 2]);
    // Con is 10–1000 mS/m: in S/m the median is between 0.01 and 1
    expect(s.logCondAll[1]).toBeGreaterThan(-2);
    expect(s.logCondAll[1]).toBeLessThan(0);
    expect(s.topThickness[0]).toBeCloseTo(2, 6);
    expect(s.doi[0]).toBeGreaterThan(200);
    expect(s.doi[0]).toBeLessThan(500);
    expect(s.aboveDoiFraction).toBeGreaterThan(0.5);
    expect(s.aboveDoiFraction).toBeLessThan(1);
    expect(s.lineSpacing).toBeNaN(); // the two lines are far apart and do not overlap
  });
});
