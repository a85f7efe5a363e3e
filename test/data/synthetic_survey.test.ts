import { describe, expect, it } from 'vitest';
import { SurveySection, type SurveyConfig } from '../../src/data/survey_config';
import { generateSurvey, SURVEY_COLUMNS, surveyClasses } from '../../src/data/synthetic_survey';
import { smoothField } from '../../src/data/synthetic_geology';
import { makeRng } from '../../src/util/rng';
import { withDefaults } from '../../src/util/schema';

const small = (over: Partial<SurveyConfig> = {}) => withDefaults(SurveySection, { lines: 6, stationsPerLine: 60, ...over });
const num = (t: ReturnType<typeof generateSurvey>, c: string) => t.columns.get(c)!.map(Number);
const quantile = (v: number[], q: number) => [...v].sort((a, b) => a - b)[Math.floor(q * (v.length - 1))];

/** Pearson correlation of paired values. */
function corr(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length, mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) { sab += (a[i] - ma) * (b[i] - mb); sa += (a[i] - ma) ** 2; sb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(sa * sb);
}

/** Pairs of log10 conductivity one layer apart in a sounding, and one sounding apart along a line. */
function lagPairs(t: ReturnType<typeof generateSurvey>) {
  const lc = num(t, 'cond').map(Math.log10), layer = num(t, 'layer'), line = t.columns.get('Line')!;
  const K = Math.max(...layer) + 1;
  const down: [number[], number[]] = [[], []], along: [number[], number[]] = [[], []];
  for (let i = 0; i + 1 < t.rows; i++) if (layer[i + 1] === layer[i] + 1) { down[0].push(lc[i]); down[1].push(lc[i + 1]); }
  for (let i = 0; i + K < t.rows; i++) if (line[i] === line[i + K]) { along[0].push(lc[i]); along[1].push(lc[i + K]); }
  return { down: corr(...down), along: corr(...along) };
}

