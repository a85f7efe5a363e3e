import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { reportFor } from '../../src/pipeline/report';
import { runToFolder, type WrittenRun } from '../../src/pipeline/run';
import { readRunOutput } from '../../src/pipeline/run_reader';
import { CLASS_COLORS, classColor } from '../../src/report/colors';
import { FIGURE_NAMES_FILE } from '../../src/report/run_report';
import { wellFigures } from '../../src/report/well_figures';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

/*
 * Wells as a well-log viewer draws them (data.depth): depth down, logs as tracks, label and
 * predictions as colour columns; no coordinates needed; 12 classes, a well name with a slash.
 */
const WELLS = ['15/9-13', '16/1-2', '25/11-24'];
const CLASSES = Array.from({ length: 12 }, (_, k) => `lith${k}`);

/** Three wells logged every 0.5 m, 120 samples each, one stretch unlogged in the second, one sample without a depth. */
function writeWells(dir: string): string {
  const lines = ['WELL,DEPTH_MD,GR,RDEP,LITH'];
  WELLS.forEach((w, wi) => {
    for (let s = 0; s < 120; s++) {
      if (wi === 1 && s >= 50 && s < 60) continue; // a gap in the logging
      const depth = wi === 2 && s === 7 ? '' : (1000 + wi * 50 + s * 0.5).toFixed(1);
      const cls = Math.floor(s / 10) % CLASSES.length;
      lines.push(`${w},${depth},${(20 + cls * 9 + ((s * 7) % 5)).toFixed(2)},${(1 + cls + (wi % 2)).toFixed(3)},${CLASSES[cls]}`);
    }
  });
  const file = join(dir, 'wells.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function wellConfig(dir: string, file: string, set: string[] = []) {
  writeFileSync(join(dir, 'run.json'), JSON.stringify({
    name: 'wells', out: 'out',
    data: {
      source: 'csv', nodes: file, id: null, coords: { x: null, y: null, z: null }, group: 'WELL', label: 'LITH', classes: CLASSES,
      depth: 'DEPTH_MD', features: ['GR', 'RDEP'], holdOut: { column: 'WELL', values: ['25/11-24'] },
    },
    graph: { method: 'union', recipes: [{ method: 'group-depth', k: 2, along: 'DEPTH_MD', weight: 'none' }] },
    model: { type: 'sage', hidden: 16, layers: 2 },
    method: { epochs: 40, valFraction: 0, baselines: ['mlp'] },
  }));
  return loadRunConfig(join(dir, 'run.json'), { set });
}

/** CIELAB of an sRGB colour '#rrggbb' (D65), written here from the standard's formulas. */
function lab(hex: string): number[] {
  const lin = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92));
  const [r, g, b] = lin;
  const xyz = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [fx, fy, fz] = xyz.map(f);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

