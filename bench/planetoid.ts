/*
 * npm run bench:cora — Planetoid node classification on the public split, as a correctness check
 * of the whole engine on real data: 2-layer GCN (Kipf & Welling settings), GAT (Veličković et
 * al. settings) and GraphSAGE (mean aggregation, PyG's example settings), 10 seeds each, mean ± std test accuracy. Reads ../shared/data/planetoid.
 * Usage: npx ts-node bench/planetoid.ts [cora|citeseer] [seeds]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../src/data/schema';
import { dataSchema, methodSchema, modelSchema } from '../src/data/config_schema';
import type { DataConfig, MethodConfig, RunConfig } from '../src/data/config';
import { loadData } from '../src/data/load';
import { undirectedGraph } from '../src/graph/graph';
import { GraphInput } from '../src/nn/graph_input';
import type { ModelConfig } from '../src/nn/model';
import { Tensor } from '../src/tensor/tensor';
import { trainAndEvaluate } from '../src/train/experiment';
import { splitNodes } from '../src/train/split';

const SHARED = join(__dirname, '../../shared/data/planetoid');

export const PLANETOID_SETTINGS: Record<string, { model: Partial<ModelConfig>; method: Partial<MethodConfig> }> = {
  gcn: { model: { type: 'gcn', hidden: 16, layers: 2, dropout: 0.5 }, method: { epochs: 200, lr: 0.01, weightDecay: 5e-4, weightDecayScope: 'first-layer', patience: 0 } },
  sage: { model: { type: 'sage', hidden: 64, layers: 2, dropout: 0.5 }, method: { epochs: 200, lr: 0.01, weightDecay: 5e-4, patience: 0 } },
  gat: { model: { type: 'gat', hidden: 8, heads: 8, outHeads: 1, layers: 2, dropout: 0.6, attentionDropout: 0.6, activation: 'elu' }, method: { epochs: 300, lr: 0.005, weightDecay: 5e-4, patience: 100 } },
};
// GAT with the paper's early stopping: train until 100 epochs improve neither validation loss nor accuracy
PLANETOID_SETTINGS['gat-paper'] = { model: PLANETOID_SETTINGS.gat.model, method: { ...PLANETOID_SETTINGS.gat.method, epochs: 5000, selection: 'loss-and-accuracy' } };
export type PlanetoidModel = 'gcn' | 'gat' | 'sage' | 'gat-paper';

/** Cora or CiteSeer with row-normalised features, the public split and the edge table. */
export async function loadPlanetoid(name: string) {
  const data = validate<DataConfig>({
    source: 'csv', nodes: join(SHARED, `${name}_nodes.csv.gz`), edges: join(SHARED, `${name}_edges.csv.gz`),
    coords: { x: null, y: null, z: null }, featurePattern: '^f\\d+$', label: 'label', split: 'split', group: null, unlabelled: ['-1'],
  }, dataSchema, 'planetoid');
  const { nodes, edges } = await loadData(data, 0);
  const F = nodes.featureNames.length;
  const x = new Float32Array(nodes.n * F);
  for (let i = 0; i < nodes.n; i++) {
    let s = 0;
    for (let f = 0; f < F; f++) s += nodes.features[i * F + f];
    for (let f = 0; f < F; f++) x[i * F + f] = s > 0 ? nodes.features[i * F + f] / s : 0;
  }
  const graph = new GraphInput(undirectedGraph(nodes.n, edges!.src, edges!.dst, null).adj);
  return { nodes, graph, x: new Tensor(x, [nodes.n, F]) };
}

export async function planetoidAccuracy(name: string, type: PlanetoidModel, seeds: number[]): Promise<number[]> {
  const { nodes, graph, x } = await loadPlanetoid(name);
  const split = splitNodes(nodes, 0, 0);
  const s = PLANETOID_SETTINGS[type];
  const model = validate<ModelConfig>(s.model, modelSchema, 'planetoid');
  const method = validate<MethodConfig>({ ...s.method, baseline: false }, methodSchema, 'planetoid');
  const acc: number[] = [];
  for (const seed of seeds) acc.push((await trainAndEvaluate(type, model, nodes, graph, x, split, { seed, method } as RunConfig, true)).test.accuracy);
  return acc;
}

export function meanStd(v: number[]): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
  return [m, sd];
}

if (require.main === module) {
  (async () => {
    if (!existsSync(SHARED)) {
      console.log(`skipped: ${SHARED} is absent`);
      return;
    }
    const name = process.argv[2] ?? 'cora';
    const n = Number(process.argv[3] ?? 10);
    const seeds = Array.from({ length: n }, (_, i) => i);
    for (const type of ['gcn', 'gat', 'sage'] as const) {
      const t0 = performance.now();
      const acc = await planetoidAccuracy(name, type, seeds);
      const [m, sd] = meanStd(acc);
      console.log(`${name} ${type}: test accuracy ${(100 * m).toFixed(1)} ± ${(100 * sd).toFixed(1)} % over ${n} seeds (${acc.map((a) => (100 * a).toFixed(1)).join(', ')}), ${((performance.now() - t0) / 1000 / n).toFixed(1)} s per run`);
    }
  })();
}
