/*
 * Search-space distributions in Optuna's journal form: a name and attributes, values stored in
 * an internal representation (floats and ints as numbers, categoricals as the choice's index).
 */

export type ParamValue = number | string | boolean | null;

export interface FloatDistribution { kind: 'float'; low: number; high: number; log: boolean; step: number | null }
export interface IntDistribution { kind: 'int'; low: number; high: number; log: boolean; step: number }
export interface CategoricalDistribution { kind: 'categorical'; choices: ParamValue[] }
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** The distribution as Optuna's distribution_to_json writes it. */
export function distributionToJson(d: Distribution): string {
  if (d.kind === 'float') return JSON.stringify({ name: 'FloatDistribution', attributes: { step: d.step, low: d.low, high: d.high, log: d.log } });
  if (d.kind === 'int') return JSON.stringify({ name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
  return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
}

/** Read Optuna's JSON (also its older Uniform/LogUniform/IntUniform names). */
export function distributionFromJson(s: string): Distribution {
  const { name, attributes: a } = JSON.parse(s) as { name: string; attributes: Record<string, unknown> };
  switch (name) {
    case 'FloatDistribution': return { kind: 'float', low: a.low as number, high: a.high as number, log: Boolean(a.log), step: (a.step as number | null) ?? null };
    case 'UniformDistribution': return { kind: 'float', low: a.low as number, high: a.high as number, log: false, step: null };
    case 'LogUniformDistribution': return { kind: 'float', low: a.low as number, high: a.high as number, log: true, step: null };
    case 'DiscreteUniformDistribution': return { kind: 'float', low: a.low as number, high: a.high as number, log: false, step: a.q as number };
    case 'IntDistribution': return { kind: 'int', low: a.low as number, high: a.high as number, log: Boolean(a.log), step: (a.step as number) ?? 1 };
    case 'IntUniformDistribution': return { kind: 'int', low: a.low as number, high: a.high as number, log: false, step: (a.step as number) ?? 1 };
    case 'IntLogUniformDistribution': return { kind: 'int', low: a.low as number, high: a.high as number, log: true, step: 1 };
    case 'CategoricalDistribution': return { kind: 'categorical', choices: a.choices as ParamValue[] };
    default: throw new Error(`unknown distribution '${name}'`);
  }
}

export function toInternal(d: Distribution, v: ParamValue): number {
  if (d.kind !== 'categorical') return v as number;
  const i = d.choices.findIndex((c) => c === v);
  if (i < 0) throw new Error(`${JSON.stringify(v)} is not one of the choices ${JSON.stringify(d.choices)}`);
  return i;
}

export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.kind === 'categorical') return d.choices[internal];
  return d.kind === 'int' ? Math.round(internal) : internal;
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  return distributionToJson(a) === distributionToJson(b);
}

/** Single-value distributions need no sampling. */
export function isSingle(d: Distribution): boolean {
  if (d.kind === 'categorical') return d.choices.length === 1;
  return d.low === d.high || (d.step !== null && d.high - d.low < d.step);
}
