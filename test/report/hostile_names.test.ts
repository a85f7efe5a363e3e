import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig, loadStudyConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { runToFolder, type WrittenRun } from '../../src/pipeline/run';
import { reportFor } from '../../src/pipeline/report';
import { runDataOf } from '../../src/pipeline/report_view';
import { readRunOutput } from '../../src/pipeline/run_reader';
import type { RunData } from '../../src/report/run_data';
import { FIGURE_NAMES_FILE, writeRunReport } from '../../src/report/run_report';
import { FOLDER_MARKER } from '../../src/util/output_folder';
import { isSafeFileName } from '../../src/util/safe_name';
import { writeStudyReport } from '../../src/report/study_report';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { NopPruner } from '../../src/study/pruners';
import { TPESampler } from '../../src/study/samplers';
import { parseSpace, type SpaceEntry } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';
import { HAS_CHROMIUM, launchChromium, openWatched, sceneReport } from './chromium';

/*
 * Names from data are hostile: markup that runs script if it is not escaped, paths that climb out
 * of the output folder, CSV separators and line breaks, and the names plain objects inherit.
 */
const FEATURES = ['c<img src=x onerror=alert(window.__pwned=1)>', '</script><script>alert(window.__pwned=2)</script>', '__proto__', 'constructor', '"quoted,comma"', 'two\nlines', 'ünïcødé 電導率'];
const CLASSES = ['<img src=x onerror=alert(window.__pwned=3)>', '</script><script>alert(window.__pwned=4)</script>', '__proto__', 'constructor', '"quoted,comma"', 'two\nlines & ünï'];
const LINES = ['x/../../../../PWNED', 'a/b', 'a_b', 'A_B', '</script><script>alert(window.__pwned=5)</script>', '<img src=x onerror=alert(window.__pwned=6)>', '__proto__', 'constructor', '..', '-rf', 'ünï ☃', 'bell\u0007ring'];
/** How a name reads in an SVG: characters XML forbids shown as U+FFFD. */
const asSvgText = (s: string) => s.replace(/[\0-\x08\x0B\x0C\x0E-\x1F]/g, '\uFFFD');
const STATIONS = 4, LAYERS = 3;

/** A CSV cell, quoted as RFC 4180 says (written here, not by the code under test). */
const cell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const row = (vs: (string | number)[]) => vs.map(cell).join(',');

/** Node and edge tables of a small survey: every line × station × layer; edges down a station, along a line and to the next line. */
function writeSurvey(dir: string): { classOf: string[]; lineOf: string[] } {
  const nodes = [row(['', 'x', 'y', 'z', ...FEATURES, 'label', 'train', 'Line'])];
  const edges = [row(['', 'U', 'V'])];
  const at = (l: number, s: number, d: number) => (l * STATIONS + s) * LAYERS + d;
  const classOf: string[] = [], lineOf: string[] = [];
  LINES.forEach((line, l) => {
    for (let s = 0; s < STATIONS; s++) {
      for (let d = 0; d < LAYERS; d++) {
        const i = at(l, s, d);
        const cls = CLASSES[(d * 2 + (s > 1 ? 1 : 0) + l) % CLASSES.length];
        const values = FEATURES.map((_, k) => ((l * 7 + s * 3 + d * 11 + k * 5) % 17) + 0.5);
        nodes.push(row([i, l * 100, s * 10, -5 * d, ...values, cls, l % 2 === 0 ? 1 : 0, line]));
        classOf.push(cls);
        lineOf.push(line);
        if (d + 1 < LAYERS) edges.push(row([edges.length - 1, i, at(l, s, d + 1)]));
        if (s + 1 < STATIONS) edges.push(row([edges.length - 1, i, at(l, s + 1, d)]));
        if (l + 1 < LINES.length) edges.push(row([edges.length - 1, i, at(l + 1, s, d)]));
      }
    }
  });
  writeFileSync(join(dir, 'nodes.csv'), nodes.join('\n') + '\n');
  writeFileSync(join(dir, 'edges.csv'), edges.join('\n') + '\n');
  return { classOf, lineOf };
}

/** Every file and folder under root, as paths relative to it. */
function tree(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const rel = e.name;
    return e.isDirectory() ? [rel, ...tree(join(root, rel)).map((p) => `${rel}/${p}`)] : [rel];
  }).sort();
}

