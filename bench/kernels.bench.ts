/*
 * Kernel throughput with benchmark.js on the 1e5-node benchmark graph (F = 64): matmul, SpMM,
 * SDDMM and edge softmax, single thread, plus this machine's memory bandwidth (copy and triad over
 * 256 MB arrays) as the physical limit for SpMM. Prints one JSON line per kernel.
 */
import Benchmark from 'benchmark';
import { matmulRows } from '../src/kernels/matmul';
import { sddmmRows, spmmRows } from '../src/kernels/spmm';
import { edgeSoftmaxRows } from '../src/kernels/edge_softmax';
import { makeRng } from '../src/util/rng';
import { benchGraph } from './graph_fixture';

export function memoryBandwidthGBs(): { copy: number; triad: number } {
  const n = 64 * 2 ** 20; // 64 Mi floats = 256 MB per array
  const a = new Float32Array(n), b = new Float32Array(n).fill(1), c = new Float32Array(n).fill(2);
  let copy = Infinity, triad = Infinity;
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    a.set(b);
    copy = Math.min(copy, (performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < n; i++) a[i] = b[i] + 3 * c[i];
    triad = Math.min(triad, (performance.now() - t) / 1000);
  }
  return { copy: (2 * 4 * n) / copy / 1e9, triad: (3 * 4 * n) / triad / 1e9 };
}

export function kernelBench(): Promise<Record<string, unknown>[]> {
  const g = benchGraph(100000);
  const n = g.n, nnz = g.col.length, F = 64, H = 4;
  const rng = makeRng(9);
  const X = Float32Array.from({ length: n * F }, () => rng.normal());
  const W = Float32Array.from({ length: F * F }, () => rng.normal());
  const G = Float32Array.from({ length: n * F }, () => rng.normal());
  const vals = Float32Array.from({ length: nnz * H }, () => rng.next());
  const Y = new Float32Array(n * F), gv = new Float32Array(nnz), sm = new Float32Array(nnz * H);
  // bytes SpMM must move at least: CSR structure and values, one read of X per edge row, one write of Y
  const spmmBytes = nnz * (4 + 4) + (n + 1) * 4 + nnz * F * 4 + n * F * 4;
  const results: Record<string, unknown>[] = [];
  const bw = memoryBandwidthGBs();
  results.push({ kernel: 'memory bandwidth', copy_GBs: bw.copy, triad_GBs: bw.triad });
  return new Promise((resolve) => {
    new Benchmark.Suite()
      .add('matmul 1e5x64 · 64x64', () => { Y.fill(0); matmulRows(X, W, Y, F, F, 0, n); })
      .add('spmm nnz 0.92M, F 64', () => { Y.fill(0); spmmRows(g.rowPtr, g.col, vals, null, X, Y, 1, F, 0, n); })
      .add('sddmm nnz 0.92M, F 64', () => { gv.fill(0); sddmmRows(g.rowPtr, g.col, G, X, gv, 1, F, 0, n); })
      .add('edge softmax nnz 0.92M, 4 heads', () => { edgeSoftmaxRows(g.rowPtr, vals, sm, H, 0, n); })
      .on('cycle', (e: Benchmark.Event) => {
        const b = e.target as unknown as Benchmark;
        const s = b.stats.mean;
        const name = String(b.name);
        const r: Record<string, unknown> = { kernel: name, mean_ms: s * 1000, rme_pct: b.stats.rme, samples: b.stats.sample.length };
        if (name.startsWith('matmul')) r.GFLOPs = (2 * n * F * F) / s / 1e9;
        if (name.startsWith('spmm')) { r.GFLOPs = (2 * nnz * F) / s / 1e9; r.GBs = spmmBytes / s / 1e9; r.of_copy_bandwidth = spmmBytes / s / 1e9 / bw.copy; }
        if (name.startsWith('sddmm')) r.GFLOPs = (2 * nnz * F) / s / 1e9;
        results.push(r);
      })
      .on('complete', () => resolve(results))
      .run({ async: false, minSamples: 5, maxTime: 3 } as Benchmark.Options);
  });
}

if (require.main === module) kernelBench().then((rs) => rs.forEach((r) => console.log(JSON.stringify(r))));
