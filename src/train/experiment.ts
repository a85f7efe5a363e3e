import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../data/atomic_write';
import type { GraphConfig, RunConfig } from '../data/config';
import { loadData } from '../data/load';
import type { NodeSet } from '../data/node_set';
import { buildGraph } from '../graph/build';
import { undirectedGraph, type Graph } from '../graph/graph';
import { formatStats, graphStats, type GraphStats } from '../graph/stats';
import { GraphInput } from '../nn/graph_input';
import { NodeClassifier, type ModelConfig } from '../nn/model';
import { Tensor } from '../tensor/tensor';
import { makeRng } from '../util/rng';
import { setThreads } from '../util/thread_pool';
import { argmaxRows, fit, predictProbs, type EpochRecord } from './fit';
import { classificationMetrics, type Metrics } from './metrics';
import { saveModel } from './model_io';
import { edgesCsv, predictionsCsv, writeJson, writeJsonLines } from './outputs';
import { epochProgress } from './progress';
import { splitNodes, type NodeSplit } from './split';
import { applyStandardizer, fitStandardizer, type Standardizer } from './standardize';

export interface ModelOutcome {
  model: NodeClassifier;
  history: EpochRecord[];
  bestEpoch: number;
  probs: ArrayLike<number>;
  pred: Int32Array;
  test: Metrics;
  train: Metrics;
  val: Metrics | null;
  seconds: number;
}

export interface RunResult {
  outDir: string;
  nodes: NodeSet;
  graph: Graph;
  stats: GraphStats;
  split: NodeSplit;
  main: ModelOutcome;
  baseline: ModelOutcome | null;
}

/** The graph from the data's edge table, or built from the node coordinates by the graph config. */
export function graphFor(nodes: NodeSet, edges: { src: Int32Array; dst: Int32Array; weight: Float64Array | null } | null, graphCfg: GraphConfig): Graph {
  return edges ? undirectedGraph(nodes.n, edges.src, edges.dst, edges.weight) : buildGraph(nodes, graphCfg);
}

