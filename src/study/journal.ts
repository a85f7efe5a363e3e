import { distributionFromJson, distributionToJson, toExternal, type Distribution } from './distributions';
import { DEFAULT_HEARTBEAT, HEARTBEAT_ATTR, HeartbeatSchedule, isoUtc, isStale, type HeartbeatTiming } from './heartbeat';
import { warnOnStderr, type JournalBackend, type Log, type Warn } from './journal_backend';
import { isFinished, TrialState, type DirectionCode, type FrozenTrial, type StudyState, type TrialStateCode } from './trial';

/** Optuna's JournalOperation codes. */
export const Op = {
  CREATE_STUDY: 0, DELETE_STUDY: 1, SET_STUDY_USER_ATTR: 2, SET_STUDY_SYSTEM_ATTR: 3, CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5, SET_TRIAL_STATE_VALUES: 6, SET_TRIAL_INTERMEDIATE_VALUE: 7, SET_TRIAL_USER_ATTR: 8, SET_TRIAL_SYSTEM_ATTR: 9,
} as const;

/** Python's datetime.isoformat(timespec="microseconds") for a local time (default now). */
export function isoNow(ms = Date.now()): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

export interface JournalStorageOptions {
  /**
   * How long reported intermediate values may wait in memory before they are appended (default
   * 1 s; they always go out with the trial's next state change, so a finished trial is complete in
   * the journal; a crash loses at most this much of a running trial's progress).
   */
  flushMs?: number;
  /** Heartbeat interval and grace period of running trials (default 10 s and 60 s). */
  heartbeat?: Partial<HeartbeatTiming>;
  /** Where a log that cannot be applied (an unknown operation, a bad field) is reported, once; default stderr. */
  warn?: Warn;
}

/** Keys that would reach an object's prototype: never copied from a journal. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Object.assign of a journal's attribute object, without reserved keys. */
function assignAttrs(target: Record<string, unknown>, source: unknown): void {
  if (typeof source !== 'object' || source === null) return;
  for (const [k, v] of Object.entries(source)) if (!RESERVED.has(k)) target[k] = v;
}

/**
 * A study storage that is an append-only journal in Optuna's JournalStorage format: every change
 * is a log line; the state is the replay of all lines (ours and other workers', Optuna's included),
 * with Optuna's rules: updates to finished or unknown trials are ignored, trial ids count trials
 * across studies, trial numbers count within a study. A line that is not a log is skipped.
 *
 * The trials this storage creates record heartbeats while they run (see heartbeat.ts), so other
 * workers can tell them from trials whose process died.
 *
 * Writes are asynchronous (a lock or a network may wait) and run one at a time. The read accessors
 * (studyNames, findStudy, study, allTrials, trial) are synchronous and show the state as of the last
 * sync: every write syncs after appending, so they include everything in the journal up to this
 * storage's last write, plus its own reported values; `await sync()` first to see other workers' since.
 */
export class JournalStorage {
  private logsRead = 0;
  private readonly warn: Warn;
  private readonly studies = new Map<number, StudyState>();
  private readonly trials: FrozenTrial[] = [];
  private nextStudyId = 0;

  /** Intermediate values not yet written: flushed with the trial's next write, or after `flushMs`. */
  private pending: Log[] = [];
  private lastFlush = Date.now();
  /** The operation in progress: the next one starts after it (replaying a range twice would duplicate trials). */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly flushMs: number;
  /** This storage's running trials and their heartbeats. */
  private readonly heartbeats: HeartbeatSchedule;

  private constructor(private readonly backend: JournalBackend, readonly workerId: string, opts: JournalStorageOptions) {
    this.flushMs = opts.flushMs ?? 1000;
    this.warn = opts.warn ?? warnOnStderr;
    this.heartbeats = new HeartbeatSchedule({ ...DEFAULT_HEARTBEAT, ...opts.heartbeat }, () => this.flush());
  }

