import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import type { DataConfig } from '../data/data_config';
import type { Imputer } from '../data/impute';
import type { Normalizer } from '../data/normalize';
import type { GraphConfig } from '../graph/graph_config';
import { Value } from '@sinclair/typebox/value';
import { isTypeColumn } from '../data/node_types';
import { NodeClassifier, type ModelConfig } from '../nn/model';
import type { SplitRule } from './split';
import { ModelSection } from '../nn/model_config';
import { DataSection } from '../data/data_config';
import { GraphSection } from '../graph/graph_config';
import { isSafeFileName } from '../util/safe_name';
import { InputError } from '../util/errors';
import { makeRng } from '../util/rng';

/** Everything `predict` needs besides the weights: architecture, classes, features and scaling. */
export interface SavedModel {
  format: 'geo-graphnet-model';
  version: 2;
  model: ModelConfig;
  inDim: number;
  classes: string[];
  featureNames: string[];
  /** How features were scaled, and gaps filled (data.missing 'impute'), both fitted on the training nodes (data.transforms, in `data`, fit nothing: predict recomputes them per group). */
  normalizer: Normalizer;
  imputer: Imputer | null;
  data: DataConfig;
  graph: GraphConfig;
  /** Trained with the training labels as inputs: inference gives it the labels of the training nodes. */
  labelInput: boolean;
  /** Seed of a synthetic survey the model was trained on (predict regenerates it by default). */
  dataSeed: number;
  /** The rule that chose the training nodes (validation groups drawn with this seed and share), so inference reads the same labels. */
  /** rule: absent in models saved before validation groups were counted by share of nodes ('count'). */
  split: { seed: number; valFraction: number; rule?: SplitRule };
  /** Class indices from the top unit to the bottom one (by the training labels' elevations), for products of unlabelled surveys; null without z. */
  units: number[] | null;
  weightsFile: string;
  params: { name: string; shape: number[]; offset: number; length: number }[];
  /** What each SAGE layer averages apart (with node types, one set per relation); absent: from model.directions. */
  neighbourSets?: string[];
}

/** Write model.json and its little-endian float32 weights file (both atomically). */
export function saveModel(dir: string, model: NodeClassifier, meta: Omit<SavedModel, 'format' | 'version' | 'weightsFile' | 'params' | 'model' | 'inDim' | 'neighbourSets'>): void {
  const named = model.namedParameters();
  const total = named.reduce((s, [, t]) => s + t.size, 0);
  const buf = new Float32Array(total);
  const params: SavedModel['params'] = [];
  let off = 0;
  for (const [name, t] of named) {
    buf.set(t.data, off);
    params.push({ name, shape: [...t.shape], offset: off, length: t.size });
    off += t.size;
  }
  const saved: SavedModel = { format: 'geo-graphnet-model', version: 2, model: model.cfg, inDim: model.inDim, neighbourSets: model.neighbourSets, ...meta, weightsFile: 'weights.bin', params };
  writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array(buf.buffer));
  writeFileAtomic(join(dir, 'model.json'), JSON.stringify(saved, null, 1));
}

