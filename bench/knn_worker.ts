/*
 * Exact kNN timing in a process of its own: npx ts-node bench/knn_worker.ts <uniform|clustered|aem> <n> <k> <threads> [p]
 * Writes the points (float64) and our neighbour lists (int32) under bench/results/ for the scipy
 * peer to time and compare, and prints one JSON line.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GridIndex } from '../src/spatial/grid_index';
import { knnAll } from '../src/spatial/queries';
import { makeRng } from '../src/util/rng';
import { setThreads, shutdownThreads } from '../src/util/thread_pool';
import { RESULTS } from './graph_fixture';

/** Seeded point sets: uniform cube; tight Gaussian clusters; airborne-EM geometry (metres). */
export function pointSet(kind: string, n: number): Float64Array {
  const rng = makeRng(`${kind}-${n}`);
  const out = new Float64Array(3 * n);
  if (kind === 'uniform') {
    for (let i = 0; i < 3 * n; i++) out[i] = rng.next();
  } else if (kind === 'clustered') {
    const centres = Array.from({ length: 50 }, () => [rng.next(), rng.next(), rng.next()]);
    for (let i = 0; i < n; i++) {
      const c = centres[rng.int(50)];
      const s = i % 20 === 0 ? 0.2 : 0.003;
      for (let d = 0; d < 3; d++) out[3 * i + d] = c[d] + s * rng.normal();
    }
  } else if (kind === 'aem') {
    // lines 1 km apart, stations 10–25 m apart along them, 30 layers from 2 m thickening downwards
    const layers = 30;
    const stationsPerLine = 1000;
    let i = 0;
    for (let line = 0; i < n; line++) {
      let x = 0;
      for (let s = 0; s < stationsPerLine && i < n; s++) {
        x += 10 + 15 * rng.next();
        const y = line * 1000 + 5 * rng.normal();
        let z = 0;
        for (let l = 0; l < layers && i < n; l++, i++) {
          z -= 2 * Math.pow(1.08, l);
          out[3 * i] = x; out[3 * i + 1] = y; out[3 * i + 2] = z;
        }
      }
    }
  } else {
    throw new Error(`unknown point set '${kind}'`);
  }
  return out;
}

if (require.main === module) {
  const [kind, nArg, kArg, threadsArg, pArg] = process.argv.slice(2);
  const n = Number(nArg), k = Number(kArg), p = Number(pArg ?? 2);
  setThreads(Number(threadsArg ?? 1));
  const pts = pointSet(kind, n);
  const t0 = performance.now();
  const index = new GridIndex(pts, 3, { p });
  const t1 = performance.now();
  const r = knnAll(index, k);
  const t2 = performance.now();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `knn_${kind}_${n}.pts.f64`), Buffer.from(pts.buffer));
  writeFileSync(join(RESULTS, `knn_${kind}_${n}_k${k}_p${p}.ours.i32`), Buffer.from(Int32Array.from(r.idx).buffer));
  console.log(JSON.stringify({ impl: 'geo-graphnet', kind, n, k, p, threads: Number(threadsArg ?? 1), build_s: (t1 - t0) / 1000, query_s: (t2 - t1) / 1000, total_s: (t2 - t0) / 1000, cell: index.cell }));
  shutdownThreads();
}