  /** A storage over the backend, with the journal read so far. */
  static async open(backend: JournalBackend, workerId: string, opts: JournalStorageOptions = {}): Promise<JournalStorage> {
    const storage = new JournalStorage(backend, workerId, opts);
    await storage.sync();
    return storage;
  }

  get heartbeatTiming(): HeartbeatTiming {
    return this.heartbeats.timing;
  }

  /** Read and apply the logs appended since the last sync (other workers' included). */
  sync(): Promise<void> {
    return this.exclusive(() => this.readNew());
  }

  private async readNew(): Promise<void> {
    const logs = await this.backend.readLogs(this.logsRead);
    // a line the backend could not read (null) keeps its number but changes nothing, as if absent;
    // so does one that cannot be applied, reported once: each log is counted read as it is applied
    for (const log of logs) {
      if (log !== null) {
        try {
          this.apply(log);
        } catch (e) {
          this.warn(`journal log ${this.logsRead + 1} was skipped: ${(e as Error).message}`);
        }
      }
      this.logsRead++;
    }
  }

  /** Run operations one at a time, in call order. */
  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Append the given logs after any pending ones, in one locked, fsync'ed write, then sync. */
  private write(...logs: Log[]): Promise<void> {
    return this.exclusive(async () => {
      const all = [...this.takePending(), ...logs];
      if (all.length === 0) return;
      await this.backend.appendLogs(all);
      await this.readNew();
    });
  }

  /** Intermediate values not yet written, and the heartbeats that are due: they ride on the next append. */
  private takePending(): Log[] {
    const now = Date.now();
    const p = this.pending;
    this.pending = [];
    this.lastFlush = now;
    for (const trialId of this.heartbeats.due(now)) p.push(this.log(Op.SET_TRIAL_SYSTEM_ATTR, { trial_id: trialId, system_attr: { [HEARTBEAT_ATTR]: isoUtc(now) } }));
    return p;
  }

  private log(op: number, fields: Log): Log {
    return { op_code: op, worker_id: this.workerId, ...fields };
  }

  /** Write out pending intermediate values (and due heartbeats) now. */
  flush(): Promise<void> {
    return this.write();
  }

  /** The study's id, creating it with the given directions if it does not exist yet. */
  async loadOrCreateStudy(name: string, directions: DirectionCode[]): Promise<number> {
    await this.sync();
    const existing = this.findStudy(name);
    if (existing !== null) {
      const s = this.studies.get(existing)!;
      if (s.directions.join() !== directions.join()) throw new Error(`study '${name}' exists with directions [${s.directions}] (1 = minimise, 2 = maximise), not [${directions}]`);
      return existing;
    }
    await this.write(this.log(Op.CREATE_STUDY, { study_name: name, directions }));
    return this.findStudy(name)!;
  }

  /** Names of the studies in the journal, in creation order (as of the last sync). */
  studyNames(): string[] {
    return [...this.studies.values()].map((s) => s.name);
  }

  /** The id of the study with this name (as of the last sync), or null. */
  findStudy(name: string): number | null {
    for (const s of this.studies.values()) if (s.name === name) return s.studyId;
    return null;
  }

  study(studyId: number): StudyState {
    const s = this.studies.get(studyId);
    if (!s) throw new Error(`no study with id ${studyId}`);
    return s;
  }

  /** The study's trials in number order (as of the last sync). */
  allTrials(studyId: number): FrozenTrial[] {
    return this.study(studyId).trials;
  }

  trial(trialId: number): FrozenTrial {
    return this.trials[trialId];
  }

  /**
   * A new RUNNING trial; returns its id (the last trial this worker created). It records heartbeats
   * until setState finishes it or stopHeartbeat is called.
   */
  async createTrial(studyId: number): Promise<number> {
    const now = Date.now();
    await this.write(this.createTrialLog(studyId, now));
    return this.beating(this.lastCreatedByMe(), now);
  }

  /** CREATE_TRIAL with its first heartbeat, so the trial is never without one. */
  private createTrialLog(studyId: number, now: number): Log {
    return this.log(Op.CREATE_TRIAL, { study_id: studyId, datetime_start: isoNow(now), system_attrs: { [HEARTBEAT_ATTR]: isoUtc(now) } });
  }

