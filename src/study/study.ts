import { toExternal, toInternal, type ParamValue } from './distributions';
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
}

export interface TrialOutcome { trial: FrozenTrial; best: FrozenTrial | null }

/**
 * A study over a journal. Trial n is sampled from, and judged against, only the trials numbered
 * below n that are finished, and every random draw depends on (seed, n, parameter): the same seed
 * gives the same study, and reruns resume it (trials left RUNNING by a dead process become FAIL
 * and are replaced; finished trials are never redone).
 *
 * trials(), doneCount() and best() read the storage's last synced state (see JournalStorage):
 * current after this study's own writes; `await sync()` to include other workers' since.
 */
export class Study {
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

  /** Mark trials a dead process left RUNNING as FAIL (single-machine resume). */
  async failAbandoned(): Promise<number> {
    await this.sync();
    let n = 0;
    for (const t of this.trials()) {
      if (t.state === TrialState.RUNNING) { await this.cfg.storage.setState(t.trialId, TrialState.FAIL); n++; }
    }
    return n;
  }

  /**
   * Run trials until nTrials are finished, one at a time. Errors the objective marks as fatal
   * (bad input: every trial would fail the same way) end the study at once; otherwise a failed
   * trial is recorded and replaced, and `maxConsecutiveFailures` failures in a row end the study.
   */
  async optimize(nTrials: number, objective: (ctx: TrialContext) => Promise<number> | number, onTrial?: (o: TrialOutcome) => void, deadline = Infinity, maxConsecutiveFailures = 5): Promise<void> {
    let failures = 0;
    await this.sync();
    while (this.doneCount() < nTrials && Date.now() < deadline) {
      const trial = await this.runTrial(objective, nTrials);
      if (trial === null) break;
      onTrial?.({ trial, best: this.best() });
      failures = trial.state === TrialState.FAIL ? failures + 1 : 0;
      if (failures >= maxConsecutiveFailures) throw new Error(`${failures} trials in a row failed; the last one: ${String(trial.userAttrs.fail_reason)}`);
    }
  }

  /** Run one trial; null when the budget of nTrials live or finished trials is already taken. */
  async runTrial(objective: (ctx: TrialContext) => Promise<number> | number, nTrials = Infinity): Promise<FrozenTrial | null> {
    const { storage, sampler, pruner, space } = this.cfg;
    const trialId = await storage.createTrialWithin(this.studyId, nTrials);
    if (trialId === null) return null;
    const number = storage.trial(trialId).number;
    const history = await this.historyFor(number);
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

  /** The trials numbered below n − workers + 1, once all of them have finished. */
  private async historyFor(number: number): Promise<FrozenTrial[]> {
    const horizon = number - (this.cfg.workers ?? 1) + 1;
    for (;;) {
      await this.sync();
      const seen = this.trials().filter((t) => t.number < horizon);
      if (seen.every((t) => isFinished(t.state))) return seen;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
