import type { Distribution, ParamValue } from './distributions';

/** One searched parameter: a dotted path into the run config, its distribution, and when it applies. */
export interface SpaceParam {
  name: string;
  distribution: Distribution;
  /** Sampled only when every named earlier parameter has the given value (GAT heads only for GAT). */
  when?: Record<string, ParamValue>;
}

export interface SpaceEntry {
  type: 'float' | 'int' | 'categorical';
  low?: number;
  high?: number;
  log?: boolean;
  step?: number;
  choices?: ParamValue[];
  when?: Record<string, ParamValue>;
}

/** The study config's search space, in its key order (conditions may name only earlier keys). */
export function parseSpace(space: Record<string, SpaceEntry>): SpaceParam[] {
  const out: SpaceParam[] = [];
  for (const [name, e] of Object.entries(space)) {
    let distribution: Distribution;
    if (e.type === 'categorical') {
      if (!e.choices || e.choices.length === 0) throw new Error(`space.${name}: categorical needs choices`);
      distribution = { kind: 'categorical', choices: e.choices };
    } else {
      if (e.low === undefined || e.high === undefined || !(e.low <= e.high)) throw new Error(`space.${name}: needs low ≤ high`);
      if (e.log && e.low <= 0) throw new Error(`space.${name}: a log scale needs low > 0`);
      if (e.log && e.step !== undefined && e.step !== 1 && e.type === 'int') throw new Error(`space.${name}: log-scaled ints take no step`);
      distribution = e.type === 'int'
        ? { kind: 'int', low: e.low, high: e.high, log: Boolean(e.log), step: e.step ?? 1 }
        : { kind: 'float', low: e.low, high: e.high, log: Boolean(e.log), step: e.step ?? null };
    }
    for (const k of Object.keys(e.when ?? {})) {
      if (!out.some((p) => p.name === k)) throw new Error(`space.${name}: condition on '${k}', which is not an earlier parameter`);
    }
    out.push({ name, distribution, when: e.when });
  }
  return out;
}

/** Whether a parameter applies given the values chosen so far. */
export function isActive(p: SpaceParam, chosen: Record<string, ParamValue>): boolean {
  return Object.entries(p.when ?? {}).every(([k, v]) => chosen[k] === v);
}

/** Set a dotted path ("model.hidden") in a config object. Strings with '+' name feature subsets. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) throw new Error(`config has no section '${k}' for parameter '${path}'`);
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  o[last] = Array.isArray(o[last]) && typeof value === 'string' ? value.split('+') : value;
}