  private beating(trialId: number, since: number): number {
    this.heartbeats.start(trialId, since);
    return trialId;
  }

  /** No more heartbeats for this trial (its run ended without finishing it): it becomes stale. */
  stopHeartbeat(trialId: number): void {
    this.heartbeats.stop(trialId);
  }

  /** RUNNING trials of the study, other than this storage's own, whose heartbeat stopped more than the grace period ago. */
  staleTrials(studyId: number, now = Date.now()): FrozenTrial[] {
    return this.allTrials(studyId).filter((t) => !this.heartbeats.owns(t.trialId) && isStale(t, now, this.heartbeats.timing.graceMs));
  }

  /** Mark another worker's trial FAIL with the reason, in one append (ignored if it finished meanwhile). */
  async failTrial(trialId: number, reason: string): Promise<void> {
    await this.write(
      this.log(Op.SET_TRIAL_USER_ATTR, { trial_id: trialId, user_attr: { fail_reason: reason } }),
      this.log(Op.SET_TRIAL_STATE_VALUES, { trial_id: trialId, state: TrialState.FAIL, values: null, datetime_complete: isoNow() }),
    );
  }

  /**
   * Create a trial only while fewer than `limit` trials of the study are running or finished
   * without failure, checking and appending under the journal lock so that several workers never
   * overshoot the budget. Returns the trial id, or null when the budget is taken.
   */
  createTrialWithin(studyId: number, limit: number): Promise<number | null> {
    return this.exclusive(async () => {
      const createdAt = await this.backend.locked(async () => {
        await this.readNew();
        const live = this.study(studyId).trials.filter((t) => t.state !== TrialState.FAIL).length;
        if (live >= limit) return null;
        const now = Date.now();
        await this.backend.appendLocked([...this.takePending(), this.createTrialLog(studyId, now)]);
        return now;
      });
      if (createdAt === null) return null;
      await this.readNew();
      return this.beating(this.lastCreatedByMe(), createdAt);
    });
  }

  private lastCreatedByMe(): number {
    for (let t = this.trials.length - 1; t >= 0; t--) if (this.trials[t].worker === this.workerId) return t;
    throw new Error('the created trial is not in the journal');
  }

  /** Record a trial's parameters (internal representation) in one append. */
  async setParams(trialId: number, params: { name: string; internal: number; d: Distribution }[]): Promise<void> {
    if (params.length === 0) return;
    await this.write(...params.map((p) => this.log(Op.SET_TRIAL_PARAM, { trial_id: trialId, param_name: p.name, param_value_internal: p.internal, distribution: distributionToJson(p.d) })));
  }

  async setState(trialId: number, state: TrialStateCode, values: number[] | null = null): Promise<void> {
    const log: Log = { trial_id: trialId, state, values };
    if (state === TrialState.RUNNING) log.datetime_start = isoNow();
    else if (isFinished(state)) {
      log.datetime_complete = isoNow();
      this.heartbeats.stop(trialId);
    }
    await this.write(this.log(Op.SET_TRIAL_STATE_VALUES, log));
  }

  /**
   * Record an intermediate value. It is visible to this process at once and appended with the
   * trial's next write, or now (awaited) when flushMs has passed since the last write or a
   * heartbeat is due: one fsync per second or heartbeat instead of one per epoch. Re-reading it
   * from the journal later is harmless (the same step gets the same value).
   */
  async report(trialId: number, step: number, value: number): Promise<void> {
    const log = this.log(Op.SET_TRIAL_INTERMEDIATE_VALUE, { trial_id: trialId, step, intermediate_value: value });
    this.apply(log);
    this.pending.push(log);
    // training may keep the event loop too busy for the heartbeat timer: a due heartbeat flushes too
    const now = Date.now();
    if (now - this.lastFlush >= this.flushMs || this.heartbeats.hasDue(now)) await this.flush();
  }

