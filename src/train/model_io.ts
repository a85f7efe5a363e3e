import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../data/atomic_write';
import type { DataConfig } from '../data/data_config';
import type { Normalizer } from '../data/normalize';
import type { GraphConfig } from '../graph/graph_config';
import { NodeClassifier, type ModelConfig } from '../nn/model';
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
  /** How features were scaled (fitted on the training nodes). */
  normalizer: Normalizer;
  data: DataConfig;
  graph: GraphConfig;
  /** Trained with the training labels as inputs: inference gives it the labels of the training nodes. */
  labelInput: boolean;
  /** The rule that chose the training nodes (validation groups drawn with this seed and share), so inference reads the same labels. */
  split: { seed: number; valFraction: number };
  weightsFile: string;
  params: { name: string; shape: number[]; offset: number; length: number }[];
}

/** Write model.json and its little-endian float32 weights file (both atomically). */
export function saveModel(dir: string, model: NodeClassifier, meta: Omit<SavedModel, 'format' | 'version' | 'weightsFile' | 'params' | 'model' | 'inDim'>): void {
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
  const saved: SavedModel = { format: 'geo-graphnet-model', version: 2, model: model.cfg, inDim: model.inDim, ...meta, weightsFile: 'weights.bin', params };
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
  if (saved.version !== 2 || !saved.normalizer || !saved.split) throw new InputError('written by an older geo-graphnet without its feature scaling and split rule: run the experiment again', { file });
  const model = new NodeClassifier(saved.model, saved.inDim, saved.classes.length, makeRng(0));
  const wfile = join(dirname(file), saved.weightsFile);
  if (!existsSync(wfile)) throw new InputError('weights file not found', { file: wfile });
  const bytes = readFileSync(wfile);
  if (bytes.byteLength % 4 !== 0) throw new InputError(`weights file has ${bytes.byteLength} bytes, not whole float32 values`, { file: wfile });
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const byName = new Map(model.namedParameters());
  for (const p of saved.params) {
    const t = byName.get(p.name);
    if (!t || t.size !== p.length) throw new InputError(`parameter '${p.name}' does not fit the architecture`, { file });
    if (p.offset + p.length > weights.length) throw new InputError(`weights file is too short for parameter '${p.name}'`, { file: wfile });
    t.data.set(weights.subarray(p.offset, p.offset + p.length));
  }
  return { model, saved };
}
