import type { DataConfig } from '../data/data_config';
import { loadData, type EdgeTable } from '../data/load';
import { SPLIT, type NodeSet } from '../data/node_set';
import { joinNodeTypes, loadNodeTypes } from '../data/node_types';
import { relationEdges } from '../graph/type_relations';
import { applyImputer, fitImputer, type Imputer } from '../data/impute';
import { applyNormalizer, fitNormalizer, type Normalizer } from '../data/normalize';
import { toLonLat } from '../report/crs';
import { buildGraph, graphReadsCoordinates } from '../graph/build';
import { undirectedGraph, type Graph } from '../graph/graph';
import type { GraphConfig } from '../graph/graph_config';
import { formatStats, graphStats, type GraphStats } from '../graph/stats';
import { GraphInput } from '../nn/graph_input';
import { Tensor } from '../tensor/tensor';
import { InputError } from '../util/errors';
import { assignSplit, splitNodes, type NodeSplit, type SplitRule } from '../train/split';

/** What prepare needs: the data and graph sections, the survey seed and the rule that draws validation groups. */
export interface PrepareConfig {
  data: DataConfig;
  graph: GraphConfig;
  /** Seed of a synthetic survey. */
  seed: number;
  split: { seed: number; valFraction: number; rule?: SplitRule };
}

/** Everything a model needs before training or inference. */
export interface Prepared {
  nodes: NodeSet;
  graph: Graph;
  stats: GraphStats;
  split: NodeSplit;
  /** What the loader did (rows dropped, values imputed, codes assigned). */
  notes: string[];
  /** The data config as applied (column roles of a synthetic survey filled in): saved with a model. */
  data: DataConfig;
  /** The missing-value imputation fitted on the training nodes (data.missing 'impute'), else null. */
  imputer: Imputer | null;
  normalizer: Normalizer;
  /** Node features after the normaliser, n × F. */
  features: Tensor;
  input: GraphInput;
}

export interface PrepareOptions {
  log?: (s: string) => void;
  /** A saved model's normaliser and imputer: applied as they are instead of being fitted (inference on new data). */
  normalizer?: Normalizer;
  imputer?: Imputer | null;
  /** Inference: labels and a training set are optional (a survey may be entirely unlabelled). */
  inference?: boolean;
  /** A saved model's class list: labels are coded by it, so a file missing a class keeps the same indices. */
  classes?: string[];
}

/** The graph from the data's edge table, or built from the node coordinates by the graph config. */
export function graphFor(nodes: NodeSet, edges: EdgeTable | null, graphCfg: GraphConfig, notes: string[] = []): Graph {
  if (!edges) return buildGraph(nodes, graphCfg, notes);
  if (edges.src.length === 0 && nodes.n > 1) throw new InputError('the edge table holds no edge: graph layers would see nothing around any node', { key: 'data.edges' });
  return undirectedGraph(nodes.n, edges.src, edges.dst, edges.weight);
}

/**
 * Load the data, build (or read) the graph, split the nodes and scale the features with statistics
 * of the training nodes only. The first step of every command: run, predict and tune all start here.
 */