  async setUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    await this.write(this.log(Op.SET_TRIAL_USER_ATTR, { trial_id: trialId, user_attr: { [key]: value } }));
  }

  async setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    await this.write(this.log(Op.SET_STUDY_USER_ATTR, { study_id: studyId, user_attr: { [key]: value } }));
  }

  private apply(log: Log): void {
    switch (log.op_code) {
      case Op.CREATE_STUDY: {
        const name = log.study_name as string;
        if ([...this.studies.values()].some((s) => s.name === name)) return;
        const id = this.nextStudyId++;
        this.studies.set(id, { studyId: id, name, directions: log.directions as DirectionCode[], userAttrs: {}, systemAttrs: {}, trials: [] });
        return;
      }
      case Op.DELETE_STUDY: this.studies.delete(log.study_id as number); return;
      case Op.SET_STUDY_USER_ATTR: assignAttrs(this.studies.get(log.study_id as number)?.userAttrs ?? {}, log.user_attr); return;
      case Op.SET_STUDY_SYSTEM_ATTR: assignAttrs(this.studies.get(log.study_id as number)?.systemAttrs ?? {}, log.system_attr); return;
      case Op.CREATE_TRIAL: {
        const s = this.studies.get(log.study_id as number);
        if (!s) return;
        const distributions: Record<string, Distribution> = {};
        for (const [k, v] of Object.entries((log.distributions as Record<string, string>) ?? {})) distributions[k] = distributionFromJson(v);
        const internal = (log.params as Record<string, number>) ?? {};
        const t: FrozenTrial = {
          trialId: this.trials.length, number: s.trials.length, state: (log.state as TrialStateCode) ?? TrialState.RUNNING,
          params: Object.fromEntries(Object.entries(internal).map(([k, v]) => [k, toExternal(distributions[k], v)])),
          internal: { ...internal }, distributions,
          values: (log.values as number[]) ?? (log.value !== undefined && log.value !== null ? [log.value as number] : null),
          intermediate: new Map(Object.entries((log.intermediate_values as Record<string, number>) ?? {}).map(([k, v]) => [Number(k), v])),
          userAttrs: { ...((log.user_attrs as Log) ?? {}) }, systemAttrs: { ...((log.system_attrs as Log) ?? {}) },
          datetimeStart: (log.datetime_start as string) ?? null, datetimeComplete: (log.datetime_complete as string) ?? null,
          worker: log.worker_id as string,
        };
        this.trials.push(t);
        s.trials.push(t);
        return;
      }
      default: {
        const t = this.trials[log.trial_id as number];
        if (!t || isFinished(t.state)) return;
        switch (log.op_code) {
          case Op.SET_TRIAL_PARAM: {
            const d = distributionFromJson(log.distribution as string);
            const name = log.param_name as string;
            if (RESERVED.has(name)) throw new Error(`'${name}' cannot be a parameter name`);
            t.distributions[name] = d;
            t.internal[name] = log.param_value_internal as number;
            t.params[name] = toExternal(d, log.param_value_internal as number);
            return;
          }
          case Op.SET_TRIAL_STATE_VALUES: {
            const state = log.state as TrialStateCode;
            if (state === TrialState.RUNNING && t.state === TrialState.RUNNING) return;
            if (state === TrialState.RUNNING) t.datetimeStart = log.datetime_start as string;
            if (isFinished(state)) t.datetimeComplete = log.datetime_complete as string;
            t.state = state;
            if (log.values !== null && log.values !== undefined) t.values = log.values as number[];
            return;
          }
          case Op.SET_TRIAL_INTERMEDIATE_VALUE: t.intermediate.set(log.step as number, log.intermediate_value as number); return;
          case Op.SET_TRIAL_USER_ATTR: assignAttrs(t.userAttrs, log.user_attr); return;
          case Op.SET_TRIAL_SYSTEM_ATTR: assignAttrs(t.systemAttrs, log.system_attr); return;
          default: throw new Error(`unknown journal operation ${String(log.op_code)}`);
        }
      }
    }
  }
}