describe('synthetic airborne-EM survey', () => {
  it('is the same table for the same seed and differs for another', () => {
    const a = generateSurvey(small(), 5), b = generateSurvey(small(), 5), c = generateSurvey(small(), 6);
    expect(a.header).toEqual(SURVEY_COLUMNS);
    for (const h of SURVEY_COLUMNS) expect(b.columns.get(h)).toEqual(a.columns.get(h));
    expect(c.columns.get('cond')).not.toEqual(a.columns.get('cond'));
  });

  it('has layers thickening with depth, soundings at the configured spacing and lines the configured distance apart', () => {
    const cfg = small({ firstLayerThickness: 2, thicknessGrowth: 1.1, stationSpacing: [12, 18], lineSpacing: 250 });
    const t = generateSurvey(cfg, 1);
    const th = num(t, 'thickness'), depth = num(t, 'depth'), x = num(t, 'x'), y = num(t, 'y');
    expect(th[0]).toBeCloseTo(2, 5);
    expect(th[29] / th[0]).toBeCloseTo(1.1 ** 29, 2);
    for (let k = 1; k < 30; k++) expect(depth[k] - depth[k - 1]).toBeCloseTo((th[k] + th[k - 1]) / 2, 1);
    for (let s = 1; s < 60; s++) {
      const dx = x[s * 30] - x[(s - 1) * 30];
      expect(dx).toBeGreaterThanOrEqual(12 - 0.01);
      expect(dx).toBeLessThanOrEqual(18 + 0.01);
    }
    expect(Math.abs(y[60 * 30] - y[0] - 250)).toBeLessThan(10);
  });

  it('has five units in geological order and a value that alone does not name the unit', () => {
    const t = generateSurvey(small(), 2);
    const label = t.columns.get('label')!, lc = num(t, 'cond').map(Math.log10), depth = num(t, 'depth');
    expect(surveyClasses(small())).toEqual(['sand-cover', 'clay-cover', 'paleochannel', 'saprolite', 'basement']);
    expect(surveyClasses(small({ shearZone: true }))).toHaveLength(6);
    expect(new Set(label)).toEqual(new Set(surveyClasses(small())));
    const of = (u: string, v: number[]) => v.filter((_, i) => label[i] === u);
    const range = (u: string) => [quantile(of(u, lc), 0.05), quantile(of(u, lc), 0.95)];
    // resistive cover and fresh basement overlap in value; so do clay cover and saprolite
    expect(range('sand-cover')[1]).toBeGreaterThan(range('basement')[0]);
    expect(range('clay-cover')[0]).toBeLessThan(range('saprolite')[1]);
    // ... and in depth: sand reaches below where saprolite begins somewhere
    expect(quantile(of("sand-cover", depth), 0.95)).toBeGreaterThanOrEqual(quantile(of("saprolite", depth), 0.05));
    // the sequence holds at every sounding: sand above clay above saprolite above basement
    const order = surveyClasses(small());
    const layer = num(t, 'layer');
    for (let i = 1; i < t.rows; i++) if (layer[i] > 0) expect(order.indexOf(label[i])).toBeGreaterThanOrEqual(order.indexOf(label[i - 1]));
  });

  it('is smooth as an inversion is: smoothing raises the correlation down a sounding and along a line', () => {
    const smooth = lagPairs(generateSurvey(small(), 3));
    const raw = lagPairs(generateSurvey(small({ smoothing: [0, 0], alongLineSmoothing: 0 }), 3));
    expect(smooth.down).toBeGreaterThan(0.9);
    expect(smooth.along).toBeGreaterThan(0.95);
    expect(smooth.down).toBeGreaterThan(raw.down);
    expect(smooth.along).toBeGreaterThan(raw.along);
  });

  it('has a depth of investigation per sounding, shallower under conductive ground, and uncertainty growing with depth', () => {
    const t = generateSurvey(small(), 4);
    const doi = num(t, 'doi'), unc = num(t, 'cond_unc'), cond = num(t, 'cond'), th = num(t, 'thickness');
    const stations = t.rows / 30;
    const conductance: number[] = [], doiOf: number[] = [];
    for (let s = 0; s < stations; s++) {
      for (let k = 1; k < 30; k++) expect(doi[s * 30 + k]).toBe(doi[s * 30]);
      let c = 0;
      for (let k = 0; k < 30; k++) c += cond[s * 30 + k] * th[s * 30 + k];
      conductance.push(c);
      doiOf.push(doi[s * 30]);
    }
    expect(corr(conductance, doiOf)).toBeLessThan(-0.5);
    for (let s = 0; s < stations; s++) expect(quantile(unc.slice(s * 30 + 25, s * 30 + 30), 0.5)).toBeGreaterThan(quantile(unc.slice(s * 30, s * 30 + 5), 0.5));
  });

  it("labels alternate whole lines, or a few soundings through depth ('boreholes')", () => {
    const lines = generateSurvey(small(), 1);
    const train = lines.columns.get('train')!, line = lines.columns.get('Line')!;
    const flagged = new Set(line.filter((_, i) => train[i] === '1'));
    expect(flagged.size).toBe(3);
    for (let i = 0; i < lines.rows; i++) expect(train[i] === '1').toBe(flagged.has(line[i]));
    const holes = generateSurvey(small({ labels: 'boreholes', boreholes: 5 }), 1);
    const ht = holes.columns.get('train')!, station = holes.columns.get('station')!, hl = holes.columns.get('Line')!;
    const soundings = new Set(ht.map((f, i) => (f === '1' ? `${hl[i]}/${station[i]}` : '')).filter(Boolean));
    expect(soundings.size).toBe(5);
    expect(ht.filter((f) => f === '1')).toHaveLength(5 * 30);
  });

  it('smooth fields have unit spread and vary over their wavelengths', () => {
    const f = smoothField(makeRng('f'), [500, 3000]);
    const v = Array.from({ length: 4000 }, (_, i) => f((i % 63) * 97, Math.floor(i / 63) * 89));
    const sd = Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(sd).toBeGreaterThan(0.6);
    expect(sd).toBeLessThan(1.4);
    expect(Math.abs(f(0, 0) - f(5, 0))).toBeLessThan(0.1);
  });
});
