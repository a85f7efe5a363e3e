/*
 * npm run bench:report-size — the report of a 3-million-node survey (issue #16): its size and the
 * time headless Chromium takes to open it and draw the 3-D view. The survey is the synthetic
 * generator at 100 lines × 1,000 soundings × 30 layers; the predictions are the true units with a
 * tenth of the cells changed at random (a model's quality does not change the report's size), so
 * no training is timed here. Usage: npm run bench:report-size [-- --lines 100 --stations 1000].
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadRunConfig } from '../src/config/load';
import { generateSurvey, surveyClasses } from '../src/data/synthetic_survey';
import { stationProducts } from '../src/report/products';
import type { RunData } from '../src/report/run_data';
import { writeRunReport } from '../src/report/run_report';
import { makeRng } from '../src/util/rng';
import { writeBenchSection } from './benchmarks_md';

const args = process.argv.slice(2);
const opt = (k: string, d: number) => (args.includes(`--${k}`) ? Number(args[args.indexOf(`--${k}`) + 1]) : d);
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const cfg = loadRunConfig(join(__dirname, '../configs/default.json'));
  Object.assign(cfg.data.synthetic, { lines: opt('lines', 100), stationsPerLine: opt('stations', 1000) });
  let t0 = performance.now();
  const t = generateSurvey(cfg.data.synthetic, cfg.seed);
  log(`survey: ${t.rows.toLocaleString('en')} cells in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const classes = surveyClasses(cfg.data.synthetic);
  const num = (c: string) => Float64Array.from(t.columns.get(c)!, Number);
  const n = t.rows, C = classes.length;
  const label = Int32Array.from(t.columns.get('label')!, (s) => classes.indexOf(s));
  const rng = makeRng('report-size');
  const pred = Int32Array.from(label, (l) => (rng.next() < 0.1 ? Math.floor(rng.next() * C) : l));
  const probs = new Float32Array(n * C);
  for (let i = 0; i < n; i++) { for (let c = 0; c < C; c++) probs[i * C + c] = 0.05 / (C - 1); probs[i * C + pred[i]] = 0.95; }
  const x = num('x'), y = num('y'), z = num('z');
  const group = t.columns.get('Line')!;
  const train = t.columns.get('train')!;
  const r: RunData = {
    name: 'report-size', classes, n, x, y, z, group, split: Array.from(train, (v) => (v === '1' ? 'train' : 'test')), label, pred,
    entropy: Float64Array.from({ length: n }, (_, i) => (pred[i] === label[i] ? 0.2 : 0.9)),
    values: new Map([['log10_cond', Float64Array.from(t.columns.get('cond')!, (s) => Math.log10(Number(s)))], ['depth', num('depth')], ['doi', num('doi')]]),
    metrics: { model: 'sage', test: null }, baselines: [],
    products: stationProducts({ classes, n, x, y, z, group, label, probs }),
    keptEpochs: [], history: [], edges: { u: Int32Array.from({ length: n - 1 }, (_, i) => i), v: Int32Array.from({ length: n - 1 }, (_, i) => i + 1) },
    logFeatures: ['cond'], depth: null, doi: num('doi'), units: { log10_cond: 'log10 S/m', depth: 'm', doi: 'm' }, figures: { verticalExaggeration: null, mapElevation: null },
  };
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-size-'));
  t0 = performance.now();
  const { file, figures } = await writeRunReport(dir, r, { png: false });
  const writeS = (performance.now() - t0) / 1000;
  const mb = statSync(file).size / 1e6;
  log(`report: ${mb.toFixed(1)} MB, ${figures.length} figures, written in ${writeS.toFixed(1)} s`);
  let openS = NaN, points = 0;
  if (existsSync('/usr/bin/chromium')) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      t0 = performance.now();
      await page.goto(`file://${file}`, { timeout: 120_000 });
      await page.waitForFunction('window.__scene3d !== undefined', undefined, { timeout: 120_000 });
      openS = (performance.now() - t0) / 1000;
      const s = await page.evaluate<{ ok: boolean; points: number; error?: string }>('window.__scene3d');
      if (!s.ok) throw new Error(`3-D view failed: ${s.error}`);
      points = s.points;
    } finally {
      await browser.close();
    }
  }
  const body = [
    '| nodes | report.html | figures | written in | opened in headless Chromium, 3-D view drawn | 3-D points drawn |', '|---|---|---|---|---|---|',
    `| ${n.toLocaleString('en')} | ${mb.toFixed(1)} MB | ${figures.length} | ${writeS.toFixed(1)} s | ${Number.isNaN(openS) ? 'not measured (no Chromium)' : `${openS.toFixed(1)} s`} | ${points.toLocaleString('en')} |`,
    '', `Target (issue #16): ≤ 25 MB, opened within 10 s. Sections: an even choice of lines within ${(300_000).toLocaleString('en')} nodes; maps: every k-th station within 20,000; 3-D: every k-th node within 250,000. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(2)}; \`npm run bench:report-size\`.`,
  ].join('\n');
  console.log(body);
  writeBenchSection('report-size', `### The report of a 3-million-node survey (issue #16)\n\n${body}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
