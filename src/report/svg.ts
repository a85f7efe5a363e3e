/* Plain SVG building blocks: linear scales with round ticks, axes, legends (every label escaped). */

import { escapeHtml } from '../util/escape';

/** A linear map from a data interval onto a pixel interval. */
export interface Scale { (v: number): number; lo: number; hi: number }
export function linear(lo: number, hi: number, p0: number, p1: number): Scale {
  const span = hi - lo || 1;
  const f = ((v: number) => p0 + ((v - lo) / span) * (p1 - p0)) as Scale;
  f.lo = lo;
  f.hi = hi;
  return f;
}

/** About `n` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** 2nd, 3rd, 4th, 11th, 21st: for 'every k-th' notes. */
export const ordinal = (k: number) => `${k}${k % 100 >= 11 && k % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][k % 10] ?? 'th'}`;

export const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

/** An SVG document of the given size with a title (shown as a tooltip and read by screen readers). */
export function svgDoc(w: number, h: number, title: string, body: string, cls = 'figure'): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif" font-size="11"><title>${escapeHtml(title)}</title><rect width="${w}" height="${h}" fill="#fff"/>${body}</svg>`;
}

/** A tick at data value v with its text; `full`, where the text is cut, shows as its tooltip. */
export interface Tick { v: number; label: string; full?: string }
/** A tick's text, with the whole name as a tooltip where it was cut. */
export const tickText = (t: { label: string; full?: string }) => `${escapeHtml(t.label)}${t.full !== undefined && t.full !== t.label ? `<title>${escapeHtml(t.full)}</title>` : ''}`;
const roundTicks = (s: Scale): Tick[] => ticks(Math.min(s.lo, s.hi), Math.max(s.lo, s.hi)).map((v) => ({ v, label: fmt(v) }));

/** Bottom and left axes with ticks and labels (units in the labels); round ticks unless others are given (categories, log values). */
export function axes(x: Scale, y: Scale, xLabel: string, yLabel: string, box: { l: number; r: number; t: number; b: number }, given: { x?: Tick[]; y?: Tick[] } = {}): string {
  let s = `<g class="axes" stroke="#333" fill="none"><rect x="${box.l}" y="${box.t}" width="${box.r - box.l}" height="${box.b - box.t}"/></g>`;
  for (const t of given.x ?? roundTicks(x)) {
    const px = x(t.v);
    s += `<line x1="${px}" y1="${box.b}" x2="${px}" y2="${box.b + 4}" stroke="#333"/><text class="xtick" x="${px}" y="${box.b + 15}" text-anchor="middle">${tickText(t)}</text>`;
  }
  for (const t of given.y ?? roundTicks(y)) {
    const py = y(t.v);
    s += `<line x1="${box.l - 4}" y1="${py}" x2="${box.l}" y2="${py}" stroke="#333"/><text class="ytick" x="${box.l - 6}" y="${py + 4}" text-anchor="end">${tickText(t)}</text>`;
  }
  s += `<text class="xlabel" x="${(box.l + box.r) / 2}" y="${box.b + 30}" text-anchor="middle">${escapeHtml(xLabel)}</text>`;
  s += `<text class="ylabel" transform="translate(${box.l - 42},${(box.t + box.b) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`;
  return s;
}

/** A vertical colour bar for a continuous map, with its label (and units). */
export function colorBar(x: number, y: number, h: number, lo: number, hi: number, color: (t: number) => string, label: string): string {
  const n = 32;
  let s = '';
  for (let i = 0; i < n; i++) s += `<rect x="${x}" y="${y + h - ((i + 1) * h) / n}" width="12" height="${h / n + 0.5}" fill="${color(i / (n - 1))}"/>`;
  for (const v of ticks(lo, hi, 4)) {
    const py = y + h - ((v - lo) / (hi - lo || 1)) * h;
    s += `<text x="${x + 16}" y="${py + 4}">${fmt(v)}</text>`;
  }
  return `${s}<text x="${x}" y="${y - 6}">${escapeHtml(label)}</text>`;
}

/** A legend of swatches for categories. */
export function swatches(x: number, y: number, items: { label: string; color: string }[]): string {
  return items.map((it, i) => `<rect x="${x}" y="${y + i * 16}" width="12" height="12" fill="${it.color}" stroke="#555" stroke-width="0.5"/><text x="${x + 16}" y="${y + i * 16 + 10}">${escapeHtml(it.label)}</text>`).join('');
}

/** Smallest and largest of many numbers (a spread into Math.min overflows the stack past ~10⁵). */
export function minOf(a: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}
export function maxOf(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
