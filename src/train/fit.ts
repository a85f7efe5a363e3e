import { backward, noGrad, noGradRecycled } from '../autograd/tape';
import type { MethodConfig } from './method_config';
import type { GraphInput } from '../nn/graph_input';
import type { NodeClassifier } from '../nn/model';
import { parametersOf } from '../nn/module';
import { crossEntropy, softmax } from '../ops';
import { makeOptimizer } from '../optim';
import type { Tensor } from '../tensor/tensor';
import { clearFloatPool } from '../util/float';
import { makeRng } from '../util/rng';
import { hideGroups, LabelColumns, withLabelColumns } from './label_input';
import { classificationMetrics } from './metrics';
import { layerwiseLogits } from './layerwise';
import { batchingFor, MiniBatchTrainer } from './minibatch';

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  val_loss: number | null;
  train_accuracy: number;
  val_accuracy: number | null;
  val_macro_f1: number | null;
  seconds: number;
}

export interface FitResult {
  history: EpochRecord[];
  /** Epoch whose weights were kept (lowest validation loss, or the last epoch without validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** The features the model reads to predict (x, or x beside the training labels). */
  input: Tensor;
}

export interface FitInput {
  model: NodeClassifier;
  graph: GraphInput;
  x: Tensor;
  labels: Int32Array;
  train: Int32Array;
  val: Int32Array;
  method: MethodConfig;
  seed: number;
  classes: string[];
  /** Group (line, well) of every node: the unit whose labels are hidden with method.labelInput; default each node alone. */
  groups?: Int32Array;
  /**
   * Called after each epoch and awaited (a study reports the validation metric here and may write
   * its journal); an exception it throws (a pruned trial) ends training and propagates.
   */
  onEpoch?: (r: EpochRecord, best: number) => void | Promise<void>;
}

/** Inverse-frequency class weights over the training nodes (normalised to mean 1). */
export function classWeightsOf(labels: Int32Array, train: Int32Array, C: number): number[] {
  const count = new Array<number>(C).fill(0);
  for (const i of train) count[labels[i]]++;
  const w = count.map((c) => (c > 0 ? train.length / (C * c) : 0));
  return w;
}

/**
 * The features a model reads when it predicts: x, and with label input the one-hot labels of the
 * training nodes beside them (never those of validation or held-out nodes). Training, `run` and
 * `predict` all build the input here, so they agree on which labels a model may read.
 */
export function inferenceInput(x: Tensor, labels: Int32Array, train: Int32Array, labelInput: boolean, numClasses: number): Tensor {
  return labelInput ? withLabelColumns(x, labels, train, numClasses) : x;
}

/**
 * Training: per epoch one forward/backward/step on the whole graph (or, for a graph above
 * method.fullBatchNodes or with method.fullBatch false, one per mini-batch of training nodes with
 * sampled neighbourhoods), then an evaluation pass without dropout (layer by layer for
 * mini-batches). Keeps the weights of the epoch with the lowest validation
 * loss and stops after `patience` epochs without improvement (or, with method.selection, the
 * highest validation accuracy or macro-F1, or as the GAT paper did). Training loss never selects.
 * With method.labelInput each epoch hides the labels of a random share of the training groups
 * and learns those from the features and the labels of the others.
 */
