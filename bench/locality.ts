/*
 * npm run bench:locality — what node order does to the sparse kernels. SpMM (F = 64, one thread)
 * on the benchmark's random geometric graphs in their given (random) numbering, renumbered along a
 * Hilbert curve of the coordinates, and by reverse Cuthill–McKee; and on an airborne-EM survey from
 * the synthetic generator (the default config's survey, 40 lines) in its natural order (line by
 * line, station by station, layer by layer), shuffled, and renumbered. Reports milliseconds and the
 * share of the memcpy bandwidth measured in the same run, and writes its BENCHMARKS.md section.
 */
import { spmmRows } from '../src/kernels/spmm';
import { CSR } from '../src/sparse/csr';
import { hilbertOrder, meanEdgeSpan, rcmOrder, renumberCSR } from '../src/sparse/renumber';
import { makeRng, shuffle } from '../src/util/rng';
import { writeBenchSection } from './benchmarks_md';
import { benchCoords, benchGraph } from './graph_fixture';
import { memoryBandwidthGBs } from './kernels.bench';

const F = 64;
const time = (f: () => void, reps: number) => { f(); let best = Infinity; for (let r = 0; r < reps; r++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return best / 1000; };

/** Best-of SpMM time (s) and the share of copy bandwidth its compulsory traffic reaches. */
function spmmOn(a: CSR, copyGBs: number): { s: number; ofCopy: number; span: number } {
  const n = a.nRows;
  const X = Float32Array.from({ length: n * F }, (_, i) => Math.sin(i)), Y = new Float32Array(n * F);
  const s = time(() => { Y.fill(0); spmmRows(a.rowPtr, a.col, a.val, null, X, Y, 1, F, 0, n); }, n >= 1e6 ? 3 : 8);
  const bytes = a.nnz * 8 + (n + 1) * 4 + a.nnz * F * 4 + n * F * 4;
  return { s, ofCopy: bytes / s / 1e9 / copyGBs, span: meanEdgeSpan(a) };
}

async function surveyGraph(): Promise<{ a: CSR; coords: Float64Array }> {
  const { loadRunConfig } = await import('../src/config/load');
  const { prepare } = await import('../src/pipeline/prepare');
  const { runPrepareConfig } = await import('../src/pipeline/run');
  const cfg = loadRunConfig('configs/default.json', { set: ['data.synthetic.lines=40', 'data.synthetic.stationsPerLine=84'] });
  const p = await prepare(runPrepareConfig(cfg));
  const { x, y, z } = p.nodes;
  const coords = new Float64Array(3 * p.nodes.n);
  for (let i = 0; i < p.nodes.n; i++) { coords[3 * i] = x[i]; coords[3 * i + 1] = y[i]; coords[3 * i + 2] = z ? z[i] : 0; }
  return { a: p.graph.adj, coords };
}

async function main(): Promise<void> {
  const load = (await import('node:os')).loadavg()[0];
  const bw = memoryBandwidthGBs();
  const rows: string[] = [];
  const row = (graph: string, order: string, r: { s: number; ofCopy: number; span: number }, base: number) => {
    rows.push(`| ${graph} | ${order} | ${Math.round(r.span).toLocaleString('en')} | ${(r.s * 1000).toFixed(1)} | ${(100 * r.ofCopy).toFixed(1)} % | ${(base / r.s).toFixed(2)} |`);
    console.log(rows[rows.length - 1]);
  };
  for (const n of [1e5, 1e6]) {
    const g = benchGraph(n);
    const a = new CSR(n, n, g.rowPtr, g.col, new Float32Array(g.col.length).fill(1));
    const given = spmmOn(a, bw.copy);
    row(`random geometric, ${n.toExponential(0)} nodes`, 'given (random)', given, given.s);
    row(`random geometric, ${n.toExponential(0)} nodes`, 'Hilbert curve', spmmOn(renumberCSR(a, hilbertOrder(benchCoords(n), n, 2)), bw.copy), given.s);
    row(`random geometric, ${n.toExponential(0)} nodes`, 'reverse Cuthill–McKee', spmmOn(renumberCSR(a, rcmOrder(a)), bw.copy), given.s);
  }
  const { a, coords } = await surveyGraph();
  const name = `airborne-EM survey, ${a.nRows.toLocaleString('en')} cells`;
  const natural = spmmOn(a, bw.copy);
  row(name, 'natural (line, station, layer)', natural, natural.s);
  const perm = Int32Array.from({ length: a.nRows }, (_, i) => i);
  shuffle(perm, makeRng('locality'));
  row(name, 'shuffled', spmmOn(renumberCSR(a, perm), bw.copy), natural.s);
  row(name, 'Hilbert curve (3-D)', spmmOn(renumberCSR(a, hilbertOrder(coords, a.nRows, 3)), bw.copy), natural.s);
  row(name, 'reverse Cuthill–McKee', spmmOn(renumberCSR(a, rcmOrder(a)), bw.copy), natural.s);
  const body = [
    `### Node order and the sparse kernels (issue #15)`,
    '',
    `SpMM with F = 64, one thread, best of 3–8 runs; memcpy bandwidth ${bw.copy.toFixed(1)} GB/s in the same run; load average ${load.toFixed(2)} at the start.`,
    `"Edge span" is the mean |i − j| over the edges: how far apart in memory a node's neighbours sit. Speed-up is against the first order of each graph.`,
    '',
    '| graph | node order | edge span | SpMM ms | of memcpy bandwidth | speed-up |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  writeBenchSection('locality', body);
}

main().catch((e) => { console.error(e); process.exit(1); });
