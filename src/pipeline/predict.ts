import { basename, join, resolve } from 'node:path';
import { copiedColumns } from '../data/data_config';
import { writeRunReport } from '../report/run_report';
import { readCostMatrix } from '../train/cost_matrix';
import { classificationMetrics, groupMetrics, type GroupMetrics, type Metrics } from '../train/metrics';
import { loadModel, type SavedModel } from '../train/model_io';
import { writeFileAtomic } from '../util/atomic_write';
import { InputError } from '../util/errors';
import { OutputFolder } from '../util/output_folder';
import { unitsFor, writeExports } from './exports';
import { infer } from './infer';
import { predictByTiles, type TileRequest } from './predict_tiles';
import { prepare, type Prepared } from './prepare';
import type { FigureOptions } from '../report/run_data';
import { viewOfPredictions } from './report_view';
import { predictionsCsv, writeEdgesCsv, writeJson } from './run_output';
import { requireGeometry } from './geometry_check';

export interface PredictRequest {
  /** model.json written by a run. */
  model: string;
  /** Node table (and edge table); default: the data the model was trained on. */
  nodes?: string;
  edges?: string;
  /** Seed of a synthetic survey when no node table is given (default: the training run's). */
  seed?: number;
  /** A cost matrix (CSV or .npy, as method.costMatrix) for the penalty score; relative to the working folder. */
  costMatrix?: string;
  /** How the report draws (a run config's figures section); default: chosen from the data. */
  figures?: FigureOptions;
  /** Predict tile by tile (with each tile's halo), here or shared out through Redis: the same probabilities. */
  tiles?: TileRequest;
}

/**
 * Which rows predict scores. On the data the model was trained on (its own survey or node table):
 * the labelled held-out rows, as the run scored them, with the validation rows apart. On new data
 * (another survey, new wells): every labelled row, since none of them trained the model, except the
 * training-flagged rows whose labels a model trained with labelInput reads as inputs.
 */
export type Scored = 'held-out rows of the training data' | 'labelled rows of new data' | 'labelled rows of new data not read as label inputs';

