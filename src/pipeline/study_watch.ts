import { setTimeout as sleep } from 'node:timers/promises';
import { hasCompleteTrial, readStudy, writeStudySnapshot, type StudySnapshot } from '../report/study_report';
import { TrialState } from '../study/trial';
import { InputError } from '../util/errors';

/*
 * `report --watch`: the study's report rewritten while the study runs. The storage is read again
 * every interval; when a trial was created, finished or reported an intermediate value, the page is
 * rewritten with a note that makes it reload itself. The watch ends when no trial has been running
 * and nothing has changed for `idleSeconds`, or when `signal` aborts (Ctrl-C); the last page is
 * written without the reload, with PNGs if asked.
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

export async function watchStudyReport(dir: string, opts: WatchOptions): Promise<{ file: string; writes: number }> {
  const log = opts.log ?? console.log;
  let last: StudySnapshot | null = null, seen = '', writes = 0, quietSince = Date.now(), said = '';
  const waiting = (why: string) => { if (why !== said) log(`waiting: ${(said = why)}`); };
  while (!opts.signal?.aborted) {
    let snap: StudySnapshot | null = null;
    try {
      snap = await readStudy(opts.storage, opts.study);
    } catch (e) {
      // the study may not have started yet: say so once, keep watching until idle
      if (!(e instanceof InputError)) throw e;
      waiting(e.message);
    }
    const now = Date.now();
    const print = snap ? fingerprint(snap) : '';
    if (snap && print !== seen) {
      seen = print;
      last = snap;
      quietSince = now;
      if (hasCompleteTrial(snap)) {
        await writeStudySnapshot(dir, opts.storage, snap, { png: false, reloadSeconds: opts.intervalSeconds });
        writes++;
        log(`report: ${snap.trials.length} trials (${snap.trials.filter((t) => t.state === TrialState.RUNNING).length} running), page rewritten`);
      } else {
        waiting('no complete trial yet');
      }
    }
    const running = snap?.trials.some((t) => t.state === TrialState.RUNNING) ?? false;
    if (!running && now - quietSince >= opts.idleSeconds * 1000) break;
    try {
      await sleep(opts.intervalSeconds * 1000, undefined, { signal: opts.signal });
    } catch {
      break;
    }
  }
  if (!last || !hasCompleteTrial(last)) throw new InputError('the study has no complete trial to plot', { file: opts.storage });
  const { file } = await writeStudySnapshot(dir, opts.storage, last, { png: opts.png ?? true });
  log(`report: ${file} (final, ${last.trials.length} trials)`);
  return { file, writes: writes + 1 };
}
