import { Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError, type ValueErrorIterator } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { InputError } from '../util/errors';

/** One problem in a config: the file it came from, the dotted key path and what is wrong. */
export interface ConfigIssue { file: string; key: string; message: string }

/** Every problem found in a config (not just the first), each on its own line. */
export class ConfigError extends InputError {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.file}, key '${i.key}': ${i.message}`).join('\n'));
  }
}

/** Keys that would reach an object's prototype if a config were ever merged naively. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
export const isReservedKey = (k: string): boolean => RESERVED.has(k);

/** No config is nested this deep; a deeper value is refused before anything walks it recursively. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * Issues for reserved key names anywhere in a parsed JSON value, and for nesting deeper than
 * MAX_CONFIG_DEPTH (checked with an explicit stack, so a hostile file cannot overflow ours).
 */
export function reservedKeyIssues(value: unknown, file: string, prefix = ''): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const stack: { v: unknown; key: string; depth: number }[] = [{ v: value, key: prefix, depth: 0 }];
  while (stack.length) {
    const { v, key, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_CONFIG_DEPTH) {
      out.push({ file, key: key || '(top level)', message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` });
      break;
    }
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, key: `${key}[${i}]`, depth: depth + 1 }));
    else {
      for (const k of Object.keys(v)) {
        const child = key ? `${key}.${k}` : k;
        if (RESERVED.has(k)) out.push({ file, key: child, message: `'${k}' is a reserved name and cannot be a config key` });
        else stack.push({ v: (v as Record<string, unknown>)[k], key: child, depth: depth + 1 });
      }
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();
function checkerOf(schema: TSchema): TypeCheck<TSchema> {
  let c = compiled.get(schema);
  if (!c) { c = TypeCompiler.Compile(schema); compiled.set(schema, c); }
  return c;
}

/**
 * Check a config value against its section's schema after filling in the defaults. Returns the
 * completed copy and every issue found (key paths start with `prefix`).
 */
export function checkSection<T>(schema: TSchema, value: unknown, file: string, prefix = ''): { value: T; issues: ConfigIssue[] } {
  const issues = reservedKeyIssues(value, file, prefix);
  if (issues.length) return { value: value as T, issues };
  const filled = defaultTagged(schema, Value.Default(schema, structuredClone(value === undefined ? schema.default : value)));
  const checker = checkerOf(schema);
  if (checker.Check(filled)) return { value: filled as T, issues: [] };
  // one issue per key: a missing key is reported as missing, not also as the wrong type
  const byKey = new Map<string, string>();
  for (const e of explain(checker.Errors(filled))) {
    const key = keyOf(prefix, e.path);
    if (!byKey.has(key) || e.message === MISSING) byKey.set(key, e.message);
  }
  for (const [key, message] of byKey) issues.push({ file, key, message });
  return { value: filled as T, issues };
}

/** A section's value with defaults filled in; throws a ConfigError listing every issue. */
export function validateSection<T>(schema: TSchema, value: unknown, file: string, prefix = ''): T {
  const r = checkSection<T>(schema, value, file, prefix);
  if (r.issues.length) throw new ConfigError(r.issues);
  return r.value;
}

/** The key that tells a union's object alternatives apart (each has it as a constant), or null. */
function tagOf(variants: TSchema[]): string | null {
  return ['type', 'op', 'method'].find((k) => variants.length > 0 && variants.every((s) => s.properties?.[k]?.const !== undefined)) ?? null;
}

/**
 * Defaults inside unions of tagged objects (a recipe's builders, a transform list): TypeBox fills
 * an alternative's defaults only when the result is valid, so one bad value would leave every key
 * of its object unfilled and each reported as missing. The alternative the tag names is filled
 * instead, valid or not.
 */
function defaultTagged(schema: TSchema, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    if (schema[Kind] === 'Array' && schema.items) value.forEach((v, i) => { value[i] = defaultTagged(schema.items as TSchema, v); });
    return value;
  }
  const o = value as Record<string, unknown>;
  if (schema[Kind] === 'Union') {
    const variants = (schema.anyOf ?? []) as TSchema[];
    const tag = tagOf(variants);
    const chosen = tag === null ? undefined : variants.find((s) => s.properties[tag].const === o[tag]);
    return chosen ? defaultTagged(chosen, Value.Default(chosen, o)) : value;
  }
  if (schema[Kind] === 'Object' && schema.properties) {
    for (const [k, s] of Object.entries(schema.properties as Record<string, TSchema>)) if (Object.hasOwn(o, k)) o[k] = defaultTagged(s, o[k]);
  } else if (schema[Kind] === 'Record') {
    const s = Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>)[0];
    if (s) for (const k of Object.keys(o)) o[k] = defaultTagged(s, o[k]);
  }
  return value;
}

/** '/method/lr' → 'method.lr', '/scale/1' → 'scale[1]'. */
function keyOf(prefix: string, path: string): string {
  let key = prefix;
  for (const part of path.split('/').slice(1)) {
    const p = part.replace(/~1/g, '/').replace(/~0/g, '~');
    key = /^\d+$/.test(p) ? `${key}[${p}]` : key ? `${key}.${p}` : p;
  }
  return key || '(top level)';
}

const MISSING = 'required key is missing';
const show = (v: unknown): string => (v === undefined ? 'nothing' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v));

