import { Direction, TrialState, type DirectionCode, type FrozenTrial } from './trial';

/** Decides, after a trial reports at `step`, whether to stop it, judging it against `finished` trials only. */
export interface Pruner {
  shouldPrune(trial: FrozenTrial, step: number, finished: FrozenTrial[], direction: DirectionCode): boolean;
}

export interface PercentileOptions { percentile: number; startupTrials: number; warmupSteps: number; interval: number; minTrials: number }

/**
 * Optuna's PercentilePruner (the median pruner at 50): once startupTrials trials have completed and
 * the trial is past warmupSteps (checking every `interval` steps), prune it when its best value so
 * far is worse than the given percentile of the completed trials' values at the same step.
 */
export class PercentilePruner implements Pruner {
  readonly o: PercentileOptions;
  constructor(opts: Partial<PercentileOptions> = {}) {
    this.o = { percentile: 50, startupTrials: 5, warmupSteps: 0, interval: 1, minTrials: 1, ...opts };
  }

  shouldPrune(trial: FrozenTrial, step: number, finished: FrozenTrial[], direction: DirectionCode): boolean {
    const complete = finished.filter((t) => t.state === TrialState.COMPLETE);
    if (complete.length < this.o.startupTrials) return false;
    if (step < this.o.warmupSteps) return false;
    if ((step - this.o.warmupSteps) % this.o.interval !== 0) return false;
    const max = direction === Direction.MAXIMIZE;
    let best = max ? -Infinity : Infinity;
    for (const v of trial.intermediate.values()) if (!Number.isNaN(v)) best = max ? Math.max(best, v) : Math.min(best, v);
    if (!Number.isFinite(best)) return true;
    const atStep = complete.map((t) => t.intermediate.get(step)).filter((v): v is number => v !== undefined && !Number.isNaN(v));
    if (atStep.length < this.o.minTrials) return false;
    // the percentile is taken from the "bad" side: for maximisation, low values are bad
    const q = max ? 100 - this.o.percentile : this.o.percentile;
    const p = percentile(atStep, q);
    return max ? best < p : best > p;
  }
}

export class MedianPruner extends PercentilePruner {
  constructor(opts: Partial<Omit<PercentileOptions, 'percentile'>> = {}) {
    super({ ...opts, percentile: 50 });
  }
}

/**
 * Successive halving (asynchronous, as Optuna's SuccessiveHalvingPruner): rungs at steps
 * minResource·η^k; at a rung a trial continues only if its value there is in the top 1/η of the
 * values that finished trials recorded at that rung.
 */
export class SuccessiveHalvingPruner implements Pruner {
  constructor(readonly minResource = 1, readonly reductionFactor = 3, readonly minEarlyStoppingRate = 0) {}

  shouldPrune(trial: FrozenTrial, step: number, finished: FrozenTrial[], direction: DirectionCode): boolean {
    const rung = Math.log(step / this.minResource) / Math.log(this.reductionFactor) - this.minEarlyStoppingRate;
    if (step < this.minResource || Math.abs(rung - Math.round(rung)) > 1e-9 || Math.round(rung) < 0) return false;
    const value = trial.intermediate.get(step);
    if (value === undefined) return false;
    const peers = finished.map((t) => t.intermediate.get(step)).filter((v): v is number => v !== undefined);
    peers.push(value);
    const keep = Math.max(1, Math.floor(peers.length / this.reductionFactor));
    const sorted = peers.sort((a, b) => (direction === Direction.MAXIMIZE ? b - a : a - b));
    const cut = sorted[keep - 1];
    return direction === Direction.MAXIMIZE ? value < cut : value > cut;
  }
}

export class NopPruner implements Pruner {
  shouldPrune(): boolean { return false; }
}

/** Linear interpolation between order statistics (numpy's default). */
export function percentile(values: number[], q: number): number {
  const s = values.slice().sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
