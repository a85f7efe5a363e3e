import { NodeClassifier, type ModelConfig } from '../nn/model';
import { fit, type EpochRecord } from '../train/fit';
import { batchingFor } from '../train/minibatch';
import type { MethodConfig } from '../train/method_config';
import type { CostMatrix } from '../train/metrics';
import { epochProgress } from '../train/progress';
import { InputError } from '../util/errors';
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

/**
 * What the model's SAGE layers average apart: with node types (data.types) one set per relation,
 * which only SAGE (and the graph-free MLP) can take.
 */
export function neighbourSetsFor(p: Prepared, model: ModelConfig): string[] | undefined {
  if (!p.input.types) return undefined;
  if (model.type === 'gcn' || model.type === 'gat') throw new InputError(`data.types makes a heterogeneous graph: model.type '${model.type}' has no weight per relation; use 'sage' (or 'mlp')`, { key: 'model.type' });
  return p.input.neighbourSets(model.directions === 'vertical');
}

/** Train one model on prepared data, then predict every node and score it on each part of the split. */
export async function trainModel(p: Prepared, model: ModelConfig, method: MethodConfig, seed: number, opts: TrainOptions = {}): Promise<TrainedModel> {
  const t0 = performance.now();
  const { nodes, split } = p;
  requireGeometry(model, nodes, p.data.coords);
  const C = nodes.classes.length;
  const net = new NodeClassifier(model, p.features.shape[1] + (method.labelInput ? C : 0), C, makeRng(`init-${seed}`), 'float32', neighbourSetsFor(p, model));
  const progress = opts.progress ? epochProgress(opts.progress, method.epochs) : null;
  const res = await fit({
    model: net, graph: p.input, x: p.features, labels: nodes.labels, train: split.train, val: split.val, method, seed, classes: nodes.classes, groups: nodes.group,
    onEpoch: async (r) => {
      progress?.(r.epoch, `loss ${r.train_loss.toFixed(4)}${r.val_loss !== null ? ` val loss ${r.val_loss.toFixed(4)} val F1 ${r.val_macro_f1!.toFixed(3)}` : ''}`);
      await opts.onEpoch?.(r);
    },
  });
  const { probs, pred } = infer(net, p, method.labelInput, { input: res.input, layerwise: batchingFor(method, p.input.numNodes, net.graphLayerCount) !== null });
  return {
    model: net, history: res.history, bestEpoch: res.bestEpoch, probs, pred,
    metrics: splitScores(nodes, split, pred, probs, opts.cost ?? null),
    seconds: (performance.now() - t0) / 1000,
  };
}
