import { dirname, resolve } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { keepColumnProblem } from '../data/data_config';
import { transformIssues } from '../data/transforms';
import { InputError } from '../util/errors';
import { readJsonFile } from '../util/json_file';
import { parseSpace, setPath } from '../study/space';
import { RunSection, RunTopSection, SECTION_NAMES, SECTIONS, StudySection, type RunConfig, type SectionName, type StudyConfig } from './run_config';
import { checkSection, ConfigError, isReservedKey, reservedKeyIssues, type ConfigIssue } from './validate';

/** Where a run config's parts come from besides its file: the command line. */
export interface ConfigSources {
  /** Section files named on the command line (relative to the working folder); they replace the config's own. */
  sections?: Partial<Record<SectionName, string>>;
  /** 'key.path=value' assignments, applied last; a value is read as JSON when it parses (0.005, true, ["a"]), else as a string. */
  set?: string[];
  /** Top-level values from flags (--seed, --out, --name, --threads); undefined ones are ignored. */
  overrides?: { seed?: number; name?: string; out?: string; threads?: number };
}

export function readJson(file: string): unknown {
  return readJsonFile(file, 'config file');
}

/** The synthetic survey is built as a table of text: beyond this many cells it would not fit in memory. */
const MAX_SYNTHETIC_CELLS = 2e6;

