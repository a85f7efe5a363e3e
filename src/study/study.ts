import { setTimeout as sleep } from 'node:timers/promises';
import { toExternal, toInternal, type ParamValue } from './distributions';
import { lastHeartbeat } from './heartbeat';
import type { JournalStorage } from './journal';
import type { Pruner } from './pruners';
import type { Sampler } from './samplers';
import { isActive, type SpaceParam } from './space';
import { Direction, isFinished, TrialState, type DirectionCode, type FrozenTrial } from './trial';

/** Thrown by report() when the pruner stops a trial. */
export class TrialPruned extends Error {
  constructor(readonly step: number) {
    super(`pruned at step ${step}`);
  }
}

/** What an objective sees: the trial's number and parameters, and where to report progress. */
export interface TrialContext {
  number: number;
  params: Record<string, ParamValue>;
  /** Record the validation metric at a step; rejects with TrialPruned when the pruner says stop. */
  report(step: number, value: number): Promise<void>;
  setUserAttr(key: string, value: unknown): Promise<void>;
}

export interface StudyConfig {
  storage: JournalStorage;
  name: string;
  direction: 'minimize' | 'maximize';
  sampler: Sampler;
  pruner: Pruner;
  space: SpaceParam[];
  /**
   * Workers sharing the journal (default 1). Trial n is sampled from, and pruned against, exactly
   * the trials numbered below n − workers + 1, waiting for them to finish if needed: which worker
   * runs which trial, and when, cannot change the study.
   */
  workers?: number;
  /** Where waits for other workers' trials and failed stale trials are reported (default: nowhere). */
  log?: (s: string) => void;
}

/** How often a worker waiting for other workers' trials re-reads the journal. */
const POLL_MS = 20;

export interface TrialOutcome { trial: FrozenTrial; best: FrozenTrial | null }

/**
 * A study over a journal. Trial n is sampled from, and judged against, only the trials numbered
 * below n that are finished, and every random draw depends on (seed, n, parameter): the same seed
 * gives the same study, and reruns resume it (trials left RUNNING by a dead process become FAIL
 * once their heartbeat is older than the grace period, and are replaced; finished trials are never
 * redone; a live trial of another process is waited for, never failed).
 *
 * trials(), doneCount() and best() read the storage's last synced state (see JournalStorage):
 * current after this study's own writes; `await sync()` to include other workers' since.
 */
export class Study {
  /** When optimize stops starting trials (--timeout); waits for earlier trials end there too. */
  private deadline = Infinity;
  /** Trials whose wait was already reported. */
  private readonly waitedFor = new Set<number>();

  private constructor(readonly cfg: StudyConfig, readonly studyId: number, readonly direction: DirectionCode) {}

  /** The study named in cfg, created in the journal if it is not there yet. */
  static async open(cfg: StudyConfig): Promise<Study> {
    const direction = cfg.direction === 'maximize' ? Direction.MAXIMIZE : Direction.MINIMIZE;
    return new Study(cfg, await cfg.storage.loadOrCreateStudy(cfg.name, [direction]), direction);
  }

  /** Read what other workers appended since this process last read the journal. */
  sync(): Promise<void> {
    return this.cfg.storage.sync();
  }

  trials(): FrozenTrial[] {
    return this.cfg.storage.allTrials(this.studyId);
  }

  /** Finished (COMPLETE or PRUNED) trials: what counts toward the trial budget. */
  doneCount(): number {
    return this.trials().filter((t) => t.state === TrialState.COMPLETE || t.state === TrialState.PRUNED).length;
  }

  best(): FrozenTrial | null {
    const sign = this.direction === Direction.MAXIMIZE ? -1 : 1;
    let best: FrozenTrial | null = null;
    for (const t of this.trials()) {
      if (t.state !== TrialState.COMPLETE || !t.values) continue;
      if (!best || sign * (t.values[0] - best.values![0]) < 0) best = t;
    }
    return best;
  }