/** A readable message per failing value; unions are resolved to the alternative the value meant. */
function* explain(errors: ValueErrorIterator | Iterable<ValueError>): Generator<{ path: string; message: string }> {
  for (const e of errors) {
    if (e.type === ValueErrorType.Union) yield* explainUnion(e);
    else yield { path: e.path, message: messageOf(e) };
  }
}

function* explainUnion(e: ValueError): Generator<{ path: string; message: string }> {
  const variants = (e.schema.anyOf ?? []) as TSchema[];
  if (variants.every((s) => s.const !== undefined || s[Kind] === 'Null')) {
    yield { path: e.path, message: `is ${show(e.value)}, expected one of ${variants.map(describe).join(', ')}` };
    return;
  }
  // objects told apart by a tag ('type' of a search-space entry, 'method' of a recipe's builder,
  // 'op' of a transform): judge the value by the alternative it names
  const key = tagOf(variants);
  if (key !== null && typeof e.value === 'object' && e.value !== null && !Array.isArray(e.value)) {
    const tag = (e.value as Record<string, unknown>)[key];
    const i = variants.findIndex((s) => s.properties[key].const === tag);
    if (i < 0) yield { path: `${e.path}/${key}`, message: `is ${show(tag)}, expected one of ${variants.map((s) => JSON.stringify(s.properties[key].const)).join(', ')}` };
    else yield* explain(e.errors[i]);
    return;
  }
  // otherwise the alternative of the value's JSON type (a path or an inline object, a number or null)
  const same = variants.map((s, i) => [s, i] as const).filter(([s]) => jsonTypeMatches(s, e.value));
  if (same.length === 1) { yield* explain(e.errors[same[0][1]]); return; }
  yield { path: e.path, message: `expected ${variants.map(describe).join(' or ')}, got ${show(e.value)}` };
}

function jsonTypeMatches(s: TSchema, v: unknown): boolean {
  switch (s[Kind]) {
    case 'Null': return v === null;
    case 'String': return typeof v === 'string';
    case 'Number': case 'Integer': return typeof v === 'number';
    case 'Boolean': return typeof v === 'boolean';
    case 'Array': return Array.isArray(v);
    case 'Object': case 'Record': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'Literal': return typeof v === typeof s.const;
    case 'Union': return (s.anyOf as TSchema[]).some((a) => jsonTypeMatches(a, v));
    default: return false;
  }
}

function describe(s: TSchema): string {
  switch (s[Kind]) {
    case 'Null': return 'null';
    case 'String': return 'a string';
    case 'Number': return 'a number';
    case 'Integer': return 'an integer';
    case 'Boolean': return 'true or false';
    case 'Array': return 'an array';
    case 'Object': case 'Record': return 'an object';
    case 'Literal': return JSON.stringify(s.const);
    case 'Union': return (s.anyOf as TSchema[]).map(describe).join(' or ');
    default: return 'a value';
  }
}

function messageOf(e: ValueError): string {
  const s = e.schema;
  const v = e.value;
  switch (e.type) {
    case ValueErrorType.ObjectAdditionalProperties: return `unknown config key (known keys: ${Object.keys(s.properties ?? {}).join(', ')})`;
    case ValueErrorType.ObjectRequiredProperty: return MISSING;
    case ValueErrorType.Object: return `expected an object, got ${show(v)}`;
    case ValueErrorType.Array: return `expected an array, got ${show(v)}`;
    case ValueErrorType.ArrayMinItems: return `needs at least ${s.minItems} item(s), got ${show(v)}`;
    case ValueErrorType.ArrayMaxItems: return `takes at most ${s.maxItems} item(s), got ${show(v)}`;
    case ValueErrorType.String: return `expected a string, got ${show(v)}`;
    case ValueErrorType.StringMinLength: return s.minLength === 1 ? 'must not be empty' : `needs at least ${s.minLength} characters`;
    case ValueErrorType.StringPattern: return `is ${show(v)}: ${s.patternHint ?? `must match ${s.pattern}`}`;
    case ValueErrorType.Boolean: return `expected true or false, got ${show(v)}`;
    case ValueErrorType.Number: return `expected a number, got ${show(v)}`;
    case ValueErrorType.Integer: return `expected an integer, got ${show(v)}`;
    case ValueErrorType.NumberMinimum: case ValueErrorType.IntegerMinimum: return `is ${show(v)}, must be ≥ ${s.minimum}`;
    case ValueErrorType.NumberMaximum: case ValueErrorType.IntegerMaximum: return `is ${show(v)}, must be ≤ ${s.maximum}`;
    case ValueErrorType.NumberExclusiveMinimum: case ValueErrorType.IntegerExclusiveMinimum: return `is ${show(v)}, must be > ${s.exclusiveMinimum}`;
    case ValueErrorType.NumberExclusiveMaximum: case ValueErrorType.IntegerExclusiveMaximum: return `is ${show(v)}, must be < ${s.exclusiveMaximum}`;
    case ValueErrorType.Literal: return `is ${show(v)}, expected ${JSON.stringify(s.const)}`;
    case ValueErrorType.Null: return `expected null, got ${show(v)}`;
    default: return `${e.message}, got ${show(v)}`;
  }
}
