/*
 * Colour maps. Values: viridis (perceptually uniform, readable in grey and by colour-blind
 * readers), from matplotlib's anchors at 0, 0.1, …, 1, interpolated linearly. Classes: the
 * Okabe–Ito palette, chosen to stay distinct under the common colour-vision deficiencies.
 */
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];
const CLASS_PALETTE = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#999999',
  '#332288', '#882255', '#999933', '#CC6677', '#DDCC77',
];

const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const hex = (c: number[]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** viridis at t in [0, 1] (clamped), quantised to `levels` steps so equal colours can be merged. */
export function viridis(t: number, levels = 64): string {
  const u = Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (levels - 1)) / (levels - 1);
  const x = u * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const a = rgb(VIRIDIS[i]), b = rgb(VIRIDIS[i + 1]);
  return hex(a.map((v, k) => v + (b[k] - v) * (x - i)));
}

/** Distinct class colours before they repeat. */
export const CLASS_COLORS = CLASS_PALETTE.length;

/** Colour of class k. */
export function classColor(k: number): string {
  return CLASS_PALETTE[k % CLASS_PALETTE.length];
}

/** Agreement with the label: right, wrong, unlabelled. */
export const AGREE = { right: '#009E73', wrong: '#D55E00', none: '#dddddd' };
