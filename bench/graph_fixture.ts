/*
 * Seeded benchmark graphs shared with the Python peers: N uniform points in the unit square, each
 * linked to its 8 nearest neighbours, symmetrised (about 9.4 directed edges per node), 8 normal
 * features and 5 random classes. Cached under bench/results/ as raw little-endian arrays.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knnEdges } from '../src/graph/point_graphs';
import { undirectedGraph } from '../src/graph/graph';
import { makeRng } from '../src/util/rng';

export const RESULTS = join(__dirname, 'results');
export const FEATURES = 8;
export const CLASSES = 5;

export interface BenchGraph { n: number; rowPtr: Int32Array; col: Int32Array; x: Float32Array; y: Int32Array }

/** Paths of the cached arrays for N nodes (rowPtr, col as int32; x as float32; y as int32). */
export function graphFiles(n: number): Record<'rowPtr' | 'col' | 'x' | 'y', string> {
  const base = join(RESULTS, `rgg_${n}`);
  return { rowPtr: `${base}.rowptr.i32`, col: `${base}.col.i32`, x: `${base}.x.f32`, y: `${base}.y.i32` };
}

/** The benchmark graph's point coordinates (n × 2), drawn again from its seed: its first draws. */
export function benchCoords(n: number): Float64Array {
  const rng = makeRng(`rgg-${n}`);
  return Float64Array.from({ length: 2 * n }, () => rng.next());
}

export function benchGraph(n: number): BenchGraph {
  const files = graphFiles(n);
  if (!existsSync(files.col)) {
    mkdirSync(RESULTS, { recursive: true });
    const rng = makeRng(`rgg-${n}`);
    const coords = Float64Array.from({ length: 2 * n }, () => rng.next());
    const e = knnEdges({ coords, dim: 2 }, 8);
    const g = undirectedGraph(n, e.src, e.dst, null);
    const x = Float32Array.from({ length: n * FEATURES }, () => rng.normal());
    const y = Int32Array.from({ length: n }, () => rng.int(CLASSES));
    writeFileSync(files.rowPtr, Buffer.from(Int32Array.from(g.adj.rowPtr).buffer));
    writeFileSync(files.col, Buffer.from(Int32Array.from(g.adj.col).buffer));
    writeFileSync(files.x, Buffer.from(x.buffer));
    writeFileSync(files.y, Buffer.from(y.buffer));
  }
  const read = (f: string) => { const b = readFileSync(f); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); };
  return { n, rowPtr: new Int32Array(read(files.rowPtr)), col: new Int32Array(read(files.col)), x: new Float32Array(read(files.x)), y: new Int32Array(read(files.y)) };
}
