export interface ClassMetrics { class: string; precision: number; recall: number; f1: number; support: number }

export interface Metrics {
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  weightedF1: number;
  logLoss: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  /** With a cost matrix: the mean cost of true → predicted over the nodes, and minus that (FORCE 2020's score: higher is better). */
  penalty?: number;
  penaltyScore?: number;
}

/** Costs of true → predicted classes, C × C in the order of the class list (row: true class). */
export interface CostMatrix { file: string; C: number; values: Float64Array }

/** One group's (well's, line's) share of a model's scores. */
export interface GroupMetrics { group: string; n: number; accuracy: number; macroF1: number; penalty?: number; penaltyScore?: number }

/**
 * Classification metrics over the given nodes only. probs is n × C class probabilities (used for
 * log-loss, clipped at 1e-15). A class absent from both truth and prediction gets precision,
 * recall and F1 of 0 and is left out of the macro averages; one predicted but never true counts.
 */
export function classificationMetrics(labels: Int32Array, pred: Int32Array, probs: ArrayLike<number>, nodes: ArrayLike<number>, classes: string[], cost: CostMatrix | null = null): Metrics {
  const C = classes.length;
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let correct = 0;
  let ll = 0;
  for (let t = 0; t < nodes.length; t++) {
    const i = nodes[t];
    const y = labels[i];
    confusion[y][pred[i]]++;
    if (y === pred[i]) correct++;
    ll -= Math.log(Math.max(probs[i * C + y], 1e-15));
  }
  const n = nodes.length;
  const perClass: ClassMetrics[] = [];
  let macro = 0, weighted = 0, balanced = 0, present = 0, withSupport = 0;
  for (let c = 0; c < C; c++) {
    const tp = confusion[c][c];
    let support = 0, predicted = 0;
    for (let k = 0; k < C; k++) { support += confusion[c][k]; predicted += confusion[k][c]; }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ class: classes[c], precision, recall, f1, support });
    if (support || predicted) { macro += f1; present++; }
    if (support) { balanced += recall; withSupport++; }
    weighted += f1 * support;
  }
  return {
    n, accuracy: n ? correct / n : 0, balancedAccuracy: withSupport ? balanced / withSupport : 0,
    macroF1: present ? macro / present : 0, weightedF1: n ? weighted / n : 0, logLoss: n ? ll / n : 0,
    perClass, confusion, ...(cost ? penaltyOf(confusion, cost) : {}),
  };
}

/** The mean cost of true → predicted over a confusion matrix's nodes, and minus that (0 for no node). */
export function penaltyOf(confusion: number[][], cost: CostMatrix): { penalty: number; penaltyScore: number } {
  const C = confusion.length;
  if (cost.C !== C) throw new Error(`cost matrix of ${cost.C} classes for ${C} classes`);
  let total = 0, n = 0;
  for (let t = 0; t < C; t++) for (let p = 0; p < C; p++) { total += confusion[t][p] * cost.values[t * C + p]; n += confusion[t][p]; }
  const penalty = n ? total / n : 0;
  // FORCE 2020 reports minus the mean cost; 0 stays 0, not -0
  return { penalty, penaltyScore: penalty === 0 ? 0 : -penalty };
}

/**
 * Accuracy and macro-F1 (and the penalty, with a cost matrix) of the given nodes per group (well,
 * line), in the order of the group names; groups without any of the nodes are left out.
 */
export function groupMetrics(labels: Int32Array, pred: Int32Array, probs: ArrayLike<number>, nodes: ArrayLike<number>, classes: string[], group: Int32Array, groupNames: string[], cost: CostMatrix | null = null): GroupMetrics[] {
  const members = new Map<number, number[]>();
  for (let t = 0; t < nodes.length; t++) {
    const g = group[nodes[t]];
    let m = members.get(g);
    if (!m) members.set(g, (m = []));
    m.push(nodes[t]);
  }
  return [...members.keys()].sort((a, b) => a - b).map((g) => {
    const m = classificationMetrics(labels, pred, probs, members.get(g)!, classes, cost);
    return { group: groupNames[g] ?? String(g), n: m.n, accuracy: m.accuracy, macroF1: m.macroF1, ...(cost ? { penalty: m.penalty, penaltyScore: m.penaltyScore } : {}) };
  });
}

/** Entropy (nats) of each node's class distribution: high where the model is unsure. */
export function entropyOf(probs: ArrayLike<number>, C: number): Float64Array {
  const n = probs.length / C;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) {
      const p = probs[i * C + c];
      if (p > 0) s -= p * Math.log(p);
    }
    h[i] = s;
  }
  return h;
}
