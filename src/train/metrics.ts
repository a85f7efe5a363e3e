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
}

/**
 * Classification metrics over the given nodes only. probs is n × C class probabilities (used for
 * log-loss, clipped at 1e-15). A class absent from both truth and prediction gets precision,
 * recall and F1 of 0 and is left out of the macro averages; one predicted but never true counts.
 */
export function classificationMetrics(labels: Int32Array, pred: Int32Array, probs: ArrayLike<number>, nodes: ArrayLike<number>, classes: string[]): Metrics {
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
    perClass, confusion,
  };
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
