import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../util/errors';
import type { ModelConfig } from '../nn/model';
import { dataSchema, graphSchema, methodSchema, modelSchema, runSchema } from './config_schema';
import { validate, type Schema } from './schema';
import type { SurveyConfig } from './synthetic_survey';

export interface DataConfig {
  source: 'synthetic' | 'csv';
  synthetic: SurveyConfig;
  nodes?: string | string[];
  edges?: string | string[];
  id: string | null;
  coords: { x: string | null; y: string | null; z: string | null };
  features: string[];
  featurePattern: string | null;
  logFeatures: string[];
  coordFeatures: ('x' | 'y' | 'z')[];
  label: string;
  classes: string[] | null;
  unlabelled: string[];
  split: string | null;
  trainFlag: string | null;
  group: string | null;
  missing: 'error' | 'drop' | 'impute';
  missingIndicator: boolean;
  edgeColumns: { u: string; v: string; weight: string | null };
}

export interface GraphConfig {
  method: 'knn' | 'radius' | 'lattice' | 'line-knn' | 'delaunay';
  k: number;
  radius: number;
  scale: number[];
  acrossK: number;
  lineColumns: string[];
  lineWeights: number[];
  p: number;
  weight: 'none' | 'inverse' | 'gaussian' | 'minmax';
  sigma: number | null;
}

export interface MethodConfig {
  epochs: number;
  optimizer: 'adam' | 'adamw' | 'adamax' | 'sgd';
  lr: number;
  weightDecay: number;
  weightDecayScope: 'all' | 'first-layer';
  momentum: number;
  patience: number;
  selection: 'loss' | 'loss-and-accuracy';
  valFraction: number;
  classWeighted: boolean;
  labelInput: boolean;
  labelMaskRate: number;
  baseline: boolean;
}

export interface RunConfig {
  name: string;
  seed: number;
  threads: number;
  out: string;
  data: DataConfig;
  graph: GraphConfig;
  model: ModelConfig;
  method: MethodConfig;
  /** Provenance written by tune into best.json. */
  study?: Record<string, unknown>;
}

export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new InputError('config file not found', { file });
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}

/**
 * Load and validate a run config. Sections given as strings are paths to JSON files (relative to
 * the run config); paths to data files inside are resolved the same way. Missing keys take the
 * documented defaults; unknown keys are errors.
 */
export function loadRunConfig(file: string | null, overrides: Partial<Pick<RunConfig, 'seed' | 'name' | 'out' | 'threads'>> = {}): RunConfig {
  return resolveRunConfig(file === null ? {} : readJson(file), file, overrides);
}

/** Validate a run config given as an object; `file` (or the working folder) anchors relative paths. */
export function resolveRunConfig(raw: unknown, file: string | null, overrides: Partial<Pick<RunConfig, 'seed' | 'name' | 'out' | 'threads'>> = {}): RunConfig {
  const base = file === null ? process.cwd() : dirname(resolve(file));
  const top = validate<Record<string, unknown>>(raw, runSchema, file ?? '(default config)');
  const section = <T>(key: string, schema: Schema): { value: T; dir: string } => {
    const v = top[key];
    if (typeof v === 'string') {
      const path = resolve(base, v);
      return { value: validate<T>(readJson(path), schema, path), dir: dirname(path) };
    }
    return { value: validate<T>(v ?? {}, schema, file ?? '(default config)', key), dir: base };
  };
  const data = section<DataConfig>('data', dataSchema);
  const resolveAll = (v: string | string[]) => (Array.isArray(v) ? v.map((f) => resolve(data.dir, f)) : resolve(data.dir, v));
  if (data.value.nodes) data.value.nodes = resolveAll(data.value.nodes);
  if (data.value.edges) data.value.edges = resolveAll(data.value.edges);
  if (data.value.source === 'csv' && !data.value.nodes) throw new InputError("data.source is 'csv' but data.nodes is not set", { file: file ?? '(default config)', key: 'data.nodes' });
  const cfg: RunConfig = {
    name: top.name as string,
    seed: top.seed as number,
    threads: top.threads as number,
    out: top.out as string,
    data: data.value,
    graph: section<GraphConfig>('graph', graphSchema).value,
    model: section<ModelConfig>('model', modelSchema).value,
    method: section<MethodConfig>('method', methodSchema).value,
    ...(top.study ? { study: top.study as Record<string, unknown> } : {}),
  };
  return { ...cfg, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}
