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
  const step = d.step;
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
  multivariate: true,
};

/**
 * The order TPE ranks finished trials in, best first: complete ones by value, then pruned ones
 * by (last step desc, last value), ties by trial number. Trials with no value are not ranked.
 */
function rankKey(t: FrozenTrial, sign: number): [number, number, number] | null {
  if (t.state === TrialState.COMPLETE && t.values) return [0, sign * t.values[0], 0];
  if (t.state !== TrialState.PRUNED || t.intermediate.size === 0) return null;
  let step = -Infinity, v = Infinity;
  for (const [s, x] of t.intermediate) if (s > step) { step = s; v = x; }
  return [1, -step, sign * v];
}

interface Ranked { t: FrozenTrial; key: [number, number, number] }
const rankedBefore = (a: Ranked, b: Ranked) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.t.number - b.t.number;

/**
 * The rankable trials in trial-number order, and the best `gamma(count)` of them. Only the
 * best few are needed, so they are kept by insertion into a short sorted list (no full sort).
 */
export function splitTrials(history: FrozenTrial[], direction: DirectionCode, gamma: (n: number) => number): { byNumber: FrozenTrial[]; below: Set<FrozenTrial> } {
  const sign = direction === Direction.MAXIMIZE ? -1 : 1;
  const ranked: Ranked[] = [];
  for (const t of history) {
    const key = rankKey(t, sign);
    if (key) ranked.push({ t, key });
  }
  ranked.sort((a, b) => a.t.number - b.t.number);
  const k = gamma(ranked.length);
  const top: Ranked[] = [];
  for (const r of ranked) {
    if (k === 0 || (top.length === k && rankedBefore(r, top[k - 1]) >= 0)) continue;
    let i = top.length;
    while (i > 0 && rankedBefore(r, top[i - 1]) < 0) i--;
    top.splice(i, 0, r);
    if (top.length > k) top.pop();
  }
  return { byNumber: ranked.map((r) => r.t), below: new Set(top.map((r) => r.t)) };
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
    this.split = { history, length: history.length, ...splitTrials(history, direction, this.o.gamma) };
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
