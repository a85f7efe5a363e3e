import { GridIndex } from '../spatial/grid_index';
import { NeighbourHeap } from '../spatial/neighbour_heap';
import type { EdgeList } from './graph';

/** Layered survey nodes: position, depth-like coordinate and the flight line each belongs to. */
export interface LayeredNodes {
  x: Float64Array;
  y: Float64Array;
  /** Elevation (larger is shallower); null when unknown, then layers follow node order. */
  z: Float64Array | null;
  line: Int32Array;
}

interface Line { stations: number[][]; cx: number; cy: number; dir: [number, number] }

/**
 * The lattice of a layered section (airborne-EM stations × layers), everything inferred from the
 * data: stations are nodes sharing (x, y) within a line; layers are a station's nodes ordered from
 * the top; stations are ordered along the line's principal direction; lines are ordered across the
 * survey. Links: up/down within a station (to `verticalReach` layers each way), to the same layer of the next station along the line,
 * and to the same layer of the `acrossK` nearest stations on each neighbouring line.
 */
export function latticeEdges(nodes: LayeredNodes, acrossK: number, scale: number[] = [1, 1, 1], verticalReach = 1): EdgeList {
  const lines = groupStations(nodes);
  const src: number[] = [], dst: number[] = [];
  const link = (a: number, b: number) => { src.push(a); dst.push(b); };
  for (const ln of lines) {
    for (let s = 0; s < ln.stations.length; s++) {
      const st = ln.stations[s];
      for (let k = 0; k < st.length; k++) for (let r = 1; r <= verticalReach && k + r < st.length; r++) link(st[k], st[k + r]);
      const next = ln.stations[s + 1];
      if (next) for (let k = 0; k < Math.min(st.length, next.length); k++) link(st[k], next[k]);
    }
  }
  // order lines across the survey: project centroids on the normal of the mean line direction
  // (the average of each line's own direction, signs aligned; robust to short lines far apart)
  const dir: [number, number] = [0, 0];
  for (const ln of lines) {
    const sign = ln.dir[0] * lines[0].dir[0] + ln.dir[1] * lines[0].dir[1] < 0 ? -1 : 1;
    dir[0] += sign * ln.dir[0];
    dir[1] += sign * ln.dir[1];
  }
  const across = lines.map((ln, i) => ({ i, t: -dir[1] * ln.cx + dir[0] * ln.cy })).sort((a, b) => a.t - b.t || a.i - b.i);
  if (acrossK > 0) {
    for (let o = 0; o + 1 < across.length; o++) {
      const A = lines[across[o].i], B = lines[across[o + 1].i];
      linkAcross(A, B, acrossK, nodes, link);
      linkAcross(B, A, acrossK, nodes, link);
    }
  }
  const dist = new Float64Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const a = src[e], b = dst[e];
    const dz = nodes.z ? (nodes.z[a] - nodes.z[b]) * (scale[2] ?? 1) : 0;
    dist[e] = Math.hypot((nodes.x[a] - nodes.x[b]) * scale[0], (nodes.y[a] - nodes.y[b]) * scale[1], dz);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), dist };
}

/** Each station of A linked, layer by layer, to its k nearest stations of B. */
function linkAcross(A: Line, B: Line, k: number, nodes: LayeredNodes, link: (a: number, b: number) => void): void {
  const pos = new Float64Array(B.stations.length * 2);
  B.stations.forEach((st, j) => { pos[2 * j] = nodes.x[st[0]]; pos[2 * j + 1] = nodes.y[st[0]]; });
  const index = new GridIndex(pos, 2);
  const q = new Float64Array(2);
  const heapK = Math.min(k, B.stations.length);
  const heap = new NeighbourHeap(heapK);
  for (const st of A.stations) {
    q[0] = nodes.x[st[0]]; q[1] = nodes.y[st[0]];
    index.searchKnn(q, 0, -1, heap);
    for (let j = 0; j < heap.size; j++) {
      const other = B.stations[heap.idx[j]];
      for (let l = 0; l < Math.min(st.length, other.length); l++) link(st[l], other[l]);
    }
  }
}

function groupStations(nodes: LayeredNodes): Line[] {
  const byLine = new Map<number, Map<string, number[]>>();
  for (let i = 0; i < nodes.x.length; i++) {
    let m = byLine.get(nodes.line[i]);
    if (!m) byLine.set(nodes.line[i], (m = new Map()));
    const key = `${nodes.x[i]},${nodes.y[i]}`;
    const st = m.get(key);
    if (st) st.push(i); else m.set(key, [i]);
  }
  const lines: Line[] = [];
  for (const lineId of [...byLine.keys()].sort((a, b) => a - b)) {
    const stations = [...byLine.get(lineId)!.values()];
    for (const st of stations) if (nodes.z) st.sort((a, b) => nodes.z![b] - nodes.z![a] || a - b);
    const d = principalDirection(stations.map((st) => [nodes.x[st[0]], nodes.y[st[0]]]));
    const along = (st: number[]) => d[0] * nodes.x[st[0]] + d[1] * nodes.y[st[0]];
    stations.sort((a, b) => along(a) - along(b) || a[0] - b[0]);
    const cx = stations.reduce((s, st) => s + nodes.x[st[0]], 0) / stations.length;
    const cy = stations.reduce((s, st) => s + nodes.y[st[0]], 0) / stations.length;
    lines.push({ stations, cx, cy, dir: d });
  }
  return lines;
}

/** Unit vector of the largest spread of 2-D points (first principal component); x-axis if degenerate. */
export function principalDirection(pts: number[][]): [number, number] {
  const m = pts.length;
  if (m < 2) return [1, 0];
  let mx = 0, my = 0;
  for (const [x, y] of pts) { mx += x; my += y; }
  mx /= m; my /= m;
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of pts) { sxx += (x - mx) ** 2; syy += (y - my) ** 2; sxy += (x - mx) * (y - my); }
  if (sxx + syy === 0) return [1, 0];
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return [Math.cos(theta), Math.sin(theta)];
}
