import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasCompleteTrial, writeStudySnapshot } from '../report/study_report';
import { readStudy, type StudySnapshot } from '../study/read_study';
import { TrialState } from '../study/trial';
import { InputError } from '../util/errors';

/*
 * `report --watch`: the study's report rewritten while the study runs. The storage is read again
 * every interval; when a trial was created, finished or reported an intermediate value, the page is
 * rewritten with a note that makes it reload itself. The watch ends when no trial is running and
 * nothing has changed for `idleSeconds`, when nothing at all has changed for ten times that (a trial
 * left running by a killed process), or when `signal` aborts (Ctrl-C). However it ends, even on an
 * error, the last page is written still (no reload), with PNGs if asked.
 */

export interface WatchOptions {
  storage: string;
  study?: string;
  intervalSeconds: number;
  idleSeconds: number;
  png?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** What of a study, when it changes, is worth a new page. */
const fingerprint = (s: StudySnapshot) => s.trials.map((t) => `${t.number}:${t.state}:${t.values?.[0]}:${t.intermediate.size}`).join(',');
const running = (s: StudySnapshot | null) => s?.trials.filter((t) => t.state === TrialState.RUNNING).length ?? 0;
/** Silence this many times the idle time ends a watch even with trials marked running. */
const STALE_FACTOR = 10;

export async function watchStudyReport(dir: string, opts: WatchOptions): Promise<{ file: string; writes: number }> {
  const log = opts.log ?? console.log;
  let last: StudySnapshot | null = null, seen = '', writes = 0, quietSince = Date.now(), said = '', livePage = false;
  const waiting = (why: string) => { if (why !== said) log(`waiting: ${(said = why)}`); };
  try {
    while (!opts.signal?.aborted) {
      let snap: StudySnapshot | null = null;
      try {
        snap = await readStudy(opts.storage, opts.study);
      } catch (e) {
        // the study may not have started yet, or the storage may be briefly unreadable: keep watching
        if (!(e instanceof InputError)) throw e;
        waiting(e.message);
      }
      const now = Date.now();
      if (snap && fingerprint(snap) !== seen) {
        seen = fingerprint(snap);
        last = snap;
        quietSince = now;
        if (hasCompleteTrial(snap)) {
          await writeStudySnapshot(dir, opts.storage, snap, { png: false, reloadSeconds: opts.intervalSeconds });
          writes++;
          livePage = true;
          log(`report: ${snap.trials.length} trials (${running(snap)} running), page rewritten`);
        } else {
          waiting('no complete trial yet');
        }
      }
      const quiet = now - quietSince;
      // a failed read says nothing about running trials: the last good one does
      if (quiet >= opts.idleSeconds * 1000 && (running(snap ?? last) === 0 || quiet >= STALE_FACTOR * opts.idleSeconds * 1000)) break;
      try {
        await sleep(opts.intervalSeconds * 1000, undefined, { signal: opts.signal });
      } catch {
        break;
      }
    }
  } catch (e) {
    // never leave a page that reloads itself behind a watch that has stopped; the first error is the one to report
    if (livePage && last) await writeStudySnapshot(dir, opts.storage, last, { png: false }).catch(() => {});
    throw e;
  }
  // however the loop ended (idle, signal), the last page is written still, with its PNGs
  if (livePage && last) await writeStudySnapshot(dir, opts.storage, last, { png: opts.png ?? true });
  if (!last || !hasCompleteTrial(last)) throw new InputError('the study has no complete trial to plot', { file: opts.storage });
  const file = join(dir, 'report.html');
  log(`report: ${file} (final, ${last.trials.length} trials)`);
  return { file, writes: writes + 1 };
}
