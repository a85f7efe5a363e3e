import { SPLIT, type NodeSet } from '../data/node_set';
import { InputError } from '../util/errors';
import { makeRng, shuffle } from '../util/rng';

/**
 * How validation groups are counted: 'share' of the labelled training nodes (this version), or
 * 'count' of groups, the rule of models saved before it (predict redraws their split as they drew it).
 */
export type SplitRule = 'share' | 'count';

export interface NodeSplit {
  train: Int32Array;
  val: Int32Array;
  /** Labelled nodes outside training and validation: where the model is judged. */
  test: Int32Array;
  /** Every node's role (SPLIT codes), labelled or not: validation groups marked VAL. */
  role: Uint8Array;
}

/**
 * Training, validation and held-out nodes. Explicit 'val' nodes are used when the data has them;
 * otherwise whole training groups (lines, wells) are held out for validation, so early stopping
 * never sees a neighbour of a training node from the same line: groups in a seeded order, each
 * taken when it brings the share of labelled training nodes nearer valFraction (wells differ in
 * length; a short pseudo-well alone would validate on a few samples of one class). With a single training group,
 * validation nodes are drawn at random. Only labelled nodes count. The same (nodes, valFraction,
 * seed) always give the same split: inference on a saved model redraws it to know which labels
 * training could read.
 */
export function assignSplit(ns: NodeSet, valFraction: number, seed: number, rule: SplitRule = 'share'): NodeSplit {
  const split = ns.split.slice();
  const hasVal = split.some((s) => s === SPLIT.VAL);
  if (!hasVal && valFraction > 0) {
    const groups = [...new Set(Array.from(ns.group).filter((_, i) => split[i] === SPLIT.TRAIN && ns.labels[i] >= 0))].sort((a, b) => a - b);
    const rng = makeRng(`val-${seed}`);
    if (groups.length >= 2) {
      shuffle(groups, rng);
      const valGroups = rule === 'share' ? validationGroups(ns, split, groups, valFraction) : new Set(groups.slice(0, Math.min(groups.length - 1, Math.max(1, Math.round(groups.length * valFraction)))));
      for (let i = 0; i < ns.n; i++) if (split[i] === SPLIT.TRAIN && valGroups.has(ns.group[i])) split[i] = SPLIT.VAL;
    } else {
      for (let i = 0; i < ns.n; i++) if (split[i] === SPLIT.TRAIN && rng.next() < valFraction) split[i] = SPLIT.VAL;
    }
  }
  const pick = (s: number) => Int32Array.from(Array.from({ length: ns.n }, (_, i) => i).filter((i) => split[i] === s && ns.labels[i] >= 0));
  return { train: pick(SPLIT.TRAIN), val: pick(SPLIT.VAL), test: pick(SPLIT.TEST), role: split };
}

/**
 * Groups of `order` in turn, each taken when its labelled training nodes bring the share nearer
 * `fraction` of all of them and it does not hold the last training examples of a class; never the
 * last group (none at all when every group holds a class no other has).
 */
function validationGroups(ns: NodeSet, split: Uint8Array, order: number[], fraction: number): Set<number> {
  const C = ns.classes.length;
  // labelled training nodes per group and class
  const perGroup = new Map<number, Int32Array>();
  const left = new Int32Array(C);
  let total = 0;
  for (let i = 0; i < ns.n; i++) {
    if (split[i] !== SPLIT.TRAIN || ns.labels[i] < 0) continue;
    const g = ns.group[i];
    (perGroup.get(g) ?? perGroup.set(g, new Int32Array(C)).get(g)!)[ns.labels[i]]++;
    left[ns.labels[i]]++;
    total++;
  }
  const sizeOf = (g: number) => perGroup.get(g)!.reduce((a, b) => a + b, 0);
  const target = fraction * total;
  const out = new Set<number>();
  let taken = 0;
  for (const g of order.slice(0, -1)) {
    const counts = perGroup.get(g)!;
    const next = taken + sizeOf(g);
    // another group only when it brings the share nearer the target; the first no more than twice it (a dominant well is skipped)
    if (out.size > 0 ? Math.abs(next - target) >= Math.abs(taken - target) : next > 2 * target && order.some((h) => h !== g && sizeOf(h) <= 2 * target)) continue;
    // never the last training examples of a class (a rare lithology logged in one well)
    if (counts.some((v, c) => v > 0 && v === left[c])) continue;
    out.add(g);
    counts.forEach((v, c) => { left[c] -= v; });
    taken = next;
  }
  return out;
}

/** The split for training: every class needs a training example. */
export function splitNodes(ns: NodeSet, valFraction: number, seed: number, rule: SplitRule = 'share'): NodeSplit {
  const out = assignSplit(ns, valFraction, seed, rule);
  if (out.train.length === 0) throw new InputError('the training set is empty: no labelled node is flagged for training', { file: ns.source });
  const seen = new Set(Array.from(out.train, (i) => ns.labels[i]));
  ns.classes.forEach((c, k) => {
    if (!seen.has(k)) throw new InputError(`class '${c}' has no training example`, { file: ns.source });
  });
  return out;
}
