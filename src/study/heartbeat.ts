import { TrialState, type FrozenTrial } from './trial';

/**
 * Trial liveness as Optuna's heartbeat has it (RDBStorage.record_heartbeat, fail_stale_trials): a
 * running trial records a heartbeat every interval, and a RUNNING trial whose last heartbeat is
 * older than the grace period belongs to a process that is gone, so it may be failed.
 *
 * Optuna 5's journal storage records no heartbeat, and its replay rejects unknown operation codes
 * (code 10 is already Rustuna's DISCARD_TRIALS), so the heartbeat is a trial system attribute that
 * every Optuna reader accepts: `heartbeat`, an ISO 8601 UTC time, written with CREATE_TRIAL and then
 * every interval. A geo-graphnet trial without it (written before heartbeats existed) is judged by
 * its start; any other trial without it (one an Optuna worker runs) is never judged stale, as
 * Optuna's fail_stale_trials leaves trials that have no heartbeat. Times come from each writer's
 * clock: machines sharing a study need clocks that agree well within the grace period.
 */
export const HEARTBEAT_ATTR = 'heartbeat';

/** How geo-graphnet's journal worker ids begin (`geo-graphnet-<pid>-<ms>`). */
export const WORKER_PREFIX = 'geo-graphnet-';

export interface HeartbeatTiming {
  /** How often a running trial records its heartbeat. */
  intervalMs: number;
  /**
   * How long a RUNNING trial may go without a heartbeat before it counts as abandoned. Optuna's
   * default is twice the interval; ours is six times, because a heartbeat can only go out between
   * two synchronous steps of training (an epoch, a data preparation), not from a thread as in Optuna.
   */
  graceMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatTiming = { intervalMs: 10_000, graceMs: 60_000 };

/** A time as Python's `datetime.now(timezone.utc).isoformat(timespec="microseconds")` writes it. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/** Milliseconds since the epoch of an ISO 8601 date-time; one without an offset is local time, as Python reads it; null if it is not one. */
export function parseIsoMs(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  if (!m[8]) return new Date(y, mo - 1, d, h, mi, sec, ms).getTime();
  const offsetMin = m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000;
}

/** When the trial last showed it was alive (ms since the epoch), or null if it cannot tell (see above). */
export function lastHeartbeat(t: FrozenTrial): number | null {
  return parseIsoMs(t.systemAttrs[HEARTBEAT_ATTR]) ?? (t.worker.startsWith(WORKER_PREFIX) ? parseIsoMs(t.datetimeStart) : null);
}

/** A RUNNING trial whose heartbeat stopped more than graceMs before `now`: its process is gone. */
export function isStale(t: FrozenTrial, now: number, graceMs: number): boolean {
  if (t.state !== TrialState.RUNNING) return false;
  const beat = lastHeartbeat(t);
  return beat !== null && now - beat > graceMs;
}

/**
 * The running trials this process owns, and when each last recorded its heartbeat. Heartbeats ride
 * on the journal's writes (`due` hands out the ones to append with the next write); a timer asks
 * for a write when none came for half an interval, so a trial waiting or sampling still beats. At
 * most one extra append per interval; the timer does not keep the process alive.
 */
export class HeartbeatSchedule {
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  /** @param write appends whatever is pending, heartbeats included */
  constructor(readonly timing: HeartbeatTiming, private readonly write: () => Promise<void>) {}

  start(trialId: number, now: number): void {
    this.last.set(trialId, now);
    if (this.timer) return;
    this.timer = setInterval(() => {
      // a failed write here fails the trial's own next write too, which reports it
      if (this.hasDue(Date.now())) this.write().catch(() => undefined);
    }, Math.max(1, this.timing.intervalMs / 2));
    this.timer.unref();
  }

  stop(trialId: number): void {
    this.last.delete(trialId);
    if (this.last.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  owns(trialId: number): boolean {
    return this.last.has(trialId);
  }

  /** The trials whose heartbeat is due at `now`, counted as recorded then (the caller appends them). */
  due(now: number): number[] {
    const out: number[] = [];
    for (const [id, t] of this.last) {
      if (now - t >= this.timing.intervalMs) {
        out.push(id);
        this.last.set(id, now);
      }
    }
    return out;
  }

  /** Whether some heartbeat is due at `now`. */
  hasDue(now: number): boolean {
    for (const t of this.last.values()) if (now - t >= this.timing.intervalMs) return true;
    return false;
  }
}
