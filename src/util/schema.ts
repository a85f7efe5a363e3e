import { Type, type Static, type TLiteral, type TObject, type TProperties, type TSchema, type TUnion } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/*
 * Small builders over TypeBox for the config sections. Each layer declares its section with these;
 * the same schema object is the TypeScript type (Static), the defaults, the JSON Schema written to
 * configs/schema/ and the validator (src/config/validate.ts).
 */

/** A section or sub-object: unknown keys are errors, and a missing object is filled with its defaults. */
export const Section = <P extends TProperties>(description: string, properties: P, options: { default?: unknown } = { default: {} }): TObject<P> =>
  Type.Object(properties, { description, additionalProperties: false, ...options });

export const Num = (description: string, dflt: number, minimum?: number, maximum?: number) =>
  Type.Number({ description, default: dflt, ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) });
export const Int = (description: string, dflt: number, minimum?: number, maximum?: number) =>
  Type.Integer({ description, default: dflt, ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) });
export const Bool = (description: string, dflt: boolean) => Type.Boolean({ description, default: dflt });

/** One of the given strings (or numbers). */
export function OneOf<const T extends readonly (string | number)[]>(values: T, description: string, dflt?: T[number]): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)) as never, { description, ...(dflt !== undefined ? { default: dflt } : {}) }) as never;
}

/** A value or null. */
export const Nullable = <T extends TSchema>(s: T, description: string, dflt: unknown = null) => Type.Union([s, Type.Null()], { description, default: dflt });

/** A section's value with every default filled in and `given` on top (trusted input: tests, benchmarks, library callers). */
export function withDefaults<T extends TSchema>(schema: T, given: Partial<Static<T>> = {}): Static<T> {
  return Value.Default(schema, structuredClone(given)) as Static<T>;
}
