import type { FrozenTrial } from '../study/trial';
import { fmt, maxOf, minOf, ticks } from './svg';

/*
 * A search-space parameter as a figure axis: categories as evenly spaced bands named by their
 * choices, log-scaled numbers on a log axis, other numbers linear. Positions are fractions of the
 * axis (0 to 1), so a figure places them on any side; a trial without the parameter has none (NaN).
 */

export interface AxisTick { u: number; label: string }

export interface ParamAxis {
  name: string;
  kind: 'categorical' | 'log' | 'linear';
  /** The trial's position along the axis in [0, 1], or NaN when it has no value for the parameter. */
  at(t: FrozenTrial): number;
  ticks: AxisTick[];
  /** The axis title: the name, with '(log)' on a log axis. */
  label: string;
}

const own = <T>(o: Record<string, T>, name: string): T | undefined => (Object.hasOwn(o, name) ? o[name] : undefined);
/** A choice as tick text: long ones are cut (the table gives them whole). */
const choiceLabel = (c: unknown) => { const s = String(c); return s.length > 16 ? `${s.slice(0, 15)}…` : s; };

/** The axis of parameter `name` over the trials that have it. */
export function paramAxis(trials: FrozenTrial[], name: string): ParamAxis {
  const having = trials.filter((t) => Object.hasOwn(t.params, name));
  const dist = having.length ? own(having[having.length - 1].distributions, name) : undefined;
  if (dist?.kind === 'categorical') {
    const n = dist.choices.length;
    const pos = (i: number) => (i + 0.5) / n;
    return {
      name, kind: 'categorical', label: name,
      at: (t) => { const i = own(t.internal, name); return i === undefined || own(t.params, name) === undefined ? NaN : pos(i); },
      ticks: dist.choices.map((c, i) => ({ u: pos(i), label: choiceLabel(c) })),
    };
  }
  const log = dist?.log === true;
  const tx = (v: number) => (log ? Math.log10(v) : v);
  const vals = having.map((t) => tx(Number(t.params[name]))).filter(Number.isFinite);
  let lo = minOf(vals), hi = maxOf(vals);
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  // a margin of 5 % so points at the ends are not drawn on the frame
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const u = (v: number) => (v - lo) / (hi - lo);
  return {
    name, kind: log ? 'log' : 'linear', label: log ? `${name} (log)` : name,
    at: (t) => { const v = own(t.params, name); return typeof v === 'number' && Number.isFinite(tx(v)) ? u(tx(v)) : NaN; },
    // an integer parameter is ticked at integers only
    ticks: ticks(lo, hi, log ? 4 : 5).filter((v) => dist?.kind !== 'int' || log || Number.isInteger(v)).map((v) => ({ u: u(v), label: log ? fmt(10 ** v) : fmt(v) })),
  };
}