export interface PredictResult {
  saved: SavedModel;
  prepared: Prepared;
  probs: Float32Array | Float64Array;
  pred: Int32Array;
  /** What `test` scores (see Scored). */
  scored: Scored;
  /** Over the scored rows (null where none is labelled), and per group (well, line) over them. */
  test: Metrics | null;
  perGroup: GroupMetrics[] | null;
  /** Over the labelled validation rows of the training data (which chose the kept epoch); null on new data. */
  validation: Metrics | null;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether a predict request reads the very data the model was trained on (same survey seed, same node table). */
function onTrainingData(req: PredictRequest, saved: SavedModel): boolean {
  if (!req.nodes) return saved.data.source === 'csv' || (req.seed ?? saved.dataSeed) === saved.dataSeed;
  const trained = asList(saved.data.nodes);
  return saved.data.source === 'csv' && trained.length === 1 && resolve(trained[0]) === resolve(req.nodes);
}

/**
 * Apply a saved model to a survey: the data is prepared as in training (same columns, the saved
 * feature scaling and imputation, the same split rule, so a model that reads labels reads those of
 * the same training nodes) and goes through the same inference path as `run`. On the training
 * survey the probabilities are those of the run, bit for bit.
 */
export async function predict(req: PredictRequest, log: (s: string) => void = () => {}): Promise<PredictResult> {
  const { model, saved } = loadModel(req.model);
  if (req.edges && !req.nodes) throw new InputError('--edges needs --nodes: the edge table belongs to a node table');
  // a model that learnt on an edge table's graph must not be given a graph built another way
  if (req.nodes && !req.edges && saved.data.edges) throw new InputError('the model was trained on the graph of an edge table: give the new survey\'s edge table too (--edges)', { file: req.model });
  const data = req.nodes
    ? { ...saved.data, source: 'csv' as const, nodes: resolve(req.nodes), edges: req.edges ? resolve(req.edges) : undefined }
    : saved.data;
  const prepared = await prepare(
    // a model saved before the rule was recorded drew validation groups by count
    { seed: req.seed ?? saved.dataSeed, data, graph: saved.graph, split: { ...saved.split, rule: saved.split.rule ?? 'count' } },
    { log, normalizer: saved.normalizer, imputer: saved.imputer, inference: true, classes: saved.classes },
  );
  const { nodes, split } = prepared;
  if (nodes.featureNames.join() !== saved.featureNames.join()) {
    throw new InputError(`features [${nodes.featureNames.join(', ')}] differ from the model's [${saved.featureNames.join(', ')}]`, { file: nodes.source });
  }
  requireGeometry(saved.model, nodes, prepared.data.coords);
  // a model of a heterogeneous graph reads the same relations, in the same order, as it was trained on
  const sets = prepared.input.types ? prepared.input.neighbourSets(saved.model.directions === 'vertical') : null;
  if (sets && saved.neighbourSets && sets.join() !== saved.neighbourSets.join()) {
    throw new InputError(`the graph's relations [${sets.join(', ')}] differ from the model's [${saved.neighbourSets.join(', ')}]`, { file: nodes.source });
  }
  const cost = req.costMatrix ? await readCostMatrix(resolve(req.costMatrix), saved.classes) : null;
  const { probs, pred } = req.tiles ? await predictByTiles(req.tiles, saved, model, prepared, log) : infer(model, prepared, saved.labelInput);
  // never pooled with rows that trained the model
  const training = onTrainingData(req, saved);
  const labelInputs = new Set(saved.labelInput ? split.train : []);
  // other node types' labelled nodes (data.types, read from the model's own tables) trained it: the survey's nodes only
  const survey = (i: number) => !nodes.types || nodes.types.of[i] === 0;
  const rows = training ? split.test : Int32Array.from(nodes.labels.keys()).filter((i) => nodes.labels[i] >= 0 && !labelInputs.has(i) && survey(i));
  const scored: Scored = training ? 'held-out rows of the training data' : labelInputs.size ? 'labelled rows of new data not read as label inputs' : 'labelled rows of new data';
  const score = (r: Int32Array) => (r.length ? classificationMetrics(nodes.labels, pred, probs, r, saved.classes, cost) : null);
  const perGroup = rows.length ? groupMetrics(nodes.labels, pred, probs, rows, saved.classes, nodes.group, nodes.groupNames, cost) : null;
  return { saved, prepared, probs, pred, scored, test: score(rows), perGroup, validation: training ? score(split.val) : null };
}

/**
 * Predict and write into dir: predictions.csv (the run's columns), edges.csv, the products and
 * exports, metrics.json where scored or validation rows are labelled (see Scored), and (opts.report) the
 * figures and report.html. The folder is checked before any work and published as a whole, so a
 * metrics.json of an earlier prediction never stays beside new predictions; a figure problem is
 * kept in `reportError`, and the outputs are published without the report.
 */
export async function predictToFolder(req: PredictRequest, dir: string, log: (s: string) => void = () => {}, opts: { report?: boolean } = {}): Promise<PredictResult & { reportError: Error | null }> {
  return OutputFolder.write(dir, 'prediction', async (staging) => {
    const r = await predict(req, log);
    const { nodes, split, graph, data } = r.prepared;
    const { classes } = r.saved;
    const units = unitsFor(nodes, split.train, classes, r.saved.units);
    writeFileAtomic(join(staging, 'predictions.csv'), predictionsCsv({ nodes, role: split.role, classes, probs: r.probs, pred: r.pred, keep: copiedColumns(data) }));
    writeEdgesCsv(staging, graph);
    for (const note of writeExports(staging, { nodes, classes, probs: r.probs, pred: r.pred, role: split.role, edges: graph.upperEdges(), units, crs: data.crs })) log(note);
    if (r.test || r.validation) {
      writeJson(staging, 'metrics.json', { model: r.saved.model.type, classes, scored: r.scored, test: r.test, perGroup: r.perGroup, validation: r.validation, ...(req.costMatrix ? { costMatrix: resolve(req.costMatrix) } : {}) });
    }
    let reportError: Error | null = null;
    if (opts.report) {
      // sections by predicted class, entropy, maps and products, as for a run (no training curves)
      const view = viewOfPredictions({
        name: basename(dir), model: r.saved.model.type, nodes, role: split.role, classes, probs: r.probs, pred: r.pred, test: r.test,
        baselines: [], history: [], keptEpochs: [], edges: graph.upperEdges(), units, data, figures: req.figures ?? { verticalExaggeration: null, mapElevation: null },
      });
      try {
        await writeRunReport(staging, view);
        log(`report: ${join(dir, 'report.html')}`);
      } catch (e) {
        reportError = new Error((e as Error).message.split(staging).join(dir));
      }
    }
    return { ...r, reportError };
  });
}