/** Rebuild the model from model.json and its weights; shape mismatches are errors. */
export function loadModel(file: string): { model: NodeClassifier; saved: SavedModel } {
  if (!existsSync(file)) throw new InputError('model file not found', { file });
  let saved: SavedModel;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as SavedModel;
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  if (saved?.format !== 'geo-graphnet-model') throw new InputError(`not a geo-graphnet model (format '${String(saved?.format)}')`, { file });
  if (saved.version !== 2 || !saved.normalizer || !saved.split || saved.dataSeed === undefined || saved.imputer === undefined) {
    throw new InputError('written by an older geo-graphnet without its feature scaling, imputation and split rule: run the experiment again', { file });
  }
  // a model saved before a data or graph key existed (data.keep, data.transforms, graph.recipes) takes that key's default
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(saved.data)) saved.data = Value.Default(DataSection, saved.data) as DataConfig;
  if (isObject(saved.graph)) saved.graph = Value.Default(GraphSection, saved.graph) as GraphConfig;
  checkSavedModel(saved, file);
  const wfile = join(dirname(file), saved.weightsFile);
  if (!existsSync(wfile)) throw new InputError('weights file not found', { file: wfile });
  // the weights file's size bounds the architecture, so a small model.json cannot ask for gigabytes
  const weightsBytes = statSync(wfile).size;
  if (4 * firstLayerSize(saved) > weightsBytes) throw new InputError(`the architecture needs more weights than the ${weightsBytes} bytes of ${saved.weightsFile}`, { file });
  let model: NodeClassifier;
  try {
    const sets = saved.neighbourSets;
    if (sets !== undefined && !(Array.isArray(sets) && sets.length <= 256 && sets.every((s) => typeof s === 'string' && s.length <= 200))) throw new Error('neighbourSets is not a list of names');
    model = new NodeClassifier(saved.model, saved.inDim, saved.classes.length, makeRng(0), 'float32', sets);
  } catch (e) {
    throw new InputError(`the architecture cannot be built: ${(e as Error).message}`, { file });
  }
  const bytes = readFileSync(wfile);
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
  // every parameter of the architecture, with its shape, exactly once; and nothing else in the file
  const named = model.namedParameters();
  const listed = new Map((saved.params ?? []).map((p) => [p.name, p]));
  let total = 0;
  const blocks: [number, number][] = [];
  for (const [name, t] of named) {
    const p = listed.get(name);
    if (!p) throw new InputError(`parameter '${name}' of the architecture is not in the model file`, { file });
    if (p.shape?.join() !== t.shape.join() || p.length !== t.size) throw new InputError(`parameter '${name}' has shape [${p.shape}], the architecture needs [${t.shape}]`, { file });
    if (!(Number.isInteger(p.offset) && p.offset >= 0)) throw new InputError(`parameter '${name}' has offset ${JSON.stringify(p.offset)}, not a position in the weights file`, { file });
    if (p.offset + p.length > weights.length) throw new InputError(`weights file is too short for parameter '${name}'`, { file: wfile });
    t.data.set(weights.subarray(p.offset, p.offset + p.length));
    if (!t.data.every(Number.isFinite)) throw new InputError(`parameter '${name}' holds values that are not finite numbers`, { file: wfile });
    blocks.push([p.offset, p.offset + p.length]);
    total += p.length;
  }
  // each parameter has its own bytes: blocks that overlap would read one weight as two
  blocks.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < blocks.length; k++) if (blocks[k][0] < blocks[k - 1][1]) throw new InputError('two parameters share bytes of the weights file', { file });
  if (listed.size !== named.length) throw new InputError(`the model file lists ${listed.size} parameters, the architecture has ${named.length}`, { file });
  if (bytes.byteLength !== 4 * total) throw new InputError(`weights file has ${bytes.byteLength} bytes, the model needs ${4 * total}`, { file: wfile });
  return { model, saved };
}

/** Weights of the first layer alone: a lower bound on the whole model's. */
function firstLayerSize(saved: SavedModel): number {
  const m = saved.model;
  const first = m.layers === 1 && m.jk === 'none' ? saved.classes.length * (m.type === 'gat' ? m.outHeads : 1) : m.hidden * (m.type === 'gat' ? m.heads : 1);
  return saved.inDim * first;
}

/** A model file is data: every part of it is checked before anything is built from it. */
function checkSavedModel(saved: SavedModel, file: string): void {
  const bad = (what: string) => { throw new InputError(what, { file }); };
  if (!Value.Check(ModelSection, saved.model)) bad('the model section is not a valid model config');
  if (!Value.Check(DataSection, saved.data)) bad('the data section is not a valid data config');
  if (!Value.Check(GraphSection, saved.graph)) bad('the graph section is not a valid graph config');
  if (!(Number.isInteger(saved.inDim) && saved.inDim >= 1 && saved.inDim <= 1 << 24)) bad(`inDim ${JSON.stringify(saved.inDim)} is not a feature count`);
  const rule = saved.split?.rule;
  if (rule !== undefined && rule !== 'share' && rule !== 'count') bad(`split.rule ${JSON.stringify(rule)} is neither 'share' nor 'count'`);
  if (!Array.isArray(saved.classes) || saved.classes.length < 1 || !saved.classes.every((c) => typeof c === 'string')) bad('classes must be a list of class names');
  if (!Array.isArray(saved.featureNames) || !saved.featureNames.every((f) => typeof f === 'string') || !Array.isArray(saved.params)) bad('featureNames and params must be lists');
  // the scaling covers the survey's own features; other node types' columns (data.types) are scaled per type
  const F = saved.featureNames.filter((f) => !isTypeColumn(f, saved.data.types)).length;
  const n = saved.normalizer;
  const finite = (a: unknown, positive: boolean) => Array.isArray(a) && a.length === F && a.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
  if (n.kind === 'standard' ? !(finite(n.mean, false) && finite(n.std, true)) : n.kind !== 'row' && n.kind !== 'none') bad('the feature scaling does not fit the features (a mean and a positive standard deviation per feature)');
  if (saved.units !== null && !(Array.isArray(saved.units) && saved.units.every((u) => Number.isInteger(u) && u >= 0 && u < saved.classes.length))) bad('units must list class indices');
  if (typeof saved.weightsFile !== 'string' || !isSafeFileName(saved.weightsFile)) bad(`weightsFile ${JSON.stringify(saved.weightsFile)} must be a file name beside model.json`);
}
