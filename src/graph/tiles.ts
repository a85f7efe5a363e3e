/**
 * Nodes split into about `count` spatial tiles: a grid of near-square cells over the x–y extent of
 * the nodes with finite coordinates (nodes without go to the first tile), or consecutive blocks of
 * node ids when the nodes have no extent (a table without coordinates). Each tile lists its nodes
 * in increasing id; empty cells are dropped. Depends only on the coordinates, so every process
 * that reads the same survey cuts the same tiles.
 */
export function spatialTiles(x: ArrayLike<number>, y: ArrayLike<number>, count: number): Int32Array[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`tiles: the count must be an integer ≥ 1, got ${count}`);
  const n = x.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
  }
  const w = x1 - x0, h = y1 - y0;
  const cellOf = new Int32Array(n);
  let cells: number;
  if (!(w > 0) && !(h > 0)) {
    cells = Math.min(count, Math.max(1, n));
    for (let i = 0; i < n; i++) cellOf[i] = Math.floor((i * cells) / n);
  } else {
    const nx = !(h > 0) ? count : !(w > 0) ? 1 : Math.max(1, Math.min(count, Math.round(Math.sqrt((count * w) / h))));
    const ny = Math.max(1, Math.round(count / nx));
    cells = nx * ny;
    const at = (v: number, lo: number, span: number, k: number) => (span > 0 ? Math.min(k - 1, Math.floor(((v - lo) / span) * k)) : 0);
    for (let i = 0; i < n; i++) {
      cellOf[i] = Number.isFinite(x[i]) && Number.isFinite(y[i]) ? at(y[i], y0, h, ny) * nx + at(x[i], x0, w, nx) : 0;
    }
  }
  const size = new Int32Array(cells);
  for (let i = 0; i < n; i++) size[cellOf[i]]++;
  const tiles = Array.from(size, (s) => new Int32Array(s));
  const fill = new Int32Array(cells);
  for (let i = 0; i < n; i++) tiles[cellOf[i]][fill[cellOf[i]]++] = i;
  return tiles.filter((t) => t.length > 0);
}
