import { NodeClassifier, type ModelConfig } from '../nn/model';
import { fit, type EpochRecord } from '../train/fit';
import type { MethodConfig } from '../train/method_config';
import type { CostMatrix } from '../train/metrics';
import { epochProgress } from '../train/progress';
import { makeRng } from '../util/rng';
import { infer } from './infer';
import type { Prepared } from './prepare';
import { requireGeometry } from './geometry_check';
import { splitScores } from './scores';
import type { TrainedModel } from './run_result';

export interface TrainOptions {
  /** Progress label on stderr; null trains quietly. */
  progress?: string | null;
  /** Awaited after each epoch; a throw (a pruned trial) ends training. */
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
  /** Costs of true → predicted classes (method.costMatrix, read): adds the penalty score to every part's metrics. */
  cost?: CostMatrix | null;
}

/** Train one model on prepared data, then predict every node and score it on each part of the split. */
export async function trainModel(p: Prepared, model: ModelConfig, method: MethodConfig, seed: number, opts: TrainOptions = {}): Promise<TrainedModel> {
  const t0 = performance.now();
  const { nodes, split } = p;
  requireGeometry(model, nodes, p.data.coords);
  const C = nodes.classes.length;
  const net = new NodeClassifier(model, p.features.shape[1] + (method.labelInput ? C : 0), C, makeRng(`init-${seed}`));
  const progress = opts.progress ? epochProgress(opts.progress, method.epochs) : null;
  const res = await fit({
    model: net, graph: p.input, x: p.features, labels: nodes.labels, train: split.train, val: split.val, method, seed, classes: nodes.classes, groups: nodes.group,
    onEpoch: async (r) => {
      progress?.(r.epoch, `loss ${r.train_loss.toFixed(4)}${r.val_loss !== null ? ` val loss ${r.val_loss.toFixed(4)} val F1 ${r.val_macro_f1!.toFixed(3)}` : ''}`);
      await opts.onEpoch?.(r);
    },
  });
  const { probs, pred } = infer(net, p, method.labelInput, res.input);
  return {
    model: net, history: res.history, bestEpoch: res.bestEpoch, probs, pred,
    metrics: splitScores(nodes, split, pred, probs, opts.cost ?? null),
    seconds: (performance.now() - t0) / 1000,
  };
}
