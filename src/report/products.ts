/**
 * Interpretation products per station (a sounding: the cells of one line at one x, y): the
 * elevation and depth of the top of each predicted unit, with an uncertainty band from the class
 * probabilities, and each unit's thickness. Units are ordered from top to bottom by the median
 * elevation of their labelled cells. The top of unit k is where the probability of being in unit k
 * or any unit below it first reaches q going down the sounding (linear between cell centres); q =
 * 0.5 gives the estimate, q = 0.1 and 0.9 the band (shallow and deep ends). Depth is measured from
 * the station's top cell, the shallowest point the data describes.
 */

export interface StationInput {
  classes: string[];
  n: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  group: string[];
  /** Class index of each node's label (−1: none), to order the units. */
  label: ArrayLike<number>;
  /** n × C class probabilities. */
  probs: ArrayLike<number>;
}

/** The top of one unit at one station, null where the unit is not reached within the sounding. */
export interface UnitTop { elevation: number | null; depth: number | null; shallow: number | null; deep: number | null }

export interface StationProducts {
  group: string;
  x: number;
  y: number;
  /** Elevation of the shallowest cell (depth 0). */
  topElevation: number;
  cells: number;
  /** Per unit below the first, in `units` order (index 0 is the first such unit). */
  tops: UnitTop[];
  /** Thickness of each unit in `units` order (the last: down to the base of the sounding), from the 0.5 tops. */
  thickness: (number | null)[];
}

export interface Products {
  /** Class indices from top to bottom. */
  units: number[];
  stations: StationProducts[];
}

/** Units from top to bottom: by the median elevation of their labelled cells (unlabelled classes last, in class order). */
export function unitOrder(inp: StationInput): number[] {
  const C = inp.classes.length;
  const zs: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < inp.n; i++) if (inp.label[i] >= 0 && Number.isFinite(inp.z[i])) zs[inp.label[i]].push(inp.z[i]);
  const median = zs.map((v) => (v.length ? v.sort((a, b) => a - b)[Math.floor(v.length / 2)] : -Infinity));
  return Array.from({ length: C }, (_, c) => c).sort((a, b) => median[b] - median[a] || a - b);
}

/** Elevation where a probability profile (top to bottom) first reaches q; null if it never does. */
function crossing(zs: number[], p: number[], q: number): number | null {
  if (p[0] >= q) return zs[0];
  for (let k = 1; k < p.length; k++) {
    if (p[k] >= q) {
      const t = (q - p[k - 1]) / (p[k] - p[k - 1]);
      return zs[k - 1] + t * (zs[k] - zs[k - 1]);
    }
  }
  return null;
}

/**
 * Stations: nodes sharing a group and an x, y (to the centimetre), their cells from top to bottom
 * (2-D data without z: one node each). A node without coordinates (allowed with an edge table)
 * belongs to no station.
 */
export function stationsOf(inp: Pick<StationInput, 'n' | 'x' | 'y' | 'group'> & { z: ArrayLike<number> | null }): { group: string; x: number; y: number; cells: number[] }[] {
  const byKey = new Map<string, number[]>();
  const z = inp.z;
  for (let i = 0; i < inp.n; i++) {
    if (!(Number.isFinite(inp.x[i]) && Number.isFinite(inp.y[i]) && (!z || Number.isFinite(z[i])))) continue;
    const key = `${inp.group[i]}\u0000${inp.x[i].toFixed(2)}\u0000${inp.y[i].toFixed(2)}`;
    let cells = byKey.get(key);
    if (!cells) byKey.set(key, (cells = []));
    cells.push(i);
  }
  return [...byKey.values()].map((cells) => {
    cells.sort((a, b) => (z ? z[b] - z[a] : 0) || a - b);
    return { group: inp.group[cells[0]], x: inp.x[cells[0]], y: inp.y[cells[0]], cells };
  });
}

/** Per-station products in the given unit order (default: by the labels in `inp`). */
export function stationProducts(inp: StationInput, units = unitOrder(inp)): Products {
  const C = inp.classes.length;
  const stations = stationsOf(inp).map(({ group, x, y, cells }): StationProducts => {
    const zs = cells.map((i) => inp.z[i]);
    const top = zs[0], bottom = zs[zs.length - 1];
    const tops = units.slice(1).map((_, k): UnitTop => {
      // probability of being in this unit or any below it, down the sounding
      const below = cells.map((i) => units.slice(k + 1).reduce((s, c) => s + inp.probs[i * C + c], 0));
      const mid = crossing(zs, below, 0.5), shallow = crossing(zs, below, 0.1), deep = crossing(zs, below, 0.9);
      return { elevation: mid, depth: mid === null ? null : top - mid, shallow: shallow === null ? null : top - shallow, deep: deep === null ? null : top - deep };
    });
    // unit k spans from its top (the station top for the first) to the next unit's top (or the bottom)
    const topOf = (k: number) => (k === 0 ? top : tops[k - 1].elevation);
    const thickness = units.map((_, k) => {
      const upper = topOf(k);
      if (upper === null) return null;
      let lower: number | null = bottom;
      for (let j = k + 1; j < units.length; j++) if (topOf(j) !== null) { lower = topOf(j); break; }
      return Math.max(0, upper - lower!);
    });
    return { group, x, y, topElevation: top, cells: cells.length, tops, thickness };
  });
  return { units, stations };
}
