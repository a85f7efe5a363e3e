import type { FrozenTrial } from '../study/trial';
import { own } from '../util/own';
import { fmt, maxOf, minOf, ticks } from './svg';

/*
 * A search-space parameter as a figure axis: categories as evenly spaced bands named by their
 * choices, log-scaled numbers on a log axis, other numbers linear. Positions are fractions of the
 * axis (0 to 1), so a figure places them on any side; a trial without the parameter has none (NaN).
 */

/** A tick at position u with its text; `full` is a category's whole name where the text is cut. */
export interface AxisTick { u: number; label: string; full?: string }

export interface ParamAxis {
  name: string;
  kind: 'categorical' | 'log' | 'linear';
  /** The trial's position along the axis in [0, 1], or NaN when it has no value for the parameter. */
  at(t: FrozenTrial): number;
  ticks: AxisTick[];
  /** The axis title: the name, with '(log)' on a log axis. */
  label: string;
}

/** A choice as tick text: long ones are cut (the table gives them whole). */
const choiceLabel = (c: unknown) => { const s = String(c); return s.length > 16 ? `${s.slice(0, 15)}…` : s; };

/**
 * The axis of parameter `name` over the trials that have it, by the newest trial's distribution. A
 * trial is placed by its value, not its stored index, so choices edited between runs stay in their
 * bands; a value the axis cannot show (a choice no longer offered, a number on a categorical axis
 * or the reverse) has no position.
 */
export function paramAxis(trials: FrozenTrial[], name: string): ParamAxis {
  const having = trials.filter((t) => own(t.params, name) !== undefined);
  const dist = having.length ? own(having[having.length - 1].distributions, name) : undefined;
  if (dist?.kind === 'categorical') {
    const n = dist.choices.length;
    const pos = (i: number) => (i + 0.5) / n;
    return {
      name, kind: 'categorical', label: name,
      at: (t) => { const v = own(t.params, name); const i = v === undefined ? -1 : dist.choices.indexOf(v); return i < 0 ? NaN : pos(i); },
      ticks: dist.choices.map((c, i) => ({ u: pos(i), label: choiceLabel(c), full: String(c) })),
    };
  }
  const log = dist?.log === true;
  const tx = (v: number) => (log ? Math.log10(v) : v);
  const value = (t: FrozenTrial) => { const v = own(t.params, name); return typeof v === 'number' && own(t.distributions, name)?.kind !== 'categorical' ? tx(v) : NaN; };
  const vals = having.map(value).filter(Number.isFinite);
  let lo = minOf(vals), hi = maxOf(vals);
  if (!(hi > lo)) { lo = (Number.isFinite(lo) ? lo : 0) - 0.5; hi = lo + 1; }
  // a margin of 5 % so points at the ends are not drawn on the frame
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const u = (v: number) => (v - lo) / (hi - lo);
  return {
    name, kind: log ? 'log' : 'linear', label: log ? `${name} (log)` : name,
    at: (t) => { const v = value(t); return Number.isFinite(v) ? u(v) : NaN; },
    // an integer parameter is ticked at integers only
    ticks: ticks(lo, hi, log ? 4 : 5).filter((v) => dist?.kind !== 'int' || log || Number.isInteger(v)).map((v) => ({ u: u(v), label: log ? fmt(10 ** v) : fmt(v) })),
  };
}