/** Train one model on the split and evaluate it on held-out nodes. */
export async function trainAndEvaluate(
  label: string, modelCfg: ModelConfig, nodes: NodeSet, graph: GraphInput, x: Tensor, split: NodeSplit, cfg: RunConfig, quiet = false,
  onEpoch?: (r: EpochRecord) => void | Promise<void>,
): Promise<ModelOutcome> {
  const t0 = performance.now();
  const C = nodes.classes.length;
  const inDim = x.shape[1] + (cfg.method.labelInput ? C : 0);
  const model = new NodeClassifier(modelCfg, inDim, C, makeRng(`init-${cfg.seed}`));
  const progress = quiet ? null : epochProgress(label, cfg.method.epochs);
  const res = await fit({
    model, graph, x, labels: nodes.labels, train: split.train, val: split.val, method: cfg.method, seed: cfg.seed, classes: nodes.classes, groups: nodes.group,
    onEpoch: async (r) => {
      progress?.(r.epoch, `loss ${r.train_loss.toFixed(4)}${r.val_loss !== null ? ` val loss ${r.val_loss.toFixed(4)} val F1 ${r.val_macro_f1!.toFixed(3)}` : ''}`);
      await onEpoch?.(r);
    },
  });
  const probs = predictProbs(model, graph, res.input);
  const pred = argmaxRows(probs, C);
  return {
    model, history: res.history, bestEpoch: res.bestEpoch, probs, pred,
    test: classificationMetrics(nodes.labels, pred, probs, split.test, nodes.classes),
    train: classificationMetrics(nodes.labels, pred, probs, split.train, nodes.classes),
    val: split.val.length ? classificationMetrics(nodes.labels, pred, probs, split.val, nodes.classes) : null,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Everything a model needs before training: nodes, graph, split and standardised features. */
export interface PreparedRun {
  nodes: NodeSet;
  graph: Graph;
  stats: GraphStats;
  split: NodeSplit;
  x: Tensor;
  input: GraphInput;
  standardizer: Standardizer;
}

/** Load, build the graph, split, and standardise with training statistics. */
export async function prepareRun(cfg: RunConfig, log: (s: string) => void = () => {}): Promise<PreparedRun> {
  const data = await loadData(cfg.data, cfg.seed);
  const nodes = data.nodes;
  for (const note of data.notes) log(`data: ${note}`);
  const tg = performance.now();
  const graph = graphFor(nodes, data.edges, cfg.graph);
  const stats = graphStats(graph);
  log(`graph (${data.edges ? 'edge table' : cfg.graph.method}, ${((performance.now() - tg) / 1000).toFixed(2)} s): ${formatStats(stats)}`);
  const split = splitNodes(nodes, cfg.method.valFraction, cfg.seed);
  log(`split: ${split.train.length} train, ${split.val.length} validation, ${split.test.length} held-out labelled nodes`);
  const F = nodes.featureNames.length;
  const standardizer = fitStandardizer(nodes.features, F, split.train);
  const x = new Tensor(applyStandardizer(nodes.features, F, standardizer), [nodes.n, F]);
  return { nodes, graph, stats, split, x, input: new GraphInput(graph.adj), standardizer };
}

/** predictions.csv, history.jsonl, metrics.json, config.json, model.json + weights.bin under outDir. */
export function writeRunOutputs(outDir: string, cfg: RunConfig, p: PreparedRun, main: ModelOutcome, baseline: ModelOutcome | null): void {
  const summary = (o: ModelOutcome) => ({ test: o.test, train: o.train, validation: o.val, bestEpoch: o.bestEpoch, epochsRun: o.history.length, seconds: o.seconds });
  writeFileAtomic(join(outDir, 'predictions.csv'), predictionsCsv(p.nodes, main.probs, main.pred));
  writeFileAtomic(join(outDir, 'edges.csv'), edgesCsv(p.graph));
  writeJsonLines(outDir, 'history.jsonl', main.history.map((r) => ({ model: cfg.model.type, ...r })).concat(baseline ? baseline.history.map((r) => ({ model: 'mlp', ...r })) : []));
  writeJson(outDir, 'metrics.json', {
    model: cfg.model.type, classes: p.nodes.classes, ...summary(main),
    baseline: baseline ? { model: 'mlp', ...summary(baseline) } : null,
    graph: p.stats, split: { train: p.split.train.length, validation: p.split.val.length, test: p.split.test.length },
  });
  writeJson(outDir, 'config.json', cfg);
  saveModel(outDir, main.model, { classes: p.nodes.classes, featureNames: p.nodes.featureNames, standardizer: p.standardizer, data: cfg.data, graph: cfg.graph, labelInput: cfg.method.labelInput });
}

/**
 * The one-shot experiment: load, build the graph, split, standardise with training statistics,
 * train the configured model and (unless disabled) an MLP baseline on the same features, then
 * write predictions, metrics, history, model and resolved config under <out>/<name>/. Nothing is
 * written until everything has been computed.
 */
export async function runExperiment(cfg: RunConfig, log: (s: string) => void = console.log): Promise<RunResult> {
  setThreads(cfg.threads);
  const p = await prepareRun(cfg, log);
  const main = await trainAndEvaluate(cfg.model.type, cfg.model, p.nodes, p.input, p.x, p.split, cfg);
  const baseline = cfg.method.baseline && cfg.model.type !== 'mlp'
    ? await trainAndEvaluate('mlp baseline', { ...cfg.model, type: 'mlp' }, p.nodes, p.input, p.x, p.split, { ...cfg, method: { ...cfg.method, labelInput: false } })
    : null;
  const outDir = resolve(cfg.out, cfg.name);
  writeRunOutputs(outDir, cfg, p, main, baseline);
  const fmt = (o: ModelOutcome) => `macro-F1 ${o.test.macroF1.toFixed(4)}, accuracy ${o.test.accuracy.toFixed(4)}, balanced accuracy ${o.test.balancedAccuracy.toFixed(4)} (best epoch ${o.bestEpoch}, ${o.seconds.toFixed(1)} s)`;
  log(`held-out ${cfg.model.type}: ${fmt(main)}`);
  if (baseline) log(`held-out mlp baseline: ${fmt(baseline)}`);
  log(`wrote ${outDir}`);
  return { outDir, nodes: p.nodes, graph: p.graph, stats: p.stats, split: p.split, main, baseline };
}
