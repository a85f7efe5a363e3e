import type { Argv } from 'yargs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../data/atomic_write';
import { loadData } from '../data/load';
import { SPLIT } from '../data/node_set';
import { GraphInput } from '../nn/graph_input';
import { Tensor } from '../tensor/tensor';
import { graphFor } from '../train/experiment';
import { argmaxRows, predictProbs } from '../train/fit';
import { classificationMetrics } from '../train/metrics';
import { withLabelColumns } from '../train/label_input';
import { loadModel } from '../train/model_io';
import { predictionsCsv, writeJson } from '../train/outputs';
import { applyStandardizer } from '../train/standardize';
import { InputError } from '../util/errors';

export const predictCommand = {
  command: 'predict',
  describe: 'Apply a saved model to another graph (a new survey, new wells)',
  builder: (y: Argv) => y
    .option('model', { type: 'string', demandOption: true, describe: 'model.json written by run' })
    .option('nodes', { type: 'string', describe: 'Node table (same columns as in training); default: the training data' })
    .option('edges', { type: 'string', describe: 'Edge table; default: build the graph as in training' })
    .option('seed', { type: 'number', default: 0, describe: 'Seed for a synthetic survey when no node table is given' })
    .option('out', { type: 'string', demandOption: true, describe: 'Folder for predictions.csv (and metrics.json where labels exist)' })
    .example('$0 predict --model out/default/model.json --seed 7 --out out/predict', 'apply the default model to a new synthetic survey'),
  handler: async (argv: { model: string; nodes?: string; edges?: string; seed: number; out: string }) => {
    const { model, saved } = loadModel(argv.model);
    // the model's class list codes the labels, so a file missing a class keeps the same indices
    const dataCfg = { ...saved.data, classes: saved.classes };
    if (argv.nodes) Object.assign(dataCfg, { source: 'csv', nodes: resolve(argv.nodes), edges: argv.edges ? resolve(argv.edges) : undefined });
    const { nodes, edges } = await loadData(dataCfg, argv.seed);
    if (nodes.featureNames.join() !== saved.featureNames.join()) {
      throw new InputError(`features [${nodes.featureNames.join(', ')}] differ from the model's [${saved.featureNames.join(', ')}]`, { file: nodes.source });
    }
    const graph = graphFor(nodes, edges, saved.graph);
    const features = new Tensor(applyStandardizer(nodes.features, nodes.featureNames.length, saved.standardizer), [nodes.n, nodes.featureNames.length]);
    // a model trained with labels as inputs reads the labels of the nodes flagged for training here
    const known = Int32Array.from(Array.from({ length: nodes.n }, (_, i) => i).filter((i) => nodes.split[i] === SPLIT.TRAIN && nodes.labels[i] >= 0));
    const x = saved.labelInput ? withLabelColumns(features, nodes.labels, known, saved.classes.length) : features;
    const probs = predictProbs(model, new GraphInput(graph.adj), x);
    const pred = argmaxRows(probs, saved.classes.length);
    const out = resolve(argv.out);
    writeFileAtomic(join(out, 'predictions.csv'), predictionsCsv({ ...nodes, classes: saved.classes }, probs, pred));
    const labelled = Int32Array.from(Array.from({ length: nodes.n }, (_, i) => i).filter((i) => nodes.labels[i] >= 0));
    if (labelled.length) {
      const m = classificationMetrics(nodes.labels, pred, probs, labelled, saved.classes);
      writeJson(out, 'metrics.json', { model: saved.model.type, all_labelled: m });
      console.log(`labelled nodes: macro-F1 ${m.macroF1.toFixed(4)}, accuracy ${m.accuracy.toFixed(4)}`);
    }
    console.log(`wrote ${out}`);
  },
};
