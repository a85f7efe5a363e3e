import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchStudyReport } from '../../src/pipeline/study_watch';
import { writeStudySnapshot } from '../../src/report/study_report';
import { readStudy } from '../../src/study/read_study';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { NopPruner } from '../../src/study/pruners';
import { TPESampler } from '../../src/study/samplers';
import { parseSpace } from '../../src/study/space';
import { Study } from '../../src/study/study';
import { tempDir } from '../helpers/run_config';
import { HAS_CHROMIUM, launchChromium, openWatched } from '../report/chromium';

const root = join(__dirname, '../..');
const space = parseSpace({ x: { type: 'float', low: -3, high: 3 }, k: { type: 'categorical', choices: ['a', 'b'] } });

/** A study of `trials` trials into dir/journal.jsonl, each taking about `ms` milliseconds over three reported steps. */
async function runStudy(dir: string, trials: number, ms: number, seed = 1): Promise<void> {
  const journal = join(dir, 'journal.jsonl');
  const study = await Study.open({ storage: await JournalStorage.open(new JournalFileBackend(journal), `w${seed}`), name: 'watched', direction: 'minimize', sampler: new TPESampler(seed), pruner: new NopPruner(), space });
  await study.optimize(trials, async (ctx) => {
    const v = (ctx.params.x as number) ** 2 + (ctx.params.k === 'a' ? 0 : 1);
    for (let s = 0; s < 3; s++) { await sleep(ms / 3); await ctx.report(s, v + 1 / (s + 1)); }
    return v;
  });
}

const reloadOf = (html: string) => html.match(/data-reload="([^"]*)"/)?.[1] ?? null;

describe('report --watch', () => {
  it('rewrites the page as trials finish, each version reloading itself, and ends with a still page', async () => {
    const dir = tempDir('watch');
    const pages: string[] = [];
    const lines: string[] = [];
    const stop = new AbortController();
    const watching = watchStudyReport(dir, {
      storage: join(dir, 'journal.jsonl'), intervalSeconds: 0.05, idleSeconds: 600, png: true, signal: stop.signal,
      log: (l) => {
        lines.push(l);
        if (!l.includes('page rewritten')) return;
        pages.push(readFileSync(join(dir, 'report.html'), 'utf8'));
        // the study's last trial is on a page: the watch has followed it to the end
        if (l.startsWith('report: 6 trials (0 running)')) stop.abort();
      },
    });
    await runStudy(dir, 6, 240);
    const { file, writes } = await watching;
    expect(lines[0]).toMatch(/^waiting: /);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(writes).toBe(pages.length + 1);
    expect(pages.every((p) => reloadOf(p) === '0.05')).toBe(true);
    // the pages followed the study: trial counts never go back, and the last has all six
    const counts = pages.map((p) => Number(p.match(/: (\d+) trials — /)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[counts.length - 1]).toBe(6);
    const final = readFileSync(file, 'utf8');
    expect(reloadOf(final)).toBeNull();
    expect(final).toContain(': 6 trials — 6 complete');
    expect(existsSync(join(dir, 'figures/study-history.png'))).toBe(true);
  }, 60_000);

  it('ends by itself once no trial runs and nothing changes for the idle time', async () => {
    const dir = tempDir('watch');
    await runStudy(dir, 3, 0);
    const t0 = Date.now();
    const { file, writes } = await watchStudyReport(dir, { storage: join(dir, 'journal.jsonl'), intervalSeconds: 0.05, idleSeconds: 0.5, png: false, log: () => {} });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(writes).toBe(2);
    expect(reloadOf(readFileSync(file, 'utf8'))).toBeNull();
  });

  it('stops on its signal with the last page still', async () => {
    const dir = tempDir('watch');
    await runStudy(dir, 3, 30);
    const stop = new AbortController();
    const { file, writes } = await watchStudyReport(dir, { storage: join(dir, 'journal.jsonl'), intervalSeconds: 0.05, idleSeconds: 1000, png: false, signal: stop.signal, log: (l) => { if (l.includes('page rewritten')) stop.abort(); } });
    expect(writes).toBe(2);
    expect(reloadOf(readFileSync(file, 'utf8'))).toBeNull();
  });

  it('as a command: Ctrl-C (SIGINT) ends the watch with exit code 0 and the final page', async () => {
    const dir = tempDir('watch-cli');
    await runStudy(dir, 3, 30);
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register'), join(root, 'src/cli.ts'), 'report', dir, '--watch', '--interval', '0.2', '--idle', '600', '--no-png'], { cwd: root, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    for (let i = 0; i < 300 && !out.includes('page rewritten'); i++) await sleep(100);
    expect(out).toContain('page rewritten');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('(final, 3 trials)');
    expect(reloadOf(readFileSync(join(dir, 'report.html'), 'utf8'))).toBeNull();
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('the page reloads itself while watched, keeping the table\'s sort, and stops reloading on the final page', async () => {
    const dir = tempDir('watch-page');
    const storage = join(dir, 'journal.jsonl');
    await runStudy(dir, 4, 0);
    await writeStudySnapshot(dir, storage, await readStudy(storage), { png: false, reloadSeconds: 1 });
    const browser = await launchChromium();
    try {
      const { page, errors } = await openWatched(browser, join(dir, 'report.html'));
      let loads = 0;
      page.on('load', () => loads++);
      const rows = () => page.locator('#trials tbody tr').count();
      expect(await rows()).toBe(4);
      await page.locator('#trials button.sort', { hasText: /^value$/ }).click();
      await page.locator('#trials button.sort', { hasText: /^value$/ }).click();
      // four more trials, a new page: the open page picks it up by itself
      await runStudy(dir, 8, 0, 2);
      await writeStudySnapshot(dir, storage, await readStudy(storage), { png: false, reloadSeconds: 1 });
      await page.waitForFunction("document.querySelectorAll('#trials tbody tr').length === 8", undefined, { timeout: 10_000 });
      expect(await page.locator('#trials th[aria-sort="descending"]').textContent()).toBe('value');
      const values = (await page.locator('#trials tbody tr td:nth-child(3)').allTextContents()).map(Number);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      // the final page: no more reloads
      await writeStudySnapshot(dir, storage, await readStudy(storage), { png: false });
      await page.waitForFunction(() => (globalThis as unknown as { __study?: { reload: number } }).__study?.reload === 0, undefined, { timeout: 10_000 });
      const settled = loads;
      await sleep(2500);
      expect(loads).toBe(settled);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
