import type { TSchema } from '@sinclair/typebox';
import { RunFileSchema, SECTION_NAMES, SECTIONS, StudySection } from './run_config';

/**
 * The config schemas as plain JSON Schema for editors (configs/schema/*.schema.json is this output;
 * a test keeps the files equal to it). Keys with a default are not marked required, since a config
 * may leave them out.
 */
export function jsonSchemas(): Record<string, object> {
  const doc = (title: string, s: TSchema) => ({ $schema: 'http://json-schema.org/draft-07/schema#', title, ...plain(s) });
  return {
    run: doc('geo-graphnet run config', RunFileSchema),
    study: doc('geo-graphnet study config', StudySection),
    ...Object.fromEntries(SECTION_NAMES.map((k) => [k, doc(`geo-graphnet ${k} section`, SECTIONS[k])])),
  };
}

/** A JSON copy without TypeBox's own keywords, with defaulted keys optional. */
function plain(s: unknown): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (k !== 'patternHint') out[k] = walk(x);
    if (Array.isArray(o.required) && o.properties) {
      const props = o.properties as Record<string, { default?: unknown }>;
      const required = (o.required as string[]).filter((k) => props[k]?.default === undefined);
      if (required.length) out.required = required;
      else delete out.required;
    }
    return out;
  };
  return walk(JSON.parse(JSON.stringify(s))) as Record<string, unknown>;
}