  /**
   * Mark FAIL the RUNNING trials whose heartbeat stopped more than the grace period ago (their
   * process is gone); returns them. Live trials of other processes, whose heartbeat goes on, stay.
   */
  async failStale(): Promise<FrozenTrial[]> {
    await this.sync();
    return this.failStaleSynced();
  }

  /** failStale on the state as of the last sync. */
  private async failStaleSynced(): Promise<FrozenTrial[]> {
    const { storage } = this.cfg;
    const now = Date.now();
    const stale = storage.staleTrials(this.studyId, now);
    for (const t of stale) {
      const silentS = Math.round((now - lastHeartbeat(t)!) / 1000);
      await storage.failTrial(t.trialId, `no heartbeat for ${silentS} s (grace period ${storage.heartbeatTiming.graceMs / 1000} s): the process running it (worker ${t.worker}) is gone`);
      this.cfg.log?.(`trial ${t.number} FAIL: no heartbeat for ${silentS} s, the process running it (worker ${t.worker}) is gone`);
    }
    return stale;
  }

  /**
   * Say what this worker waits for, once per trial, when that trial's heartbeat is overdue (a live
   * one beats every interval, and waiting for a live trial of another worker is routine).
   */
  private reportWait(t: FrozenTrial, why: string): void {
    const { intervalMs, graceMs } = this.cfg.storage.heartbeatTiming;
    const beat = lastHeartbeat(t);
    if (this.waitedFor.has(t.trialId) || (beat !== null && Date.now() - beat < 2 * intervalMs)) return;
    this.waitedFor.add(t.trialId);
    this.cfg.log?.(`waiting for trial ${t.number} (worker ${t.worker}) ${why}: ${beat === null ? 'it records no heartbeat (an Optuna worker?), so only its own process can end it' : `no heartbeat for ${Math.round((Date.now() - beat) / 1000)} s; it is failed after ${graceMs / 1000} s without one`}`);
  }

  /**
   * Run trials until nTrials are finished, one at a time; when trials of other workers hold the rest
   * of the budget, wait for them (replacing any that turn out stale). Errors the objective marks as fatal
   * (bad input: every trial would fail the same way) end the study at once; otherwise a failed
   * trial is recorded and replaced, and `maxConsecutiveFailures` failures in a row end the study.
   */
  async optimize(nTrials: number, objective: (ctx: TrialContext) => Promise<number> | number, onTrial?: (o: TrialOutcome) => void, deadline = Infinity, maxConsecutiveFailures = 5): Promise<void> {
    let failures = 0;
    this.deadline = deadline;
    await this.sync();
    while (this.doneCount() < nTrials && Date.now() < deadline) {
      const trial = await this.runTrial(objective, nTrials);
      if (trial === null) {
        // trials running elsewhere hold the rest of the budget: wait until they finish, or until
        // one of them is found stale and failed, which frees its place for a replacement
        if (!(await this.awaitBudget(nTrials, deadline))) break;
        continue;
      }
      onTrial?.({ trial, best: this.best() });
      failures = trial.state === TrialState.FAIL ? failures + 1 : 0;
      if (failures >= maxConsecutiveFailures) throw new Error(`${failures} trials in a row failed; the last one: ${String(trial.userAttrs.fail_reason)}`);
    }
  }

  /**
   * Wait while RUNNING trials of other workers take the whole budget; true when a place came free
   * (a trial failed), false when the budget is done or the deadline has passed.
   */
  private async awaitBudget(nTrials: number, deadline: number): Promise<boolean> {
    for (;;) {
      await this.sync();
      if (this.doneCount() >= nTrials || Date.now() >= deadline) return false;
      if ((await this.failStaleSynced()).length > 0) return true;
      if (this.trials().filter((t) => t.state !== TrialState.FAIL).length < nTrials) return true;
      for (const t of this.trials()) if (t.state === TrialState.RUNNING) this.reportWait(t, 'to finish the budget');
      await sleep(POLL_MS);
    }
  }