const IDENT_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Parse `key.path=value`; the value is JSON when it parses, else the text itself. */
export function parseAssignment(a: string): { path: string[]; value: unknown } {
  const eq = a.indexOf('=');
  const key = eq < 0 ? a : a.slice(0, eq);
  if (eq < 0 || !IDENT_PATH.test(key)) throw new InputError(`--set takes key.path=value (e.g. --set method.lr=0.005), got '${a}'`);
  const text = a.slice(eq + 1);
  let value: unknown = text;
  try { value = JSON.parse(text); } catch { /* a bare word such as gat is a string */ }
  return { path: key.split('.'), value };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Load and validate a run config file (null: the built-in defaults), with command-line sources applied. */
export function loadRunConfig(file: string | null, sources: ConfigSources = {}): RunConfig {
  return resolveRunConfig(file === null ? {} : readJson(file), file, sources);
}

/**
 * Validate a run config given as parsed JSON. Sections given as strings are paths to JSON files,
 * relative to the file that names them; data tables inside a section are relative to that
 * section's file. Missing keys take their documented defaults. Every problem is collected (unknown
 * keys, wrong types, values out of range, reserved names) and reported together.
 */
export function resolveRunConfig(raw: unknown, file: string | null, sources: ConfigSources = {}): RunConfig {
  const label = file ?? '(built-in defaults)';
  const base = file === null ? process.cwd() : dirname(resolve(file));
  const issues: ConfigIssue[] = reservedKeyIssues(raw, label);
  if (issues.length) throw new ConfigError(issues);
  if (!isObject(raw)) throw new ConfigError([{ file: label, key: '(top level)', message: `expected an object, got ${JSON.stringify(raw)}` }]);
  const top: Record<string, unknown> = structuredClone(raw);
  // each section's text and the file it came from (anchors its relative paths and names its errors)
  const origin = {} as Record<SectionName, { file: string; dir: string }>;
  for (const k of SECTION_NAMES) {
    const cli = sources.sections?.[k];
    if (top[k] === '') throw new ConfigError([{ file: label, key: k, message: 'an empty path: give a JSON file, or the section inline' }]);
    const ref = cli !== undefined ? resolve(cli) : typeof top[k] === 'string' ? resolve(base, top[k] as string) : null;
    if (ref !== null) {
      top[k] = readJson(ref);
      const bad = reservedKeyIssues(top[k], ref, k);
      if (bad.length) throw new ConfigError(bad);
      origin[k] = { file: ref, dir: dirname(ref) };
    } else {
      origin[k] = { file: label, dir: base };
    }
    // a section file may name its schema for editors
    if (isObject(top[k])) delete (top[k] as Record<string, unknown>).$schema;
  }
  for (const [k, v] of Object.entries(sources.overrides ?? {})) if (v !== undefined) top[k] = v;
  // values set on the command line are reported as such, and their paths are relative to the working folder
  const setPaths: string[] = [];
  for (const a of sources.set ?? []) {
    const { path, value } = parseAssignment(a);
    const reserved = path.find(isReservedKey);
    if (reserved !== undefined) { issues.push({ file: '--set', key: path.join('.'), message: `'${reserved}' is a reserved name and cannot be a config key` }); continue; }
    let o = top;
    for (const k of path.slice(0, -1)) {
      if (o[k] === undefined) o[k] = {};
      if (!isObject(o[k])) { issues.push({ file: '--set', key: path.join('.'), message: `'${k}' is not a section here` }); o = {}; break; }
      o = o[k] as Record<string, unknown>;
    }
    o[path[path.length - 1]] = value;
    setPaths.push(path.join('.'));
  }
  // an issue at a set path, inside it, or at a section the path created
  const fromSet = (key: string) => setPaths.some((p) => key === p || key.startsWith(`${p}.`) || key.startsWith(`${p}[`) || p.startsWith(`${key}.`));
  const collect = <T>(schema: TSchema, value: unknown, file: string, prefix: string): T => {
    const r = checkSection<T>(schema, value, file, prefix);
    issues.push(...r.issues.map((i) => (fromSet(i.key) ? { ...i, file: '--set' } : i)));
    return r.value;
  };
  const topValue = collect<Record<string, unknown>>(RunTopSection, Object.fromEntries(Object.entries(top).filter(([k]) => !Object.hasOwn(SECTIONS, k))), label, '');
  const sections = Object.fromEntries(SECTION_NAMES.map((k) => [k, collect(SECTIONS[k], top[k], origin[k].file, k)])) as Pick<RunConfig, SectionName>;
  const { data, graph } = sections;
  const resolveFiles = (key: 'nodes' | 'edges') => {
    const v = data[key];
    if (v === undefined) return;
    const dir = fromSet(`data.${key}`) ? process.cwd() : origin.data.dir;
    data[key] = Array.isArray(v) ? v.map((f) => resolve(dir, f)) : resolve(dir, v);
  };
  // columns copied into predictions.csv may not take the name of one of its own columns
  if (isObject(data) && Array.isArray(data.keep)) {
    data.keep.forEach((c, k) => {
      const problem = typeof c === 'string' ? keepColumnProblem(c) : null;
      if (problem) issues.push({ file: fromSet('data.keep') ? '--set' : origin.data.file, key: `data.keep[${k}]`, message: problem });
    });
  }
  // data.depth and data.doi are copied into predictions.csv too
  for (const key of ['depth', 'doi'] as const) {
    const problem = isObject(data) && typeof data[key] === 'string' ? keepColumnProblem(data[key]) : null;
    if (problem) issues.push({ file: fromSet(`data.${key}`) ? '--set' : origin.data.file, key: `data.${key}`, message: problem });
  }
  if (issues.length === 0) {
    resolveFiles('nodes');
    resolveFiles('edges');
    // each node type's table, like data.nodes, relative to the file that names it
    const typesDir = fromSet('data.types') ? process.cwd() : origin.data.dir;
    for (const t of data.types) t.nodes = resolve(typesDir, t.nodes);
    const { method } = sections;
    if (method.costMatrix !== null) {
      if (!/\.(csv|csv\.gz|npy)$/i.test(method.costMatrix)) issues.push({ file: fromSet('method.costMatrix') ? '--set' : origin.method.file, key: 'method.costMatrix', message: `'${method.costMatrix}' is neither a CSV (.csv, .csv.gz) nor a NumPy array (.npy)` });
      method.costMatrix = resolve(fromSet('method.costMatrix') ? process.cwd() : origin.method.dir, method.costMatrix);
    }
    const cells = data.synthetic.lines * data.synthetic.stationsPerLine * data.synthetic.layers;
    if (cells > MAX_SYNTHETIC_CELLS) issues.push({ file: origin.data.file, key: 'data.synthetic', message: `${cells.toExponential(1)} cells (lines × stationsPerLine × layers); the generator makes at most ${MAX_SYNTHETIC_CELLS.toExponential(0)}` });
    const { model } = sections;
    if (model.layers > 2 && model.hidden * model.hidden * (model.layers - 2) > 2 ** 28) issues.push({ file: origin.model.file, key: 'model.layers', message: `${model.layers} layers of width ${model.hidden} hold more than 2^28 weights` });
    for (const key of ['stationSpacing', 'featureScale'] as const) {
      if (data.synthetic[key][0] > data.synthetic[key][1]) issues.push({ file: origin.data.file, key: `data.synthetic.${key}`, message: 'the first (smallest) value is larger than the second' });
    }
    if (model.directions !== 'none' && data.source === 'csv' && data.coords.z === null) issues.push({ file: origin.model.file, key: 'model.directions', message: 'tells neighbours above from those below by elevation: data.coords.z must name a column' });
    if (model.type === 'gat' && model.hidden * model.heads > 65536) issues.push({ file: origin.model.file, key: 'model.heads', message: `hidden × heads is ${model.hidden * model.heads}; at most 65536` });
    if (data.source === 'csv' && !data.nodes) issues.push({ file: origin.data.file, key: 'data.nodes', message: "data.source is 'csv' but no node table is given" });
    if (graph.method === 'line-knn' && graph.lineWeights.length !== graph.lineColumns.length) {
      issues.push({ file: origin.graph.file, key: 'graph.lineWeights', message: `has ${graph.lineWeights.length} weight(s) for ${graph.lineColumns.length} line column(s)` });
    }
    const graphIssue = (key: string, message: string) => issues.push({ file: fromSet(key) ? '--set' : origin.graph.file, key, message });
    if (graph.method === 'union' && graph.recipes.length === 0) graphIssue('graph.recipes', "method 'union' needs at least one builder here, e.g. [{ \"method\": \"group-depth\", \"k\": 2 }, { \"method\": \"cross-group-knn\", \"k\": 4 }]");
    if (graph.method !== 'union' && graph.recipes.length > 0) graphIssue('graph.recipes', `is read only with method 'union' (method is '${graph.method}')`);
    graph.recipes.forEach((r, i) => {
      if (r.method === 'line-knn' && r.lineWeights.length !== r.lineColumns.length) graphIssue(`graph.recipes[${i}].lineWeights`, `has ${r.lineWeights.length} weight(s) for ${r.lineColumns.length} line column(s)`);
      if (r.method === 'cross-group-knn' && r.scale !== null && r.scale.length !== r.columns.length) graphIssue(`graph.recipes[${i}].scale`, `has ${r.scale.length} entries for ${r.columns.length} column(s) (${r.columns.join(', ')})`);
    });
    const dataIssue = (key: string, message: string) => issues.push({ file: fromSet(key) ? '--set' : origin.data.file, key, message });
    for (const t of transformIssues(data.transforms)) dataIssue(t.key, t.message);
    if (data.every > 1 && data.source === 'csv' && data.edges !== undefined) dataIssue('data.every', 'thins the rows that an edge table links: not with data.edges');
    if (data.holdOut !== null && data.split !== null) dataIssue('data.holdOut', `and data.split ('${data.split}') both say which rows are held out: keep one`);
  }
  if (issues.length) throw new ConfigError(issues);
  const { $schema: _editorHint, ...rest } = topValue;
  // the output root, like every path in a config, is relative to the config file; from the command
  // line (--out, --set out=…), or without a config file, it is relative to the working folder
  const outBase = sources.overrides?.out !== undefined || setPaths.includes('out') ? process.cwd() : base;
  return { ...(rest as Omit<RunConfig, SectionName>), out: resolve(outBase, rest.out as string), ...sections };
}

/** A study config with its base run config, both validated; space keys must name run config keys. */
export function loadStudyConfig(file: string, sources: ConfigSources = {}): { study: StudyConfig; run: RunConfig; runFile: string } {
  const issues: ConfigIssue[] = [];
  const raw = readJson(file);
  const bad = reservedKeyIssues(raw, file);
  if (bad.length) throw new ConfigError(bad);
  const r = checkSection<StudyConfig>(StudySection, raw, file);
  issues.push(...r.issues);
  if (issues.length) throw new ConfigError(issues);
  const study = r.value;
  const runFile = typeof study.run === 'string' ? resolve(dirname(resolve(file)), study.run) : resolve(file);
  const runRaw = typeof study.run === 'string' ? readJson(runFile) : study.run;
  const run = resolveRunConfig(runRaw, runFile, sources);
  for (const key of Object.keys(study.space)) {
    if (!schemaHasKey(RunSection, key)) issues.push({ file, key: `space.${key}`, message: `'${key}' is not a run config key (e.g. model.hidden, method.lr, data.features)` });
  }
  try {
    parseSpace(study.space);
  } catch (e) {
    issues.push({ file, key: 'space', message: (e as Error).message });
  }
  if (issues.length === 0) issues.push(...spaceValueIssues(study, run, file));
  if (issues.length) throw new ConfigError(issues);
  return { study, run, runFile };
}

/** Whether a dotted path names a key of an object schema (through nested sections). */
function schemaHasKey(schema: TSchema, dotted: string): boolean {
  let s: TSchema | undefined = schema;
  for (const k of dotted.split('.')) {
    s = s?.properties && Object.prototype.hasOwnProperty.call(s.properties, k) ? s.properties[k] : undefined;
    if (!s) return false;
  }
  return true;
}

/**
 * Every value a search space can give (a range's ends, each choice) checked against the schema of
 * the section it sets, so that a trial never fails on a value the study itself asked for.
 */
function spaceValueIssues(study: StudyConfig, run: RunConfig, file: string): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const [key, e] of Object.entries(study.space)) {
    const section = key.split('.')[0];
    if (!Object.hasOwn(SECTIONS, section)) continue;
    const values = e.type === 'categorical' ? e.choices : [e.low, e.high];
    for (const v of values) {
      const cfg = structuredClone(run) as unknown as Record<string, unknown>;
      setPath(cfg, key, v);
      const problem = checkSection(SECTIONS[section as SectionName], cfg[section], file, section).issues[0];
      if (problem) {
        out.push({ file, key: `space.${key}`, message: `the value ${JSON.stringify(v)} is not a valid ${problem.key}: ${problem.message}` });
        break;
      }
    }
  }
  return out;
}
