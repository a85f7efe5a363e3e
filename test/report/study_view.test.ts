import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStudyReport, writeStudySnapshot } from '../../src/report/study_report';
import type { Figure } from '../../src/report/run_figures';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { MedianPruner } from '../../src/study/pruners';
import { TPESampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { TrialState, type FrozenTrial } from '../../src/study/trial';
import { tempDir } from '../helpers/run_config';
import { HAS_CHROMIUM, launchChromium, openWatched } from './chromium';

/*
 * The study view: a study with a log-scaled, an integer, a categorical and a conditional
 * parameter (heads only for gat), pruned trials, drawn and then used in headless Chromium.
 */
describe('study view', () => {
  let dir: string;
  let trials: FrozenTrial[];
  let figures: Figure[];
  const byId = (id: string) => figures.find((f) => f.id === id)!;
  const texts = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);
  const complete = () => trials.filter((t) => t.state === TrialState.COMPLETE);

  beforeAll(async () => {
    dir = tempDir('study-view');
    const journal = join(dir, 'journal.jsonl');
    const space = parseSpace({
      'model.type': { type: 'categorical', choices: ['gcn', 'sage', 'gat'] },
      'model.heads': { type: 'int', low: 1, high: 8, when: { 'model.type': 'gat' } },
      'method.lr': { type: 'float', low: 1e-4, high: 1e-1, log: true },
      x: { type: 'float', low: -3, high: 3 },
      n: { type: 'int', low: 1, high: 9 },
    });
    const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(journal), 'w'), name: 'view', direction: 'minimize', sampler: new TPESampler(2, { nStartupTrials: 12 }), pruner: new MedianPruner({ startupTrials: 4, warmupSteps: 1, interval: 1 }), space });
    await study.optimize(40, async (ctx) => {
      const p = ctx.params;
      const v = (p.x as number) ** 2 + { gcn: 0, sage: 0.5, gat: 1 }[p['model.type'] as string]! + 0.1 * Math.log10(p['method.lr'] as number) + 0.02 * (p.n as number);
      for (let s = 0; s < 4; s++) await ctx.report(s, v + 1 / (s + 1));
      return v;
    });
    trials = study.trials();
    figures = (await writeStudyReport(dir, journal, { png: false })).figures;
  }, 60_000);

  it('draws categorical parameters by their choices and log parameters on log axes', () => {
    expect(texts(byId('study-slice-model.type').svg, 'xtick')).toEqual(['gcn', 'sage', 'gat']);
    expect(byId('study-slice-method.lr').svg).toContain('method.lr (log)');
    expect(byId('study-slice-model.heads').data!.points).toBe(complete().filter((t) => t.params['model.type'] === 'gat').length);
  });

  it('colours parallel coordinates on a continuous scale with its bar, and bridges with a dashed line the axis of a parameter a trial lacks', () => {
    const p = byId('study-parallel');
    const withoutHeads = complete().filter((t) => !Object.hasOwn(t.params, 'model.heads')).length;
    expect(withoutHeads).toBeGreaterThan(0);
    expect(p.data).toEqual({ lines: complete().length, withGaps: withoutHeads });
    // heads is the second axis: a line without it restarts after the objective axis, and one dashed bridge spans the gap
    const paths = [...p.svg.matchAll(/<path class="trial-line" d="([^"]*)"/g)].map((m) => m[1]);
    expect(paths.filter((d) => d.split('M').length - 1 === 2)).toHaveLength(withoutHeads);
    expect([...p.svg.matchAll(/<path class="gap-bridge"/g)]).toHaveLength(withoutHeads);
    expect(new Set([...p.svg.matchAll(/stroke="(#[0-9a-f]{6})" stroke-opacity="0.75"/g)].map((m) => m[1])).size).toBeGreaterThan(5);
    expect(p.svg).toContain('>objective value</text>');
  });

  it('offers contours for pairs of the most important parameters, each with the trials that have both', () => {
    const imp = byId('study-importances').data!.ranked as { name: string; importance: number }[];
    expect(imp.map((r) => r.name)).not.toContain('model.heads');
    expect(imp[0].name).toBe('x');
    expect(imp.reduce((a, r) => a + r.importance, 0)).toBeCloseTo(1, 10);
    const contours = figures.filter((f) => f.id.startsWith('study-contour-'));
    expect(contours).toHaveLength(6);
    expect(contours[0].data).toMatchObject({ x: imp[0].name, y: imp[1].name, points: complete().length });
  });

  it('draws the empirical distribution as one step per complete trial, and tables every trial with the best one\'s parameters', () => {
    expect(byId('study-edf').svg.match(/<path class="edf" d="([^"]*)"/)![1].split('V').length - 1).toBe(complete().length);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const best = complete().reduce((a, t) => (t.values![0] < a.values![0] ? t : a));
    expect(html).toContain(`<strong id="best-number">${best.number}</strong>`);
    expect(html.match(/<table id="trials"[\s\S]*?<\/table>/)![0].split('<tr>').length - 2).toBe(trials.length);
    expect(html).not.toContain('data-reload');
  });

  it('draws a maximised study\'s best trial, places trials by their values when the choices were edited, and leaves out non-finite intermediate values', async () => {
    const d = tempDir('study-edge');
    const cat = (choices: string[]) => ({ kind: 'categorical' as const, choices });
    const flt = { kind: 'float' as const, low: 0, high: 1, log: false, step: null };
    const trial = (number: number, model: string, choices: string[], x: number, value: number, steps: [number, number][]): FrozenTrial => ({
      trialId: number, number, state: TrialState.COMPLETE, params: { model, x }, internal: { model: choices.indexOf(model), x }, distributions: { model: cat(choices), x: flt },
      values: [value], intermediate: new Map(steps), userAttrs: {}, systemAttrs: {}, datetimeStart: null, datetimeComplete: null, worker: 'w',
    });
    // the first two trials ran when the choices were [gcn, sage]; then gat was added in the middle
    const old = ['gcn', 'sage'], now = ['gcn', 'gat', 'sage'];
    const snap = { name: 'edited', maximize: true, trials: [
      trial(0, 'sage', old, 0.2, 0.5, [[0, NaN], [1, 0.4]]), trial(1, 'gcn', old, 0.4, 0.7, [[0, Infinity]]),
      trial(2, 'gat', now, 0.6, 0.9, [[0, 0.8]]), trial(3, 'sage', now, 0.8, 0.6, []),
    ] };
    const { figures: f } = await writeStudySnapshot(d, join(d, 'x.jsonl'), snap, { png: false });
    const html = readFileSync(join(d, 'report.html'), 'utf8');
    expect(html).toContain('<strong id="best-number">2</strong>');
    // both sage trials in the sage band (x position of the points in the slice), though trial 0 stored index 1
    const slice = f.find((x) => x.id === 'study-slice-model')!.svg;
    const xs = [...slice.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    const band = (cx: number) => Math.floor(((cx - 60) / 440) * 3);
    expect(xs.map(band)).toEqual([2, 0, 1, 2]);
    expect(texts(slice, 'xtick')).toEqual(now);
    const inter = f.find((x) => x.id === 'study-intermediate')!;
    expect(inter.svg).not.toMatch(/NaN|Infinity/);
    expect(inter.data).toEqual({ COMPLETE: 2 });
    expect((f.find((x) => x.id === 'study-importances')!.data!.ranked as { name: string }[]).map((r) => r.name)).toEqual(['x']);
  });

  it.skipIf(!HAS_CHROMIUM)('sorts the trials table by a clicked column both ways and switches the contour pair, offline and without errors', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors, requests } = await openWatched(browser, join(dir, 'report.html'));
      await page.waitForFunction(() => (globalThis as unknown as { __study?: { ready: boolean } }).__study?.ready === true);
      const column = (k: number) => page.locator(`#trials tbody tr td:nth-child(${k + 1})`).allTextContents();
      expect((await column(0)).map(Number)).toEqual(trials.map((t) => t.number));
      const values = trials.filter((t) => t.values).map((t) => t.values![0]);
      const missing = trials.length - values.length;
      expect(missing).toBeGreaterThan(0);
      const shown = (v: number) => String(Number(v.toPrecision(6)));
      await page.locator('#trials button.sort', { hasText: /^value$/ }).click();
      expect(await column(2)).toEqual([...[...values].sort((a, b) => a - b).map(shown), ...Array(missing).fill('')]);
      expect(await page.locator('#trials th[aria-sort="ascending"]').textContent()).toBe('value');
      await page.locator('#trials button.sort', { hasText: /^value$/ }).click();
      expect(await column(2)).toEqual([...[...values].sort((a, b) => b - a).map(shown), ...Array(missing).fill('')]);
      await page.locator('#trials button.sort', { hasText: 'model.type' }).click();
      const kinds = trials.map((t) => String(t.params['model.type'] ?? '')).filter((k) => k);
      const typeColumn = 4 + ['method.lr', 'model.heads', 'model.type', 'n', 'x'].indexOf('model.type');
      expect((await column(typeColumn)).filter((k) => k)).toEqual([...kinds].sort());
      // one contour at a time: the chosen pair's
      expect(await page.locator('.contour:visible').count()).toBe(1);
      await page.selectOption('#contour-pair', '3');
      expect(await page.locator('.contour:visible').getAttribute('data-pair')).toBe('3');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
