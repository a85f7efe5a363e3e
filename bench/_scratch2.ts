import { NeighbourHeap } from '../src/spatial/neighbour_heap';
import { makeRng } from '../src/util/rng';
const rng = makeRng(1); const m = 108; const Q = 1_000_000;
const d = new Float64Array(m * 64); for (let i = 0; i < d.length; i++) d[i] = rng.next();
const h = new NeighbourHeap(16); const oi = new Int32Array(16); const od = new Float64Array(16);
let t = performance.now(); let acc = 0;
for (let q = 0; q < Q; q++) { h.clear(); const o = (q & 63) * m; for (let j = 0; j < m; j++) { const x = d[o + j]; if (h.size === 16 && x > h.dist[15]) continue; h.push(x, j); } acc += h.drainSorted(oi, 0, od); }
console.log('heap', (performance.now() - t).toFixed(0), acc);
