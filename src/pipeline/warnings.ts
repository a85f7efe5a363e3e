import type { RunResult } from './run_result';

/**
 * What a run may have got wrong without failing: things an interpreter should look at before
 * trusting the numbers. Printed after the run and kept in metrics.json under `warnings`.
 */
export function runWarnings(r: RunResult): string[] {
  const { nodes, split, stats } = r.prepared;
  const { classes } = nodes;
  const out: string[] = [];
  const present = [...new Set(Array.from(nodes.labels).filter((l) => l >= 0))];
  if (present.length < 2) out.push(`only one class among the labelled nodes ('${classes[present[0]] ?? classes[0] ?? ''}'): every metric is trivially perfect`);
  if (split.test.length === 0) out.push('no labelled held-out node: there are no held-out metrics (flag some labelled lines as not training, or give a split column with test)');
  if (stats.nodes > 0 && stats.isolated / stats.nodes > 0.01) out.push(`${stats.isolated} of ${stats.nodes} nodes (${(100 * stats.isolated / stats.nodes).toFixed(1)} %) have no edge: graph layers see nothing around them (check the graph method, k, radius or scale)`);
  const trainCount = new Array<number>(classes.length).fill(0);
  for (const i of split.train) trainCount[nodes.labels[i]]++;
  classes.forEach((c, k) => {
    if (trainCount[k] > 0 && trainCount[k] / split.train.length < 0.02) out.push(`class '${c}' is ${(100 * trainCount[k] / split.train.length).toFixed(1)} % of the training nodes (${trainCount[k]}): consider method.classWeighted`);
  });
  for (const [label, m] of [[r.config.model.type, r.main] as const, ...r.baselines.map((b) => [`${b.label} baseline`, b.result] as const)]) {
    const epochs = m.history.length;
    if (epochs >= 50 && m.bestEpoch <= Math.max(1, Math.ceil(0.02 * epochs))) {
      const f1 = m.history[m.bestEpoch - 1]?.val_macro_f1;
      out.push(`${label}: the kept weights are from epoch ${m.bestEpoch} of ${epochs}${f1 != null ? ` (validation macro-F1 ${f1.toFixed(2)})` : ''}: the model barely trained; check the learning rate, the features or the validation lines`);
    }
    const test = m.metrics.test;
    if (test) {
      test.perClass.forEach((pc, k) => {
        const predicted = test.confusion.reduce((s, row) => s + row[k], 0);
        if (pc.support > 0 && predicted === 0) out.push(`${label}: class '${pc.class}' is never predicted on the held-out nodes (recall 0 for its ${pc.support} nodes)`);
      });
    }
  }
  return out;
}
