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

/**
 * The synthetic survey's units keep these colours whichever units a survey reaches (a class list
 * without the paleochannel does not shift the colours of the others).
 */
const NAMED_CLASS_COLORS: Record<string, string> = {
  'sand-cover': '#E69F00', 'clay-cover': '#56B4E9', paleochannel: '#009E73', saprolite: '#F0E442', basement: '#0072B2', 'shear-zone': '#CC79A7',
};

/**
 * Colours of a class list: the synthetic units their own; every other class the palette's colours
 * in class-list order, skipping those taken. The same class list always gets the same colours.
 */
export function classColors(classes: string[]): string[] {
  const taken = new Set(classes.map((c) => (Object.hasOwn(NAMED_CLASS_COLORS, c) ? NAMED_CLASS_COLORS[c] : null)).filter((c) => c !== null));
  const free = CLASS_PALETTE.filter((c) => !taken.has(c));
  let next = 0;
  return classes.map((c) => (Object.hasOwn(NAMED_CLASS_COLORS, c) ? NAMED_CLASS_COLORS[c] : free[next++ % free.length]));
}

/** Agreement with the label: right, wrong, unlabelled; none of them a class colour, so the panels are not read as classes. */
export const AGREE = { right: '#cccccc', wrong: '#e41a1c', none: '#ffffff' };
