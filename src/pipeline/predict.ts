import { basename, join, resolve } from 'node:path';
import { writeRunReport } from '../report/run_report';
import { classificationMetrics, type Metrics } from '../train/metrics';
import { loadModel, type SavedModel } from '../train/model_io';
import { writeFileAtomic } from '../util/atomic_write';
import { InputError } from '../util/errors';
import { OutputFolder } from '../util/output_folder';
import { writeExports } from './exports';
import { infer } from './infer';
import { prepare, type Prepared } from './prepare';
import { predictionsCsv, viewOfPredictions, writeJson } from './run_output';

export interface PredictRequest {
  /** model.json written by a run. */
  model: string;
  /** Node table (and edge table); default: the data the model was trained on. */
  nodes?: string;
  edges?: string;
  /** Seed of a synthetic survey when no node table is given (default: the training run's). */
  seed?: number;
}

export interface PredictResult {
  saved: SavedModel;
  prepared: Prepared;
  probs: Float32Array | Float64Array;
  pred: Int32Array;
  /** Over the labelled nodes the model did not train on (held-out and validation roles), or null when there are none. */
  unseen: Metrics | null;
}

/**
 * Apply a saved model to a survey: the data is prepared as in training (same columns, the saved
 * feature scaling, the same split rule, so a model that reads labels reads those of the same
 * training nodes) and goes through the same inference path as `run`. On the training survey the
 * probabilities are those of the run, bit for bit.
 */
export async function predict(req: PredictRequest, log: (s: string) => void = () => {}): Promise<PredictResult> {
  const { model, saved } = loadModel(req.model);
  const data = req.nodes
    ? { ...saved.data, source: 'csv' as const, nodes: resolve(req.nodes), edges: req.edges ? resolve(req.edges) : undefined }
    : saved.data;
  const prepared = await prepare(
    { seed: req.seed ?? saved.split.seed, data, graph: saved.graph, split: saved.split },
    { log, normalizer: saved.normalizer, inference: true, classes: saved.classes },
  );
  const { nodes } = prepared;
  if (nodes.featureNames.join() !== saved.featureNames.join()) {
    throw new InputError(`features [${nodes.featureNames.join(', ')}] differ from the model's [${saved.featureNames.join(', ')}]`, { file: nodes.source });
  }
  const { probs, pred } = infer(model, prepared, saved.labelInput);
  const unseenRows = Int32Array.from([...prepared.split.val, ...prepared.split.test]).sort();
  const unseen = unseenRows.length ? classificationMetrics(nodes.labels, pred, probs, unseenRows, saved.classes) : null;
  return { saved, prepared, probs, pred, unseen };
}

/**
 * Predict and write predictions.csv (the run's columns) and, where labelled unseen nodes exist,
 * metrics.json into dir. The folder is checked before any work and published as a whole, so a
 * metrics.json of an earlier prediction never stays beside new predictions.
 */
export async function predictToFolder(req: PredictRequest, dir: string, log: (s: string) => void = () => {}, opts: { report?: boolean } = {}): Promise<PredictResult> {
  return OutputFolder.write(dir, ['predictions.csv'], async (staging) => {
    const r = await predict(req, log);
    const { nodes, split } = r.prepared;
    writeFileAtomic(join(staging, 'predictions.csv'), predictionsCsv({ nodes, role: split.role, classes: r.saved.classes, probs: r.probs, pred: r.pred }));
    for (const note of writeExports(staging, { nodes, classes: r.saved.classes, probs: r.probs, pred: r.pred, role: split.role, edges: r.prepared.graph.upperEdges(), units: r.saved.units, crs: r.prepared.data.crs })) log(note);
    if (r.unseen) writeJson(staging, 'metrics.json', { model: r.saved.model.type, classes: r.saved.classes, unseen: r.unseen });
    if (opts.report) {
      // sections by predicted class, entropy, maps and products, as for a run (no training curves)
      const view = viewOfPredictions({
        name: basename(dir), model: r.saved.model.type, nodes, role: split.role, classes: r.saved.classes, probs: r.probs, pred: r.pred, test: r.unseen,
        baseline: null, history: [], edges: r.prepared.graph.upperEdges(), units: r.saved.units, logFeatures: r.prepared.data.logFeatures,
      });
      await writeRunReport(staging, view);
      log(`report: ${join(dir, 'report.html')}`);
    }
    return r;
  });
}
