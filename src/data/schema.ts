import { InputError } from '../util/errors';

/** The JSON Schema subset geo-graphnet's configs use; the same objects serve editors and validation. */
export interface Schema {
  type?: 'object' | 'number' | 'integer' | 'string' | 'boolean' | 'array';
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: false;
  items?: Schema;
  minItems?: number;
  /** Either form is accepted (e.g. an inline object or a path to one). */
  anyOf?: readonly Schema[];
  nullable?: boolean;
}

/**
 * Check a value against a schema and fill in defaults, returning the completed copy. Unknown keys,
 * wrong types and values outside enums or ranges are errors that name the key path and the file.
 */
export function validate<T>(value: unknown, schema: Schema, file: string, path = ''): T {
  const where = { file, key: path || '(top level)' };
  if (value === null && schema.nullable) return value as T;
  if (schema.anyOf) {
    // when only one form has the value's JSON type, its own error is the useful one
    const sameType = schema.anyOf.filter((alt) => alt.type === jsonType(value) || (alt.type === 'integer' && jsonType(value) === 'number'));
    if (sameType.length === 1) return validate<T>(value, sameType[0], file, path);
    const errors: string[] = [];
    for (const alt of schema.anyOf) {
      try {
        return validate<T>(value, alt, file, path);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    throw new InputError(`matches none of the accepted forms: ${errors.join(' | ')}`, where);
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    throw new InputError(`is ${JSON.stringify(value)}, expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`, where);
  }
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`expected an object, got ${JSON.stringify(value)}`, where);
      const obj = value as Record<string, unknown>;
      // an object schema without properties is free-form (a search space, provenance): kept as is
      if (!schema.properties) return structuredClone(obj) as T;
      const props = schema.properties;
      if (schema.additionalProperties === false) {
        for (const k of Object.keys(obj)) {
          if (!(k in props)) throw new InputError(`unknown config key (known keys: ${Object.keys(props).join(', ')})`, { file, key: path ? `${path}.${k}` : k });
        }
      }
      for (const r of schema.required ?? []) if (!(r in obj)) throw new InputError('required key is missing', { file, key: path ? `${path}.${r}` : r });
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries(props)) {
        const child = path ? `${path}.${k}` : k;
        if (k in obj) out[k] = validate(obj[k], sub, file, child);
        else if (sub.default !== undefined) out[k] = validate(structuredClone(sub.default), sub, file, child);
      }
      return out as T;
    }
    case 'array': {
      if (!Array.isArray(value)) throw new InputError(`expected an array, got ${JSON.stringify(value)}`, where);
      if (schema.minItems !== undefined && value.length < schema.minItems) throw new InputError(`needs at least ${schema.minItems} items`, where);
      return value.map((v, i) => (schema.items ? validate(v, schema.items, file, `${path}[${i}]`) : v)) as T;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`expected a number, got ${JSON.stringify(value)}`, where);
      if (schema.type === 'integer' && !Number.isInteger(value)) throw new InputError(`expected an integer, got ${value}`, where);
      if (schema.minimum !== undefined && value < schema.minimum) throw new InputError(`is ${value}, must be ≥ ${schema.minimum}`, where);
      if (schema.maximum !== undefined && value > schema.maximum) throw new InputError(`is ${value}, must be ≤ ${schema.maximum}`, where);
      return value as T;
    }
    case 'string':
      if (typeof value !== 'string') throw new InputError(`expected a string, got ${JSON.stringify(value)}`, where);
      return value as T;
    case 'boolean':
      if (typeof value !== 'boolean') throw new InputError(`expected true or false, got ${JSON.stringify(value)}`, where);
      return value as T;
    default:
      return value as T;
  }
}

function jsonType(v: unknown): Schema['type'] {
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' || t === 'number' || t === 'string' || t === 'boolean' ? t : undefined;
}
