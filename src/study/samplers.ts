import { makeRng, type Rng } from '../util/rng';
import { isSingle, toInternal, type Distribution } from './distributions';
import { buildJointParzen } from './joint_parzen';
import { buildParzen, defaultWeights, snap } from './parzen';
import { Direction, TrialState, type DirectionCode, type FrozenTrial } from './trial';

/** Chooses a parameter value (internal representation) for trial `number` from the finished trials it may see. */
export interface Sampler {
  sample(name: string, d: Distribution, number: number, history: FrozenTrial[], direction: DirectionCode): number;
  /** Joint draw of several always-present parameters (multivariate TPE); absent: each is sampled alone. */
  sampleJoint?(params: { name: string; d: Distribution }[], number: number, history: FrozenTrial[], direction: DirectionCode): Record<string, number> | null;
}

/**
 * Every draw depends only on (seed, trial number, parameter name), never on wall-clock or on the
 * order in which workers ran, so a study repeats bit for bit, in one process or many.
 */
function drawRng(seed: number, number: number, name: string, tag: string): Rng {
  return makeRng(`${seed}:${tag}:${number}:${name}`);
}

/** Uniform in the transformed space (log for log-scaled), snapped to the grid. */
export function randomValue(d: Distribution, rng: Rng): number {
  if (d.kind === 'categorical') return rng.int(d.choices.length);
  if (isSingle(d)) return d.low;
  if (d.log) {
    const lo = Math.log(d.low - (d.kind === 'int' ? 0.5 : 0)), hi = Math.log(d.high + (d.kind === 'int' ? 0.5 : 0));
    return snap(d, Math.exp(lo + (hi - lo) * rng.next()));
  }
  const step = d.kind === 'int' ? d.step : d.step;
  if (step !== null) {
    const k = rng.int(Math.floor((d.high - d.low) / step + 1e-9) + 1);
    return snap(d, d.low + k * step);
  }
  return d.low + (d.high - d.low) * rng.next();
}

export class RandomSampler implements Sampler {
  constructor(readonly seed: number) {}
  sample(name: string, d: Distribution, number: number): number {
    return randomValue(d, drawRng(this.seed, number, name, 'random'));
  }
}

export interface TPEOptions {
  nStartupTrials: number;
  nEiCandidates: number;
  priorWeight: number;
  considerPrior: boolean;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** n_below = gamma(n); Optuna's default min(ceil(0.1·n), 25). */
  gamma: (n: number) => number;
  /** Sample the unconditional parameters jointly (Optuna's multivariate=True). */
  multivariate: boolean;
}

export const defaultTPEOptions: TPEOptions = {
  nStartupTrials: 10, nEiCandidates: 24, priorWeight: 1, considerPrior: true, considerMagicClip: true, considerEndpoints: false,
  gamma: (n) => Math.min(Math.ceil(0.1 * n), 25),
  multivariate: false,
};

/** Finished trials ranked best first: complete ones by value, then pruned ones by (last step desc, last value). */
export function rankTrials(history: FrozenTrial[], direction: DirectionCode): FrozenTrial[] {
  const sign = direction === Direction.MAXIMIZE ? -1 : 1;
  const complete = history.filter((t) => t.state === TrialState.COMPLETE && t.values).sort((a, b) => sign * (a.values![0] - b.values![0]) || a.number - b.number);
  const last = (t: FrozenTrial): [number, number] => {
    let step = -Infinity, v = Infinity;
    for (const [s, x] of t.intermediate) if (s > step) { step = s; v = x; }
    return [step, sign * v];
  };
  const pruned = history.filter((t) => t.state === TrialState.PRUNED && t.intermediate.size > 0).sort((a, b) => {
    const [sa, va] = last(a), [sb, vb] = last(b);
    return sb - sa || va - vb || a.number - b.number;
  });
  return [...complete, ...pruned];
}

/**
 * Tree-structured Parzen Estimator, univariate, after Optuna's TPESampler: random for the first
 * nStartupTrials; then the ranked trials split at n_below = gamma(n) into good (l) and bad (g),
 * a Parzen estimator is fitted to each (observations weighted by age, plus a prior),
 * nEiCandidates are drawn from l and the one with the largest log l(x) − log g(x) is taken.
 * Only trials that used the parameter contribute to its estimators (conditional parameters).
 */