export async function prepare(cfg: PrepareConfig, opts: PrepareOptions = {}): Promise<Prepared> {
  const log = opts.log ?? (() => {});
  const dataCfg = opts.classes ? { ...cfg.data, classes: opts.classes } : cfg.data;
  // an unknown coordinate system is found now, not after training when the exports are written
  if (cfg.data.crs) toLonLat(cfg.data.crs);
  // coordinates may be empty where nothing is built from them (an edge table, line-knn over other columns)
  const data = await loadData(dataCfg, cfg.seed, { optionalRoles: opts.inference, optionalCoords: !graphReadsCoordinates(cfg.graph) });
  let nodes = data.nodes;
  for (const note of data.notes) log(`data: ${note}`);
  const t0 = performance.now();
  const graphNotes: string[] = [];
  const graph = graphFor(nodes, data.edges, cfg.graph, graphNotes);
  const stats = graphStats(graph);
  const method = data.edges ? 'edge table' : cfg.graph.method === 'union' ? `union of ${cfg.graph.recipes.map((r) => r.method).join(', ')}` : cfg.graph.method;
  log(`graph (${method}, ${((performance.now() - t0) / 1000).toFixed(2)} s): ${formatStats(stats)}`);
  for (const note of graphNotes) log(`graph: ${note}`);
  const split = (opts.inference ? assignSplit : splitNodes)(nodes, cfg.split.valFraction, cfg.split.seed, cfg.split.rule ?? 'share');
  log(`split: ${split.train.length} train, ${split.val.length} validation, ${split.test.length} held-out labelled nodes`);
  let imputer: Imputer | null = null;
  if (cfg.data.missing === 'impute') {
    imputer = opts.imputer ?? fitImputer(nodes, split.train, cfg.data.missingIndicator);
    const filled = applyImputer(nodes, imputer);
    nodes = filled.nodes;
    if (filled.imputed) log(`data: imputed ${filled.imputed} missing value(s) with training medians`);
  }
  const F = nodes.featureNames.length;
  const normalizer = opts.normalizer ?? fitNormalizer(cfg.data.normalize, nodes.features, F, split.train);
  const scaled = applyNormalizer(nodes.features, F, normalizer);
  const base = { notes: data.notes, data: data.roles, imputer, normalizer };
  if (data.roles.types.length > 0) return { ...base, ...await withNodeTypes(cfg, data.roles, nodes, scaled, graph, split, log) };
  return { ...base, nodes, graph, stats, split, features: new Tensor(scaled, [nodes.n, F]), input: new GraphInput(graph.adj, { x: nodes.x, y: nodes.y, z: nodes.z }) };
}

/**
 * The survey joined with the node types of data.types (a heterogeneous graph): their nodes after
 * the survey's, features in blocks (node_types.ts), the survey's graph united with the edges of
 * graph.relations, every labelled node of another type training; the split of the survey's own
 * nodes is kept as drawn.
 */
async function withNodeTypes(cfg: PrepareConfig, roles: DataConfig, survey: NodeSet, surveyScaled: Float32Array, surveyGraph: Graph, split: NodeSplit, log: (s: string) => void) {
  const extra = await loadNodeTypes(roles, survey.classes, cfg.seed);
  const { nodes, scaled, types } = joinNodeTypes(survey, surveyScaled, roles.type, extra);
  for (const t of extra) log(`data: node type '${t.name}': ${t.nodes.n.toLocaleString('en')} nodes, features ${t.nodes.featureNames.join(', ')}, ${t.nodes.labels.filter((l) => l >= 0).length.toLocaleString('en')} labelled (all training)`);
  const own = surveyGraph.upperEdges();
  const src: number[] = Array.from(own.u), dst: number[] = Array.from(own.v), w: number[] = Array.from(own.w);
  cfg.graph.relations.forEach((rel, k) => {
    const e = relationEdges(rel, `graph.relations[${k}]`, types, nodes);
    for (let j = 0; j < e.src.length; j++) { src.push(e.src[j]); dst.push(e.dst[j]); w.push(1); }
    log(`graph: graph.relations[${k}] (${rel.src} → ${rel.dst}, k ${rel.k}${rel.radius !== null ? `, within ${rel.radius}` : ''}): ${e.src.length.toLocaleString('en')} links`);
  });
  const graph = undirectedGraph(nodes.n, src, dst, surveyGraph.weighted ? w : null);
  const stats = graphStats(graph);
  log(`graph (survey and ${extra.map((t) => t.name).join(', ')}): ${formatStats(stats)}`);
  const role = new Uint8Array(nodes.n);
  role.set(split.role);
  role.set(nodes.split.subarray(survey.n), survey.n);
  const typed = Int32Array.from({ length: nodes.n - survey.n }, (_, i) => survey.n + i).filter((i) => role[i] === SPLIT.TRAIN);
  const joinedSplit: NodeSplit = { train: Int32Array.from([...split.train, ...typed]), val: split.val, test: split.test, role };
  // the relations the config declares (the survey's own, and each link both ways), edges or not
  const pairs: [number, number][] = [[0, 0], ...cfg.graph.relations.flatMap((r): [number, number][] => {
    const s = types.names.indexOf(r.src), d = types.names.indexOf(r.dst);
    return [[s, d], [d, s]];
  })];
  const input = new GraphInput(graph.adj, { x: nodes.x, y: nodes.y, z: nodes.z }, { ...types, pairs });
  for (const r of input.relations()) log(`graph: relation ${r.name}`);
  return { nodes: { ...nodes, types: input.types! }, graph, stats, split: joinedSplit, features: new Tensor(scaled, [nodes.n, nodes.featureNames.length]), input };
}
