import type { NodeClassifier } from '../nn/model';
import type { Tensor } from '../tensor/tensor';
import { argmaxRows, inferenceInput, predictProbs } from '../train/fit';
import type { Prepared } from './prepare';
import { FULL_BATCH_NODES } from '../train/method_config';

/** The features a model reads when it predicts on prepared data (with label input, the training nodes' labels beside them). */
export function modelInput(p: Prepared, labelInput: boolean, numClasses: number): Tensor {
  return inferenceInput(p.features, p.nodes.labels, p.split.train, labelInput, numClasses);
}

/**
 * Class probabilities and predictions of every node: the one inference path, shared by `run` (on
 * the data it trained on) and `predict` (on a saved model and any survey), so the two agree bit
 * for bit on the same data.
 */
export function infer(model: NodeClassifier, p: Prepared, labelInput: boolean, opts: { input?: Tensor; layerwise?: boolean } = {}): { probs: Float32Array | Float64Array; pred: Int32Array } {
  const input = opts.input ?? modelInput(p, labelInput, model.numClasses);
  // layer by layer above the whole-graph budget: the same values in the memory of one layer
  const layerwise = opts.layerwise ?? p.input.numNodes > FULL_BATCH_NODES;
  const probs = predictProbs(model, p.input, input, layerwise);
  return { probs, pred: argmaxRows(probs, model.numClasses) };
}
