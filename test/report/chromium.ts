import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/*
 * Headless Chromium for the report tests (Debian's chromium, driven by playwright-core, software
 * WebGL). Absent, its tests skip with a reason; under CI (.ci/run installs it) that is a failure.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  console.warn(`the headless Chromium checks of report.html are skipped: ${CHROMIUM} is absent (apt-get install chromium)`);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
}

/** A page with everything it reported: console errors and page errors, dialogs (dismissed), and requests beyond file:, blob: and data:. */
export interface WatchedPage { page: Page; errors: string[]; dialogs: string[]; requests: string[] }

/** Open a file in a new page of `browser`, recording what it reports from the first byte on. */
export async function openWatched(browser: Browser, file: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const w: WatchedPage = { page, errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  page.on('dialog', (d) => { w.dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
  page.on('request', (q) => { if (!/^(file|blob|data):/.test(q.url())) w.requests.push(q.url()); });
  await page.goto(`file://${file}`);
  return w;
}

/** Wait for the 3-D view to report (window.__scene3d) and return its report. */
export async function sceneReport(page: Page): Promise<{ ok: boolean; points: number; error?: string }> {
  await page.waitForFunction(() => (globalThis as unknown as { __scene3d?: unknown }).__scene3d !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate(() => (globalThis as unknown as { __scene3d: { ok: boolean; points: number; error?: string } }).__scene3d);
}