describe('well sections (data.depth)', () => {
  let dir: string;
  let run: WrittenRun;
  beforeAll(async () => {
    dir = tempDir('wells');
    run = await runToFolder(wellConfig(dir, writeWells(dir)), { log: () => {}, report: true, quiet: true });
  }, 120_000);

  it('draws one figure per well, named safely, with depth down, the logs as tracks and the classes as columns', () => {
    const figs = readdirSync(join(run.dir, 'figures')).filter((f) => f.startsWith('well-') && f.endsWith('.svg'));
    expect(figs).toHaveLength(3);
    const names = JSON.parse(readFileSync(join(run.dir, 'figures', FIGURE_NAMES_FILE), 'utf8')) as Record<string, string | null>;
    expect(Object.values(names).filter((n) => n !== null).sort()).toEqual(WELLS);
    for (const f of figs) expect(f).not.toMatch(/[/\\]/);
    const svg = readFileSync(join(run.dir, 'figures', figs[0]), 'utf8');
    expect(svg).toContain('data-track="GR"');
    expect(svg).toContain('data-column="label"');
    expect(svg).toContain('data-column="sage"');
    expect(svg).toContain('data-column="mlp"');
    expect(svg).toContain('DEPTH_MD (as given, down)');
  });

  it('counts every sample, leaves out (and says so) the one without a depth, and keeps a logging gap blank', async () => {
    const figures = wellFigures(await readRunOutput(run.dir));
    const byWell = new Map(figures.map((f) => [f.sourceName!, f.data as { samples: number; undrawn: number; depth: number[]; predictedCounts: Record<string, number> }]));
    expect(byWell.get('15/9-13')).toMatchObject({ samples: 120, undrawn: 0 });
    expect(byWell.get('16/1-2')).toMatchObject({ samples: 110, undrawn: 0 });
    expect(byWell.get('25/11-24')).toMatchObject({ samples: 119, undrawn: 1 });
    expect(figures.find((f) => f.sourceName === '25/11-24')!.svg).toContain('1 samples without a DEPTH_MD value are not drawn');
    // depth runs down: the top of the range is the shallowest sample less half a step
    expect(byWell.get('15/9-13')!.depth).toEqual([999.75, 1059.75]);
    for (const [, d] of byWell) expect(Object.values(d.predictedCounts).reduce((a, b) => a + b, 0)).toBe(d.samples);
    // the gap (25 to 30 m below the top) has no rectangle of the label column across it
    const svg = figures.find((f) => f.sourceName === '16/1-2')!.svg;
    const label = svg.slice(svg.indexOf('data-column="label"'), svg.indexOf('</g>', svg.indexOf('data-column="label"')));
    const rects = [...label.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="\d+" height="([\d.]+)" fill="#/g)].map((m) => [Number(m[1]), Number(m[1]) + Number(m[2])]);
    // the column is drawn (runs of one class each), above and below the gap
    expect(rects.length).toBeGreaterThan(4);
    const span = 600 / (1109.75 - 1049.75); // pixels per metre of this well's range
    const gapTop = 96 + (1075 - 1049.75 + 0.25) * span, gapBottom = 96 + (1080 - 1049.75 - 0.25) * span;
    for (const [a, b] of rects) expect(b <= gapTop + 0.5 || a >= gapBottom - 0.5).toBe(true);
  });

  it('the report from memory and the one read back from the folder draw the same wells', async () => {
    const first = readFileSync(join(run.dir, 'figures', 'well-16_1-2.svg'), 'utf8');
    await reportFor(run.dir, false);
    expect(readFileSync(join(run.dir, 'figures', 'well-16_1-2.svg'), 'utf8')).toBe(first);
    const html = readFileSync(join(run.dir, 'report.html'), 'utf8');
    expect(html).toContain('Wells (3)');
    // no coordinates: no map, graph window or 3-D view of a single point
    expect(html).toContain('they all sit at one point');
    expect(readdirSync(join(run.dir, 'figures')).some((f) => f.startsWith('map'))).toBe(false);
  });

  it('predictions.csv carries the depth column', () => {
    const [head, first] = readFileSync(join(run.dir, 'predictions.csv'), 'utf8').split('\n');
    expect(head.split(',').at(-1)).toBe('DEPTH_MD');
    expect(first.split(',').at(-1)).toBe('1000.0');
  });

  it('14 class colours, every pair at least 20 apart in CIELAB (12 lithologies never share one)', () => {
    expect(CLASS_COLORS).toBeGreaterThanOrEqual(14);
    for (let a = 0; a < 14; a++) {
      for (let b = a + 1; b < 14; b++) expect(Math.hypot(...lab(classColor(a)).map((v, k) => v - lab(classColor(b))[k]))).toBeGreaterThan(20);
    }
  });

  it('a depth that is not a number is refused before training, with its file, row and column', async () => {
    const d = tempDir('wells-bad');
    const file = writeWells(d);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\n16/1-2,1050.0,', '\n16/1-2,deep,'));
    const err = await runToFolder(wellConfig(d, file), { log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err.message)).toMatch(/non-numeric value 'deep' for data\.depth/);
    // the first sample of the second well: line 122 of the file, data row 121
    for (const part of [file, 'row 121', "column 'DEPTH_MD'"]) expect(err.message).toContain(part);
  });

  it('a depth column named like one of predictions.csv\'s own columns is refused with the config', () => {
    const d = tempDir('wells-name');
    expect(() => wellConfig(d, writeWells(d), ['data.depth=entropy'])).toThrow(ConfigError);
  });
});