/** New paths under root since `before`: all inside `inside` (or folders on the way to it), and nothing of `before` gone. */
function expectOnlyInside(root: string, before: string[], inside: string): string[] {
  const after = tree(root);
  expect(before.filter((p) => !after.includes(p))).toEqual([]);
  const added = after.filter((p) => !before.includes(p));
  // besides what is inside, only the folders leading to it (created on the way) may be new
  expect(added.filter((p) => p !== inside && !p.startsWith(`${inside}/`) && !inside.startsWith(`${p}/`))).toEqual([]);
  return added;
}

/** figures/: every file name safe, names.json listing exactly the figures there; returns names.json. */
function checkFigureFolder(dir: string, png: boolean): Record<string, string | null> {
  // besides the figures, only the folder's marker
  const files = readdirSync(join(dir, 'figures')).filter((f) => f !== FOLDER_MARKER);
  expect(readdirSync(join(dir, 'figures'))).toContain(FOLDER_MARKER);
  for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.(svg|png|json)$/);
  const names = JSON.parse(readFileSync(join(dir, 'figures', FIGURE_NAMES_FILE), 'utf8')) as Record<string, string | null>;
  const ids = Object.keys(names).sort();
  expect(files.filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)).sort()).toEqual(ids);
  expect(files.filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)).sort()).toEqual(png ? ids : []);
  return names;
}

/*
 * Read in the page (strings: the tests compile without the DOM library). The 3-D view's selector:
 * each option's value and text. Its legend: the text, each entry's label, the tags of the elements in
 * it. What an injected script would leave behind.
 */
const FIELD_OPTIONS = `[...document.getElementById('field').options].map((o) => ({ value: o.value, text: o.textContent }))`;
const LEGEND_SHOWN = `(() => {
  const legend = document.getElementById('bar3d');
  return { text: legend.textContent, entries: [...legend.children].map((e) => e.lastChild ? e.lastChild.textContent : ''), tags: [...legend.querySelectorAll('*')].map((e) => e.tagName) };
})()`;
const TRACES = `({ pwned: window.__pwned, images: document.images.length, scripts: document.scripts.length })`;
const CANVAS_PICTURE = `document.getElementById('canvas3d').toDataURL()`;
interface Traces { pwned?: unknown; images: number; scripts: number }

