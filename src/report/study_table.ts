import type { ParamValue } from '../study/distributions';
import { STATE_NAMES, type FrozenTrial } from '../study/trial';
import { escapeHtml } from '../util/escape';
import { own } from '../util/own';

/*
 * The study as tables: every trial (number, state, value, duration, parameters), sortable by any
 * column in the page, and the best trial's parameters. Each cell carries its sort key in an
 * attribute; the page's script only reorders rows, it never builds markup from data.
 */

/** Seconds from start to completion, or NaN for a trial still running (or without times). */
export function durationSeconds(t: FrozenTrial): number {
  if (!t.datetimeStart || !t.datetimeComplete) return NaN;
  return (Date.parse(t.datetimeComplete) - Date.parse(t.datetimeStart)) / 1000;
}

/** A number as the table shows it: up to 6 significant digits. */
const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '');
/** A value as the table shows it (empty when absent or not finite). */
const shown = (v: ParamValue | undefined) => (v === undefined || v === null ? '' : typeof v === 'number' ? num(v) : String(v));
/** A cell with its sort key: numbers sort as numbers, text as text, empty cells last. */
function cell(v: ParamValue | undefined): string {
  const key = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : shown(v);
  return `<td${typeof v === 'string' || typeof v === 'boolean' ? ' class="text"' : ''} data-sort="${escapeHtml(key)}">${escapeHtml(shown(v))}</td>`;
}

/** The sortable trials table; `params` gives the parameter columns in order. */
export function trialsTable(trials: FrozenTrial[], params: string[]): string {
  const heads = ['number', 'state', 'value', 'duration (s)', ...params];
  const types = ['num', 'text', 'num', 'num', ...params.map((p) => (trials.some((t) => typeof own(t.params, p) === 'string' || typeof own(t.params, p) === 'boolean') ? 'text' : 'num'))];
  const head = heads.map((h, k) => `<th data-type="${types[k]}"><button type="button" class="sort" data-col="${k}">${escapeHtml(h)}</button></th>`).join('');
  const rows = trials.map((t) => {
    const value = t.values && t.values.length ? t.values[0] : undefined;
    return `<tr>${cell(t.number)}${cell(STATE_NAMES[t.state])}${cell(value)}${cell(durationSeconds(t))}${params.map((p) => cell(own(t.params, p))).join('')}</tr>`;
  });
  return `<p>Click a column's name to sort by it; click again to reverse.</p><div class="table-wrap"><table id="trials" class="trials"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The best trial's number, value and parameters. */
export function bestTrialTable(best: FrozenTrial): string {
  const rows = Object.keys(best.params).sort().map((p) => `<tr><td class="text">${escapeHtml(p)}</td><td>${escapeHtml(shown(best.params[p]))}</td></tr>`);
  return `<p>Trial <strong id="best-number">${best.number}</strong>: objective value <strong id="best-value">${num(best.values![0])}</strong>${Number.isFinite(durationSeconds(best)) ? `, ${num(durationSeconds(best))} s` : ''}.</p><table id="best-params"><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
