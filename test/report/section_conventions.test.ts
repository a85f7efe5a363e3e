import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/pipeline/run';
import { runDataOf } from '../../src/pipeline/report_view';
import type { RunResult } from '../../src/pipeline/run_result';
import { AGREE, CLASS_COLORS, classColor, classColors } from '../../src/report/colors';
import type { RunData } from '../../src/report/run_data';
import { classMapFigure } from '../../src/report/class_map';
import { mapFrame, mapSample, MAP_POINT_BUDGET } from '../../src/report/map_frame';
import { productMaps } from '../../src/report/products_figure';
import { roundExaggeration, sectionFigures, sectionLines } from '../../src/report/section_figures';
import { smallRunConfig } from '../helpers/run_config';

/*
 * Sections as interpreters draw them: one stated vertical exaggeration for the whole report, units
 * on the value colour bar, the depth of investigation drawn and the cells below it veiled, class
 * colours that do not move when a class is missing, and agreement colours that are not class colours.
 */
type SectionData = { line: string; distance: number[]; elevation: number[]; verticalExaggeration: number; panelHeight: number; doi: boolean };

describe('section conventions', () => {
  let run: RunResult;
  let r: RunData;
  beforeAll(async () => {
    run = await runExperiment(smallRunConfig((c) => { c.method.epochs = 5; c.method.baselines = []; }), { log: () => {}, quiet: true });
    r = runDataOf(run);
  }, 120_000);

  it('every section of a report at one vertical exaggeration, stated on each, and the panel drawn at it', () => {
    const figs = sectionFigures(r);
    const ves = new Set(figs.map((f) => (f.data as SectionData).verticalExaggeration));
    expect(ves.size).toBe(1);
    const ve = [...ves][0];
    expect(ve).toBe(roundExaggeration(ve));
    for (const f of figs) {
      const d = f.data as SectionData;
      expect(f.svg).toContain(`vertical exaggeration ${ve}×`);
      // panel height = drawn elevation span × horizontal pixels per metre × exaggeration; the span is the cells' plus half a cell each end
      const pxPerM = 500 / (d.distance[1] - d.distance[0]);
      expect(d.panelHeight / pxPerM / ve).toBeGreaterThan(d.elevation[1] - d.elevation[0]);
      expect(d.panelHeight / pxPerM / ve).toBeLessThan((d.elevation[1] - d.elevation[0]) * 1.2);
    }
  });

  it('the configured exaggeration is the one drawn', () => {
    const figs = sectionFigures({ ...r, figures: { verticalExaggeration: 3, mapElevation: null } });
    for (const f of figs) {
      expect((f.data as SectionData).verticalExaggeration).toBeCloseTo(3, 9);
      expect(f.svg).toContain('vertical exaggeration 3×');
    }
    const flat = sectionFigures({ ...r, figures: { verticalExaggeration: 0.001, mapElevation: null } })[0];
    // too flat to draw: drawn at the smallest height, and the title says at which exaggeration
    const title = /<text x="60" y="30" font-size="10">([^<]*)</.exec(flat.svg)![1];
    expect(title).toMatch(/^vertical exaggeration [\d.]+× \(the report&#39;s 0\.001× would be shorter than 24 px\)/);
    expect((flat.data as SectionData).panelHeight).toBe(24);
  });

  it('the value colour bar and panel carry the unit (log10 S/m for log10 conductivity)', () => {
    const f = sectionFigures(r)[0];
    expect(r.units.log10_cond).toBe('log10 S/m');
    expect(f.svg).toContain('log10_cond (log10 S/m)');
  });

  it('the DOI is drawn, the three colour panels are veiled below it, and it lies within the soundings', () => {
    const f = sectionFigures(r)[0];
    expect((f.data as SectionData).doi).toBe(true);
    expect(f.svg).toContain('class="doi"');
    const veils = [...f.svg.matchAll(/<g class="below-doi"[^>]*>(.*?)<\/g>/g)];
    // the value, class and entropy panels are veiled; agreement is not
    expect(veils.length).toBe(3);
    expect([...veils[0][1].matchAll(/<path d="M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)+H[\d.]+V[\d.]+H[\d.]+Z"\/>/g)].length).toBeGreaterThan(0);
    // the survey's DOI is shallower than its deepest cells: some cell of the line lies below it
    const line = (f.data as SectionData).line;
    const rows = r.group.map((g, i) => (g === line ? i : -1)).filter((i) => i >= 0);
    const below = rows.filter((i) => {
      const top = Math.max(...rows.filter((j) => r.x[j] === r.x[i] && r.y[j] === r.y[i]).map((j) => r.z![j]));
      return top - r.z![i] > r.doi![i];
    });
    expect(below.length).toBeGreaterThan(0);
    expect(below.length).toBeLessThan(rows.length);
  });

  it('a class keeps its colour when another class is missing, and agreement colours are not class colours', () => {
    const all = classColors(['sand-cover', 'clay-cover', 'paleochannel', 'saprolite', 'basement']);
    const without = classColors(['sand-cover', 'clay-cover', 'saprolite', 'basement']);
    expect(without).toEqual([all[0], all[1], all[3], all[4]]);
    expect(classColors(['sand-cover', 'clay-cover', 'paleochannel', 'saprolite', 'basement', 'shear-zone']).slice(0, 5)).toEqual(all);
    // other class lists take the palette in order, distinct
    expect(new Set(classColors(Array.from({ length: 14 }, (_, k) => `c${k}`))).size).toBe(14);
    const palette = new Set(Array.from({ length: CLASS_COLORS }, (_, k) => classColor(k).toLowerCase()));
    for (const c of [AGREE.right, AGREE.wrong, AGREE.none]) expect(palette.has(c.toLowerCase())).toBe(false);
  });

  it('round exaggerations', () => {
    expect([0.7, 1, 2.2, 3.4, 7, 9.5, 12, 37, 180].map(roundExaggeration)).toEqual([0.8, 1, 2, 3, 8, 10, 10, 40, 200]);
  });

  it('the class map at a configured elevation shows, per sounding, the class of the cell that holds it', () => {
    const rows = Array.from({ length: r.n }, (_, i) => i);
    const zs = rows.map((i) => r.z![i]).sort((a, b) => a - b);
    const e = zs[Math.floor(zs.length * 0.8)];
    const f = classMapFigure({ ...r, figures: { verticalExaggeration: null, mapElevation: e } });
    const d = f.data as { stations: number; counts: number[]; elevation: number; auto: boolean };
    expect(d).toMatchObject({ elevation: e, auto: false });
    // independently: in each sounding, the cell whose centre is nearest e, if e lies within the sounding
    const by = new Map<string, number[]>();
    for (const i of rows) { const k = `${r.group[i]}|${r.x[i].toFixed(2)}|${r.y[i].toFixed(2)}`; (by.get(k) ?? by.set(k, []).get(k)!).push(i); }
    const want = r.classes.map(() => 0);
    for (const cells of by.values()) {
      const z = cells.map((i) => r.z![i]);
      const step = (Math.max(...z) - Math.min(...z)) / Math.max(1, z.length - 1);
      if (e > Math.max(...z) + step || e < Math.min(...z) - step) continue;
      const nearest = cells.reduce((a, b) => (Math.abs(r.z![b] - e) < Math.abs(r.z![a] - e) ? b : a));
      want[r.pred[nearest]]++;
    }
    expect(d.stations).toBe(by.size);
    expect(d.counts).toEqual(want);
    expect(f.svg).toContain(`Predicted class at elevation ${Number(e.toPrecision(4))} m`);
  });

  it('the automatic map elevation is, of 64 levels from top to bottom, where the classes vary most', () => {
    const score = (f: ReturnType<typeof classMapFigure>) => {
      const d = f.data as { counts: number[]; stations: number };
      const n = d.counts.reduce((a, b) => a + b, 0);
      return d.counts.filter((v) => v > 0).reduce((h, v) => h - (v / n) * Math.log(v / n), 0) * (n / d.stations);
    };
    const auto = classMapFigure(r);
    expect((auto.data as { auto: boolean }).auto).toBe(true);
    const zs = Array.from(r.z!);
    const lo = Math.min(...zs), hi = Math.max(...zs);
    for (let k = 0; k < 64; k += 3) {
      const other = classMapFigure({ ...r, figures: { verticalExaggeration: null, mapElevation: hi - ((hi - lo) * k) / 63 } });
      expect(score(auto)).toBeGreaterThanOrEqual(score(other) - 1e-12);
    }
  });

  it('maps keep the true aspect ratio and the whole survey in frame', () => {
    const x = Array.from(r.x), y = Array.from(r.y);
    const f = mapFrame(x, y, 10, 100);
    expect(f.xs(1) - f.xs(0)).toBeCloseTo(f.ys(0) - f.ys(1), 9);
    for (let i = 0; i < x.length; i += 97) {
      expect(f.xs(x[i])).toBeGreaterThanOrEqual(f.box.l);
      expect(f.xs(x[i])).toBeLessThanOrEqual(f.box.r);
      expect(f.ys(y[i])).toBeGreaterThanOrEqual(f.box.t);
      expect(f.ys(y[i])).toBeLessThanOrEqual(f.box.b);
    }
  });

  it('product maps: depth to each unit, its uncertainty band and each unit\'s thickness', () => {
    const figs = productMaps(r.products!, r.classes);
    const units = r.products!.units.map((c) => r.classes[c]);
    expect(figs.filter((f) => f.id.startsWith('depth-to-')).map((f) => f.sourceName)).toEqual(units.slice(1));
    expect(figs.filter((f) => f.id.startsWith('depth-band-')).map((f) => f.sourceName)).toEqual(units.slice(1));
    expect(figs.filter((f) => f.id.startsWith('thickness-')).map((f) => f.sourceName)).toEqual(units);
    // the band of a station is p90 − p10 of its depth, never negative
    const band = figs.find((f) => f.id.startsWith('depth-band-'))!.data as { range: number[]; mapped: number };
    expect(band.range[0]).toBeGreaterThanOrEqual(0);
    expect(band.mapped).toBeGreaterThan(0);
  });

  it('a large survey draws an even choice of lines, and says so', () => {
    const lines = [...new Set(r.group)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const all = sectionLines(r);
    expect([...all.lines].sort()).toEqual([...lines].sort());
    expect(all.note).toBe('');
    // a budget of a third of the nodes: every third line, the first included
    const some = sectionLines(r, Math.ceil(r.n / 3));
    expect([...some.lines]).toEqual(lines.filter((_, i) => i % 3 === 0));
    expect(some.note).toContain(`every 3rd line (${some.lines.size} of ${lines.length})`);
    expect(sectionFigures(r, some.lines).map((f) => (f.data as SectionData).line)).toEqual([...some.lines]);
  });

  it('maps draw every k-th station above their budget', () => {
    expect(mapSample(MAP_POINT_BUDGET).note).toBe('');
    const s = mapSample(3 * MAP_POINT_BUDGET + 1);
    expect(s.note).toContain('every 4th of');
    expect([0, 1, 4, 8].map(s.keep)).toEqual([true, false, true, true]);
  });
});