  /** Run one trial; null when the budget of nTrials live or finished trials is already taken. */
  async runTrial(objective: (ctx: TrialContext) => Promise<number> | number, nTrials = Infinity): Promise<FrozenTrial | null> {
    const { storage } = this.cfg;
    const trialId = await storage.createTrialWithin(this.studyId, nTrials);
    if (trialId === null) return null;
    try {
      return await this.runCreatedTrial(trialId, objective);
    } finally {
      // however the run ended, this process no longer vouches for the trial
      storage.stopHeartbeat(trialId);
    }
  }

  private async runCreatedTrial(trialId: number, objective: (ctx: TrialContext) => Promise<number> | number): Promise<FrozenTrial> {
    const { storage, sampler, pruner, space } = this.cfg;
    const number = storage.trial(trialId).number;
    const history = await this.historyFor(number);
    if (history === null) {
      // the deadline passed while earlier trials were still running: this one never started
      await storage.setUserAttr(trialId, 'fail_reason', 'the study\'s timeout passed while earlier trials were still running');
      await storage.setState(trialId, TrialState.FAIL);
      return storage.trial(trialId);
    }
    const params: Record<string, ParamValue> = {};
    const chosen: { name: string; internal: number; d: SpaceParam['distribution'] }[] = [];
    // parameters every trial has (no condition) may be drawn jointly; conditional ones alone
    const joint = sampler.sampleJoint?.(space.filter((p) => !p.when).map((p) => ({ name: p.name, d: p.distribution })), number, history, this.direction) ?? null;
    for (const p of space) {
      if (!isActive(p, params)) continue;
      const internal = joint && p.name in joint ? joint[p.name] : sampler.sample(p.name, p.distribution, number, history, this.direction);
      params[p.name] = toExternal(p.distribution, internal);
      chosen.push({ name: p.name, internal: toInternal(p.distribution, params[p.name]), d: p.distribution });
    }
    await storage.setParams(trialId, chosen);
    const ctx: TrialContext = {
      number, params,
      report: async (step, value) => {
        await storage.report(trialId, step, value);
        if (pruner.shouldPrune(storage.trial(trialId), step, history, this.direction)) throw new TrialPruned(step);
      },
      setUserAttr: (k, v) => storage.setUserAttr(trialId, k, v),
    };
    try {
      const value = await objective(ctx);
      if (!Number.isFinite(value)) throw new Error(`objective returned ${value}`);
      await storage.setState(trialId, TrialState.COMPLETE, [value]);
    } catch (e) {
      if (e instanceof TrialPruned) await storage.setState(trialId, TrialState.PRUNED);
      else {
        await storage.setUserAttr(trialId, 'fail_reason', String((e as Error)?.message ?? e));
        await storage.setState(trialId, TrialState.FAIL);
        if ((e as { fatal?: boolean })?.fatal) throw e;
      }
    }
    return storage.trial(trialId);
  }

  /**
   * The trials numbered below n − workers + 1, once all of them have finished. One whose process
   * died is failed once its heartbeat is older than the grace period, so it cannot block forever;
   * null once the deadline has passed.
   */
  private async historyFor(number: number): Promise<FrozenTrial[] | null> {
    const horizon = number - (this.cfg.workers ?? 1) + 1;
    for (;;) {
      if (Date.now() >= this.deadline) return null;
      await this.sync();
      const seen = this.trials().filter((t) => t.number < horizon);
      const unfinished = seen.filter((t) => !isFinished(t.state));
      if (unfinished.length === 0) return seen;
      if ((await this.failStaleSynced()).length > 0) continue;
      for (const t of unfinished) this.reportWait(t, `before trial ${number} can be sampled`);
      await sleep(POLL_MS);
    }
  }
}