export async function fit(inp: FitInput): Promise<FitResult> {
  const { model, graph, x, labels, train, val, method } = inp;
  const params = parametersOf(model);
  const firstLayer = new Set(parametersOf(model.layers[0]));
  const decay = params.map((p) => (method.weightDecayScope === 'all' || firstLayer.has(p) ? method.weightDecay : 0));
  const opt = makeOptimizer(method.optimizer, params, method.lr, decay, method.momentum);
  const rng = makeRng(`dropout-${inp.seed}`);
  const classWeights = method.classWeighted ? classWeightsOf(labels, train, model.numClasses) : undefined;
  const history: EpochRecord[] = [];
  const best = params.map((p) => p.data.slice());
  let bestLoss = Infinity;
  let bestAcc = -Infinity;
  let bestEpoch = 0;
  let lastGain = 0;
  let stoppedEarly = false;
  const keep = (epoch: number) => {
    bestEpoch = epoch;
    params.forEach((p, k) => best[k].set(p.data));
  };
  const C = model.numClasses;
  const xEval = inferenceInput(x, labels, train, method.labelInput, C);
  const trainInput = method.labelInput ? new LabelColumns(x, labels, C) : null;
  const groups = inp.groups ?? Int32Array.from({ length: labels.length }, (_, i) => i);
  const labelRng = makeRng(`label-input-${inp.seed}`);
  const batching = batchingFor(method, graph.numNodes, model.graphLayerCount);
  const batches = batching ? new MiniBatchTrainer(model, graph, batching, inp.seed) : null;
  for (let epoch = 1; epoch <= method.epochs; epoch++) {
    const t0 = performance.now();
    let xIn = x, learn = train;
    if (trainInput) {
      const { visible, hidden } = hideGroups(train, groups, method.labelMaskRate, labelRng);
      xIn = trainInput.with(visible);
      learn = hidden;
    }
    let trainLoss: number;
    if (batches) {
      trainLoss = batches.epoch(epoch, { x: xIn, labels, learn, classWeights }, opt);
    } else {
      opt.zeroGrad();
      const logits = model.forward(xIn, { graph, training: true, rng });
      const loss = crossEntropy(logits, labels, { mask: learn, classWeights });
      trainLoss = loss.item();
      // nothing reads this epoch's intermediate tensors again: their buffers serve the next pass (issue #19)
      backward(loss, undefined, { recycle: true });
      opt.step();
    }
    const scoreEpoch = () => {
      const out = batching ? layerwiseLogits(model, graph, xEval) : model.forward(xEval, { graph, training: false, rng });
      const probs = softmax(out).data;
      const pred = argmaxRows(probs, C);
      const tm = classificationMetrics(labels, pred, probs, train, inp.classes);
      const vm = val.length ? classificationMetrics(labels, pred, probs, val, inp.classes) : null;
      return { tm, vm };
    };
    // whole-graph passes recycle their buffers into the next epoch's; blocks differ in size every time, so theirs go to the collector
    const ev = batches ? noGrad(scoreEpoch) : noGradRecycled(scoreEpoch);
    const rec: EpochRecord = {
      epoch, train_loss: trainLoss, val_loss: ev.vm ? ev.vm.logLoss : null, train_accuracy: ev.tm.accuracy,
      val_accuracy: ev.vm ? ev.vm.accuracy : null, val_macro_f1: ev.vm ? ev.vm.macroF1 : null, seconds: (performance.now() - t0) / 1000,
    };
    history.push(rec);
    const score = rec.val_loss ?? -epoch; // without validation the latest epoch is kept
    if (method.selection === 'loss-and-accuracy' && rec.val_accuracy !== null) {
      // Veličković et al.'s GAT protocol: either gain resets patience, only both together keep weights
      const lossGain = score <= bestLoss, accGain = rec.val_accuracy >= bestAcc;
      if (lossGain && accGain) keep(epoch);
      if (lossGain || accGain) lastGain = epoch;
      bestLoss = Math.min(bestLoss, score);
      bestAcc = Math.max(bestAcc, rec.val_accuracy);
    } else if (method.selection !== 'loss' && val.length) {
      // the score the held-out wells or lines are judged by, when the loss drifts with calibration across groups
      const v = (method.selection === 'accuracy' ? rec.val_accuracy : rec.val_macro_f1)!;
      if (v > bestAcc) {
        bestAcc = v;
        keep(epoch);
        lastGain = epoch;
      }
    } else if (score < bestLoss) {
      bestLoss = score;
      keep(epoch);
      lastGain = epoch;
    }
    await inp.onEpoch?.(rec, bestEpoch);
    if (val.length && method.patience > 0 && epoch - lastGain >= method.patience) { stoppedEarly = true; break; }
  }
  params.forEach((p, k) => p.data.set(best[k]));
  clearFloatPool(); // the recycled buffers go to the collector now that training is over
  return { history, bestEpoch, stoppedEarly, input: xEval };
}

/** Index of the largest entry of each row (first one on ties). */
export function argmaxRows(probs: ArrayLike<number>, C: number): Int32Array {
  const n = probs.length / C;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + b]) b = c;
    pred[i] = b;
  }
  return pred;
}

/**
 * Class probabilities of every node with the model in evaluation mode: in one pass over the whole
 * graph, or (layerwise: a graph trained in mini-batches) layer by layer, which gives the same values
 * in the memory of one layer.
 */
export function predictProbs(model: NodeClassifier, graph: GraphInput, x: Tensor, layerwise = false): Float32Array | Float64Array {
  return noGrad(() => softmax(layerwise ? layerwiseLogits(model, graph, x) : model.forward(x, { graph, training: false, rng: makeRng(0) })).data);
}
