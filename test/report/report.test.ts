import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runToFolder } from '../../src/pipeline/run';
import { runDataOf } from '../../src/pipeline/report_view';
import { readRunOutput } from '../../src/pipeline/run_reader';
import type { RunResult } from '../../src/pipeline/run_result';
import type { RunData } from '../../src/report/run_data';
import { writeRunReport } from '../../src/report/run_report';
import { writeStudyReport } from '../../src/report/study_report';
import type { Figure } from '../../src/report/run_figures';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { MedianPruner } from '../../src/study/pruners';
import { TPESampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { smallRunConfig, tempDir } from '../helpers/run_config';
import { HAS_CHROMIUM, launchChromium, openWatched, sceneReport } from './chromium';

describe('run report', () => {
  let run: RunResult;
  let dir: string;
  let figures: Figure[];
  let r: RunData;
  beforeAll(async () => {
    ({ dir, result: run } = await runToFolder(smallRunConfig((c) => { c.method.baselines = ['mlp']; c.method.epochs = 40; }), { log: () => {} }));
    r = runDataOf(run);
    figures = (await writeRunReport(dir, r)).figures;
  }, 120_000);

  it('reads back from the output folder what the run held in memory', async () => {
    const back = await readRunOutput(dir);
    for (const k of ['name', 'classes', 'n', 'group', 'split', 'history', 'keptEpochs', 'logFeatures', 'units', 'figures'] as const) expect(back[k], k).toEqual(r[k]);
    expect(Array.from(back.doi!)).toEqual(Array.from(r.doi!));
    // what the figures show of the held-out scores
    const shown = (t: typeof r.metrics.test) => t && { n: t.n, accuracy: t.accuracy, macroF1: t.macroF1, confusion: t.confusion, perClass: t.perClass.map((c) => ({ class: c.class, recall: c.recall, support: c.support })) };
    expect(back.metrics.model).toBe(r.metrics.model);
    expect(shown(back.metrics.test)).toEqual(shown(r.metrics.test));
    for (const k of ['x', 'y', 'z', 'label', 'pred'] as const) expect(Array.from(back[k]!), k).toEqual(Array.from(r[k]!));
    back.entropy.forEach((v, i) => expect(Math.abs(v - r.entropy[i])).toBeLessThan(2e-6));
    expect([...back.values.keys()]).toEqual([...r.values.keys()]);
    expect(Array.from(back.edges.u)).toEqual(Array.from(r.edges.u));
    expect(Array.from(back.edges.v)).toEqual(Array.from(r.edges.v));
  });

  it('draws one section per line whose class counts equal the predictions and whose axes span the data', () => {
    const lines = [...new Set(r.group)];
    const sections = figures.filter((f) => f.id.startsWith('section-'));
    expect(sections.map((f) => f.data!.line).sort()).toEqual(lines.sort());
    for (const f of sections) {
      const rows = r.group.map((g, i) => (g === f.data!.line ? i : -1)).filter((i) => i >= 0);
      const want = Object.fromEntries(r.classes.map((c, k) => [c, rows.filter((i) => r.pred[i] === k).length]));
      expect(f.data!.predictedCounts).toEqual(want);
      const z = rows.map((i) => r.z![i]);
      expect(f.data!.elevation).toEqual([Math.min(...z), Math.max(...z)]);
      // the legend prints the same counts
      for (const [c, n] of Object.entries(want)) expect(f.svg).toContain(`${c} (${n})`);
    }
  });

  it('prints the confusion matrix of metrics.json, and every figure exists as SVG and PNG', () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const conf = figures.find((f) => f.id === 'confusion')!;
    const counts = [...conf.svg.matchAll(/class="count" data-true="(\d+)" data-pred="(\d+)"[^>]*>(\d+)</g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    expect(counts.length).toBe(metrics.classes.length ** 2);
    for (const [t, p, v] of counts) expect(v).toBe(metrics.test.confusion[t][p]);
    for (const f of figures) {
      expect(statSync(join(dir, 'figures', `${f.id}.svg`)).size).toBeGreaterThan(200);
      const png = readFileSync(join(dir, 'figures', `${f.id}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it.skipIf(!HAS_CHROMIUM)('opens offline in headless Chromium with no console errors; sections, confusion numbers and the 3-D view are there', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors, requests } = await openWatched(browser, join(dir, 'report.html'));
      const scene = await sceneReport(page);
      expect(scene.error).toBeUndefined();
      expect(scene.ok).toBe(true);
      expect(scene.points).toBe(r.n);
      expect(await page.locator('svg.section').count()).toBe(new Set(r.group).size);
      const shown = await page.locator('#sec-confusion text.count').allTextContents();
      const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
      expect(shown.map(Number)).toEqual(metrics.test.confusion.flat());
      // controls work: another colouring and the exaggeration slider redraw without errors
      await page.selectOption('#field', { label: 'prediction' });
      await page.locator('#exag').fill('20');
      const state = () => page.evaluate(() => (globalThis as unknown as { __scene3d: { shown: number; ticks: number; clip: { axis: number; at: number } | null } }).__scene3d);
      const picture = () => page.evaluate<string>("document.getElementById('canvas3d').toDataURL()");
      // axes: coordinate and elevation ticks, and a class legend
      expect((await state()).ticks).toBeGreaterThan(6);
      expect(await page.locator('#bar3d').textContent()).toContain(r.classes[0]);
      // threshold by class: unchecking one hides exactly its predicted nodes
      const first = r.pred.filter((k) => k === 0).length;
      await page.locator('.cls3d[value="0"]').uncheck();
      expect((await state()).shown).toBe(r.n - first);
      await page.locator('.cls3d[value="0"]').check();
      // threshold by entropy: the most uncertain nodes go
      await page.locator('#entmax').fill('100');
      const confident = (await state()).shown;
      expect(confident).toBeLessThan(r.n);
      expect(confident).toBeGreaterThan(0);
      await page.locator('#entmax').fill('255');
      expect((await state()).shown).toBe(r.n);
      // clip by a plane across x: the picture changes and the cut is in survey coordinates
      const whole = await picture();
      await page.selectOption('#clipaxis', '0');
      await page.locator('#clippos').fill('300');
      const clip = (await state()).clip!;
      expect(clip.axis).toBe(0);
      expect(clip.at).toBeGreaterThan(Math.min(...r.x));
      expect(clip.at).toBeLessThan(Math.max(...r.x));
      expect(await picture()).not.toBe(whole);
      await page.selectOption('#clipaxis', '');
      // pan (shift-drag) moves the picture; a value field shows a scalar bar with its unit
      const before = await picture();
      const box = (await page.locator('#canvas3d').boundingBox())!;
      await page.keyboard.down('Shift');
      await page.mouse.move(box.x + 400, box.y + 300);
      await page.mouse.down();
      await page.mouse.move(box.x + 480, box.y + 340, { steps: 5 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      expect(await picture()).not.toBe(before);
      await page.selectOption('#field', { label: 'value: log10_cond' });
      expect(await page.locator('#bar3d').textContent()).toContain('log10 S/m');
      await page.locator('#canvas3d').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(dir, 'report-screenshot.png'), fullPage: false });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(statSync(join(dir, 'report-screenshot.png')).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('study report', () => {
  it('plots history, slices, parallel coordinates and intermediate values with pruned trials', async () => {
    const dir = tempDir('study-report');
    const journal = join(dir, 'journal.jsonl');
    const space = parseSpace({ x: { type: 'float', low: -3, high: 3 }, k: { type: 'categorical', choices: ['a', 'b'] } });
    const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(journal), 'w'), name: 's', direction: 'minimize', sampler: new TPESampler(1), pruner: new MedianPruner({ startupTrials: 3, warmupSteps: 2, interval: 1 }), space });
    await study.optimize(20, async (ctx) => {
      const v = (ctx.params.x as number) ** 2 + (ctx.params.k === 'a' ? 0 : 1);
      for (let s = 0; s < 6; s++) await ctx.report(s, v + 1 / (s + 1));
      return v;
    });
    const { figures, file } = await writeStudyReport(dir, journal);
    expect(figures.map((f) => f.id)).toEqual(['study-history', 'study-importances', 'study-slice-k', 'study-slice-x', 'study-parallel', 'study-contour-1', 'study-edf', 'study-intermediate']);
    const states = study.trials().reduce<Record<string, number>>((a, t) => { const k = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'][t.state]; a[k] = (a[k] ?? 0) + 1; return a; }, {});
    expect(figures.find((f) => f.id === 'study-intermediate')!.data).toEqual(states);
    expect(states.PRUNED).toBeGreaterThan(0);
    expect(figures[0].data!.complete).toBe(states.COMPLETE);
    expect(readFileSync(file, 'utf8')).toContain('<svg');
  });
});