describe('a run whose feature, class and line names are hostile', () => {
  let root: string;
  let before: string[];
  let outRel: string;
  let written: WrittenRun;
  let mem: RunData;
  let survey: { classOf: string[]; lineOf: string[] };

  beforeAll(async () => {
    root = tempDir('hostile');
    survey = writeSurvey(root);
    // the output folder sits deep enough that any '..' in a line name would still land inside root, where it is seen
    outRel = 'd1/d2/d3/d4/d5/d6/out';
    mkdirSync(join(root, 'd1/d2/d3/d4/d5/d6'), { recursive: true });
    const cfg = { name: 'hostile', out: join(root, outRel), data: { source: 'csv', nodes: 'nodes.csv', edges: 'edges.csv', features: FEATURES, group: 'Line' }, method: { epochs: 5, valFraction: 0 } };
    writeFileSync(join(root, 'run.json'), JSON.stringify(cfg));
    before = tree(root);
    written = await runToFolder(loadRunConfig(join(root, 'run.json')), { log: () => {}, report: true });
    mem = runDataOf(written.result);
  }, 120_000);

  it('loads the names as they are and writes the report', () => {
    expect(written.reportError).toBeNull();
    expect(written.dir).toBe(join(root, outRel, 'hostile'));
    expect([...mem.classes].sort()).toEqual([...CLASSES].sort());
    expect([...new Set(mem.group)].sort()).toEqual([...LINES].sort());
    expect([...mem.values.keys()]).toEqual(FEATURES);
    expect(Array.from(mem.label, (k) => mem.classes[k])).toEqual(survey.classOf);
    expect(mem.group).toEqual(survey.lineOf);
  });

  it('creates no file outside the run output folder', () => {
    const added = expectOnlyInside(root, before, `${outRel}/hostile`);
    expect(added).toContain(`${outRel}/hostile/report.html`);
    expect(added.filter((p) => p.startsWith(`${outRel}/hostile/figures/section-`)).length).toBe(2 * LINES.length);
  });

  it('names every figure file safely, and names.json maps each section back to its line', () => {
    const names = checkFigureFolder(written.dir, true);
    const sections = Object.entries(names).filter(([id]) => id.startsWith('section-'));
    expect(sections.map(([, line]) => line).sort()).toEqual([...LINES].sort());
    // an already safe name keeps its spelling; the names that rewrite to it do not take it
    expect(names['section-a_b']).toBe('a_b');
    expect(Object.entries(names).filter(([, n]) => n === null).map(([id]) => id).sort()).toEqual(['confusion', 'confusion-baseline-context', 'confusion-baseline-depth', 'confusion-baseline-mlp', 'curves', 'graph', 'map']);
    // the maps of depth to each unit are named after the (hostile) class names
    const depthMaps = Object.entries(names).filter(([id]) => id.startsWith('depth-to-'));
    expect(depthMaps.length).toBeGreaterThan(0);
    for (const [id] of depthMaps) expect(isSafeFileName(id)).toBe(true);
  });

  it('reads back from predictions.csv the same class, line and feature names', async () => {
    const back = await readRunOutput(written.dir);
    expect(back.classes).toEqual(mem.classes);
    expect(back.group).toEqual(mem.group);
    expect([...back.values.keys()]).toEqual(FEATURES);
    expect(Array.from(back.label)).toEqual(Array.from(mem.label));
    expect(Array.from(back.label).every((k) => k >= 0)).toBe(true);
    expect(Array.from(back.pred)).toEqual(Array.from(mem.pred));
  });

  it('rebuilds the report in place with no stale figure, and never replaces a figures folder it did not write', async () => {
    writeFileSync(join(written.dir, 'figures', 'section-OLD.svg'), '<svg/>');
    const beforeRebuild = tree(root);
    await reportFor(written.dir, false);
    expect(existsSync(join(written.dir, 'figures', 'section-OLD.svg'))).toBe(false);
    const names = checkFigureFolder(written.dir, false);
    expect(Object.entries(names).filter(([id]) => id.startsWith('section-')).map(([, n]) => n).sort()).toEqual([...LINES].sort());
    expectOnlyInside(root, beforeRebuild.filter((p) => !p.startsWith(`${outRel}/hostile/figures/`)), `${outRel}/hostile`);

    const foreign = tempDir('foreign-figures');
    mkdirSync(join(foreign, 'figures'));
    writeFileSync(join(foreign, 'figures', 'mine.txt'), 'not a figure');
    await expect(writeRunReport(foreign, mem, { png: false })).rejects.toThrow(InputError);
    expect(readdirSync(join(foreign, 'figures'))).toEqual(['mine.txt']);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('opens in Chromium with no injected script run; every field colours the 3-D view and the legend shows class names as text', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors, dialogs, requests } = await openWatched(browser, join(written.dir, 'report.html'));
      const scene = await sceneReport(page);
      expect(scene.error).toBeUndefined();
      expect(scene.ok).toBe(true);
      expect(scene.points).toBe(mem.n);
      // the page's own four scripts (scene data, three.js twice, the viewer), no image, nothing set by a payload
      expect(await page.evaluate<Traces>(TRACES)).toEqual({ pwned: undefined, images: 0, scripts: 4 });
      const titles = await page.locator('svg.section > title').allTextContents();
      expect(titles.sort()).toEqual(LINES.map((g) => `Section of line ${asSvgText(g)}`).sort());
      const confusion = await page.locator('#sec-confusion svg').textContent();
      for (const c of CLASSES) expect(confusion).toContain(c);

      const options = await page.evaluate<{ value: string; text: string }[]>(FIELD_OPTIONS);
      expect(options).toEqual([...FEATURES.map((f) => `value: ${f}`), 'prediction', 'label', 'entropy'].map((text, k) => ({ value: String(k), text })));
      const pictures: string[] = [];
      for (const { value, text } of options) {
        await page.selectOption('#field', value);
        const legend = await page.evaluate<{ text: string; entries: string[]; tags: string[] }>(LEGEND_SHOWN);
        // text nodes in plain elements only: a class name never becomes markup
        expect(legend.tags.every((t) => t === 'SPAN' || t === 'DIV'), text).toBe(true);
        if (text === 'prediction') expect(legend.entries).toEqual(mem.classes);
        else if (text === 'label') expect(legend.entries).toEqual([...mem.classes, 'unlabelled']);
        else expect(legend.text).toMatch(/-?\d/);
        pictures.push(await page.evaluate<string>(CANVAS_PICTURE));
      }
      // the value and the prediction colourings draw different pictures
      expect(pictures[0]).not.toBe(pictures[1]);
      expect(await page.evaluate<Traces>(TRACES)).toEqual({ pwned: undefined, images: 0, scripts: 4 });
      expect(await page.evaluate(() => (globalThis as unknown as { __scene3d: { ok: boolean } }).__scene3d.ok)).toBe(true);
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('a study whose parameter names and values are hostile', () => {
  // the study config takes only run config keys as names, but any string as a categorical value …
  const CONFIG_SPACE: Record<string, SpaceEntry> = {
    'method.lr': { type: 'float', low: 1e-3, high: 1e-1, log: true },
    'data.features': { type: 'categorical', choices: ['<img src=x onerror=alert(window.__pwned=7)>', '</script><script>alert(window.__pwned=8)</script>', 'cond+"quoted,comma"', 'two\nlines'] },
  };
  // … while a journal written by another tool (Optuna) may name parameters anything
  const JOURNAL_ONLY: Record<string, SpaceEntry> = {
    'x/../../../../PWNED': { type: 'float', low: -1, high: 1 },
    // a name of Object.prototype's (the reserved __proto__, constructor and prototype are skipped on replay)
    'toString': { type: 'int' as const, low: 0, high: 3 },
    '<b>bold</b>': { type: 'float', low: 0, high: 1 },
  };
  const PARAMS = [...Object.keys(CONFIG_SPACE), ...Object.keys(JOURNAL_ONLY)];
  let root: string;
  let dir: string;
  let before: string[];
  let figures: { id: string; sourceName?: string }[];

  /** Load a study config with this space (base run: the defaults). */
  const loadWithSpace = (space: Record<string, SpaceEntry>) => {
    const file = join(tempDir('study-config'), 'study.json');
    writeFileSync(file, JSON.stringify({ name: 'hostile-study', run: {}, space }));
    return loadStudyConfig(file);
  };

  beforeAll(async () => {
    expect(Object.keys(loadWithSpace(CONFIG_SPACE).study.space)).toEqual(Object.keys(CONFIG_SPACE));
    for (const name of Object.keys(JOURNAL_ONLY)) expect(() => loadWithSpace({ [name]: JOURNAL_ONLY[name] }), name).toThrow(ConfigError);
    root = tempDir('hostile-study');
    dir = join(root, 'd1/d2/d3/d4/d5/study');
    mkdirSync(dir, { recursive: true });
    const journal = join(dir, 'journal.jsonl');
    const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(journal), 'w'), name: 'hostile-study', direction: 'minimize', sampler: new TPESampler(3), pruner: new NopPruner(), space: parseSpace({ ...CONFIG_SPACE, ...JOURNAL_ONLY }) });
    await study.optimize(12, async (ctx) => {
      const v = Math.log10(ctx.params['method.lr'] as number) + (ctx.params['x/../../../../PWNED'] as number) ** 2 + Number(ctx.params['toString']) + (ctx.params['<b>bold</b>'] as number);
      for (let s = 0; s < 3; s++) await ctx.report(s, v + 1 / (s + 1));
      return v;
    });
    before = tree(root);
    figures = (await writeStudyReport(dir, journal)).figures;
  }, 60_000);

  it('writes every figure inside the study folder under a safe name, and names.json maps each slice back to its parameter', () => {
    expectOnlyInside(root, before, 'd1/d2/d3/d4/d5/study');
    const names = checkFigureFolder(dir, true);
    const slices = Object.entries(names).filter(([id]) => id.startsWith('study-slice-'));
    expect(slices.map(([, n]) => n).sort()).toEqual([...PARAMS].sort());
    expect(figures.filter((f) => f.sourceName !== undefined).map((f) => names[f.id])).toEqual(figures.filter((f) => f.sourceName !== undefined).map((f) => f.sourceName));
  });

  it.skipIf(!HAS_CHROMIUM)('opens in Chromium with no injected script run and shows parameter names and values as text', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors, dialogs, requests } = await openWatched(browser, join(dir, 'report.html'));
      expect(await page.evaluate<Traces>(TRACES)).toEqual({ pwned: undefined, images: 0, scripts: 1 });
      // the intro's own <b> around the study name; none from the parameter named '<b>bold</b>'
      expect(await page.locator('b').allTextContents()).toEqual(['hostile-study']);
      const titles = await page.locator('section h2').allTextContents();
      for (const p of PARAMS) expect(titles).toContain(`Slice: ${p}`);
      const slice = await page.locator('svg').filter({ hasText: 'Objective vs data.features' }).textContent();
      for (const c of CONFIG_SPACE['data.features'].choices!) expect(slice).toContain(String(c));
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

// the tree helper must see nested files, or the containment checks above would pass vacuously
it('lists nested files', () => {
  const root = tempDir('tree');
  mkdirSync(join(root, 'a/b'), { recursive: true });
  writeFileSync(join(root, 'a/b/f'), '');
  expect(tree(root)).toEqual(['a', 'a/b', 'a/b/f']);
});