export class TPESampler implements Sampler {
  readonly o: TPEOptions;
  constructor(readonly seed: number, opts: Partial<TPEOptions> = {}) {
    this.o = { ...defaultTPEOptions, ...opts };
  }

  /** The split of the last history seen: every parameter of a trial shares it. */
  private split: { history: FrozenTrial[]; length: number; below: Set<FrozenTrial>; byNumber: FrozenTrial[] } | null = null;

  private splitOf(history: FrozenTrial[], direction: DirectionCode) {
    if (this.split && this.split.history === history && this.split.length === history.length) return this.split;
    const ranked = rankTrials(history, direction);
    const below = new Set(ranked.slice(0, this.o.gamma(ranked.length)));
    // observations in trial-number order, so the age weights ramp with time
    const byNumber = ranked.slice().sort((a, b) => a.number - b.number);
    this.split = { history, length: history.length, below, byNumber };
    return this.split;
  }

  sample(name: string, d: Distribution, number: number, history: FrozenTrial[], direction: DirectionCode): number {
    const rng = drawRng(this.seed, number, name, 'tpe');
    const split = this.splitOf(history, direction);
    if (split.byNumber.length < this.o.nStartupTrials || isSingle(d)) return randomValue(d, rng);
    const belowSet = split.below;
    const byNumber = split.byNumber.filter((t) => name in t.internal);
    const obs = (inBelow: boolean) => byNumber.filter((t) => belowSet.has(t) === inBelow).map((t) => valueOf(t, name, d));
    const below = obs(true), above = obs(false);
    const opts = { priorWeight: this.o.priorWeight, considerPrior: this.o.considerPrior, magicClip: this.o.considerMagicClip, considerEndpoints: this.o.considerEndpoints };
    const l = buildParzen(d, below, defaultWeights(below.length), opts);
    const g = buildParzen(d, above, defaultWeights(above.length), opts);
    let best = NaN, bestScore = -Infinity;
    for (let c = 0; c < this.o.nEiCandidates; c++) {
      const x = l.sample(rng);
      const s = l.logPdf(x) - g.logPdf(x);
      if (s > bestScore) { bestScore = s; best = x; }
    }
    return best;
  }
  /**
   * Multivariate TPE: the same good/bad split, but one joint Parzen estimator over the parameters,
   * fitted to the trials that have all of them; candidates are whole parameter vectors.
   */
  sampleJoint(params: { name: string; d: Distribution }[], number: number, history: FrozenTrial[], direction: DirectionCode): Record<string, number> | null {
    if (!this.o.multivariate || params.length < 2) return null;
    const split = this.splitOf(history, direction);
    const rng = drawRng(this.seed, number, params.map((p) => p.name).join('|'), 'tpe-joint');
    const usable = split.byNumber.filter((t) => params.every((p) => p.name in t.internal));
    if (split.byNumber.length < this.o.nStartupTrials || usable.length === 0) {
      return Object.fromEntries(params.map((p) => [p.name, randomValue(p.d, rng)]));
    }
    const ds = params.map((p) => p.d);
    const vec = (t: FrozenTrial) => params.map((p) => valueOf(t, p.name, p.d));
    const below = usable.filter((t) => split.below.has(t)).map(vec);
    const above = usable.filter((t) => !split.below.has(t)).map(vec);
    const opts = { priorWeight: this.o.priorWeight, considerPrior: this.o.considerPrior, magicClip: this.o.considerMagicClip, considerEndpoints: this.o.considerEndpoints };
    const l = buildJointParzen(ds, below, defaultWeights(below.length), opts);
    const g = buildJointParzen(ds, above, defaultWeights(above.length), opts);
    let best: number[] = [];
    let bestScore = -Infinity;
    for (let c = 0; c < this.o.nEiCandidates; c++) {
      const x = l.sample(rng);
      const score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) { bestScore = score; best = x; }
    }
    return Object.fromEntries(params.map((p, j) => [p.name, best[j]]));
  }
}


/** A trial's value of the parameter in the estimator's space (category index, or the number). */
function valueOf(t: FrozenTrial, name: string, d: Distribution): number {
  return d.kind === 'categorical' ? toInternal(d, t.params[name]) : t.internal[name];
}
