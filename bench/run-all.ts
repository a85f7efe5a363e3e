/*
 * npm run bench — everything measured side by side in one run, so ratios compare like with like on
 * this shared machine:
 *   1. kernels (benchmark.js) and memory bandwidth;
 *   2. one training epoch (forward, backward, Adam step) of GCN, SAGE and GAT on seeded random
 *      geometric graphs of 1e4, 1e5 and 1e6 nodes, ours (2 threads) against PyTorch Geometric
 *      (2 threads; edge_index and torch.sparse CSR), each in a process of its own for peak memory;
 *   3. exact kNN (k = 16) on 1e6 uniform, clustered and airborne-EM-like points against scipy's
 *      cKDTree (workers = 2), and the older tool's all-pairs L1 search at 1e4 points;
 *   4. one neighbour-sampled mini-batch (4,096 seeds, fan-out [10, 10]: sampling, forward, backward,
 *      Adam step) on the 1e6-node graph, ours against PyG with the sampler it has (issue #17).
 * Peers are skipped with a message when python3 lacks torch_geometric or scipy.
 * Options: --quick (1e4 and 1e5 only; mini-batches on 1e5), --only epochs|knn|kernels|minibatch.
 * Writes bench/results/bench.json.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { kernelBench } from './kernels.bench';
import { writeBenchSection } from './benchmarks_md';
import { benchGraph, RESULTS } from './graph_fixture';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const root = join(__dirname, '..');

function json(cmd: string, argv: string[]): Record<string, unknown> | null {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    console.error(`  ${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return null;
  }
  return JSON.parse(line);
}
const ours = (script: string, argv: string[]) => json(process.execPath, ['-r', 'ts-node/register', script, ...argv]);
const hasPython = (mods: string) => spawnSync('python3', ['-c', `import ${mods}`]).status === 0;

const f = (x: unknown, d = 2) => (typeof x === 'number' ? x.toFixed(d) : '–');
/** Issue #15's targets: our epoch time over PyG's fastest. */
const TARGET: Record<string, number> = { gcn: 0.6, sage: 0.75, gat: 0.5 };
const pyVersion = (mod: string) => spawnSync('python3', ['-c', `import ${mod}; print(${mod}.__version__)`], { encoding: 'utf8' }).stdout.trim() || '?';

async function main(): Promise<void> {
  const all: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  if (!only || only === 'kernels') {
    console.log('## Kernels (one thread, 1e5-node graph, F = 64)');
    const k = await kernelBench();
    all.kernels = k;
    for (const r of k) console.log(`  ${JSON.stringify(r)}`);
  }
  if (!only || only === 'epochs') {
    const pyg = hasPython('torch_geometric');
    if (!pyg) console.log('  (PyTorch Geometric not importable by python3: peers skipped)');
    const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 1e6];
    const rows: Record<string, unknown>[] = [];
    const table: string[] = [];
    const line = (l: string) => { console.log(l); table.push(l); };
    console.log('\n## One training epoch: ours (2 threads) vs PyG (2 threads)');
    line('| nodes | model | load | ours s | ours MB | ours, RCM order s | MB | PyG edge_index s | MB | PyG CSR s | MB | ours / fastest PyG | RCM / fastest PyG | target |');
    line('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const n of sizes) {
      benchGraph(n);
      const epochs = n >= 1e6 ? 2 : n >= 1e5 ? 4 : 10;
      for (const model of ['gcn', 'sage', 'gat']) {
        const load = loadavg()[0];
        const o = ours('bench/epoch_worker.ts', [model, String(n), String(epochs), '2']);
        const or = ours('bench/epoch_worker.ts', [model, String(n), String(epochs), '2', 'rcm']);
        const pe = pyg ? json('python3', ['bench/peers/pyg_epoch.py', model, String(n), String(epochs), 'edge_index']) : null;
        const pc = pyg && model !== 'gat' ? json('python3', ['bench/peers/pyg_epoch.py', model, String(n), String(epochs), 'csr']) : null;
        const best = Math.min(...[pe, pc].filter(Boolean).map((r) => r!.median_s as number));
        const ratio = o && Number.isFinite(best) ? (o.median_s as number) / best : null;
        const ratioRcm = or && Number.isFinite(best) ? (or.median_s as number) / best : null;
        rows.push({ nodes: n, model, load, ours: o, ours_rcm: or, pyg_edge_index: pe, pyg_csr: pc, ratio, ratio_rcm: ratioRcm });
        line(`| ${n} | ${model} | ${f(load)} | ${f(o?.median_s, 3)} | ${f(o?.peak_mb, 0)} | ${f(or?.median_s, 3)} | ${f(or?.peak_mb, 0)} | ${f(pe?.median_s, 3)} | ${f(pe?.peak_mb, 0)} | ${f(pc?.median_s, 3)} | ${f(pc?.peak_mb, 0)} | ${f(ratio)} | ${f(ratioRcm)} | ≤ ${TARGET[model]} |`);
      }
    }
    // without PyG there is no ratio to record: the section keeps its last measured table
    if (!quick && pyg) writeBenchSection('epochs', [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (Node ${process.version}; torch ${pyg ? pyVersion('torch') : '–'}, torch-geometric ${pyg ? pyVersion('torch_geometric') : '–'}). "load" is the 1-minute load average before the row's runs (the bench's own process included).`,
      '',
      ...table,
    ].join('\n'));
    all.epochs = rows;
  }
  if (!only || only === 'knn') {
    const scipy = hasPython('scipy');
    console.log('\n## Exact kNN, k = 16, build + query: ours (2 threads) vs scipy cKDTree (workers = 2)');
    const table: string[] = [];
    const line = (l: string) => { console.log(l); table.push(l); };
    line('| points | n | load | ours s | cKDTree s | ratio | equal neighbour sets |');
    line('|---|---|---|---|---|---|---|');
    const rows: Record<string, unknown>[] = [];
    const n = quick ? 200000 : 1000000;
    for (const kind of ['uniform', 'clustered', 'aem']) {
      const load = loadavg()[0];
      const o = ours('bench/knn_worker.ts', [kind, String(n), '16', '2']);
      const s = scipy ? json('python3', ['bench/peers/scipy_knn.py', kind, String(n), '16', '2']) : null;
      const ratio = o && s ? (o.total_s as number) / (s.total_s as number) : null;
      rows.push({ kind, n, ours: o, scipy: s, ratio });
      line(`| ${kind} | ${n} | ${f(load)} | ${f(o?.total_s)} | ${f(s?.total_s)} | ${f(ratio)} | ${s ? `${s.equal_neighbour_sets} / ${s.of}` : '–'} |`);
    }
    if (!quick && scipy) writeBenchSection('knn', [`Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\`.`, '', ...table].join('\n'));
    // the older tool: dense all-pairs L1 distances at 1e4 points
    const o = ours('bench/knn_worker.ts', ['uniform', '10000', '16', '1', '1']);
    const a = scipy ? json('python3', ['bench/peers/scipy_knn.py', 'uniform', '10000', '16', '1', 'allpairs']) : null;
    rows.push({ kind: 'uniform L1 vs all-pairs', n: 10000, ours: o, allpairs: a, ratio: o && a ? (o.total_s as number) / (a.total_s as number) : null });
    console.log(`\nL1 kNN at 1e4 points: ours ${f(o?.total_s, 3)} s (1 thread) vs the older tool's all-pairs ${f(a?.total_s, 3)} s: ratio ${o && a ? f((o.total_s as number) / (a.total_s as number), 4) : '–'}${a ? `, equal sets ${a.equal_neighbour_sets} / ${a.of}` : ''}`);
    all.knn = rows;
  }
  if (!only || only === 'minibatch') {
    const pyg = hasPython('torch_geometric');
    const n = quick ? 1e5 : 1e6;
    benchGraph(n);
    console.log(`\n## One mini-batch on the ${n}-node graph: 4,096 seeds, fan-out [10, 10], 2 threads each`);
    const table: string[] = [];
    const line = (l: string) => { console.log(l); table.push(l); };
    line('| model | load | ours: sample s | step s | batch s | MB | PyG: sample s | step s | batch s | MB | ours / PyG | target |');
    line('|---|---|---|---|---|---|---|---|---|---|---|---|');
    const rows: Record<string, unknown>[] = [];
    let sampler = '–';
    for (const model of ['sage', 'gcn', 'gat']) {
      const load = loadavg()[0];
      const o = ours('bench/minibatch_worker.ts', [model, String(n), '12', '2', '4096', '10,10']);
      const p = pyg ? json('python3', ['bench/peers/pyg_minibatch.py', model, String(n), '12', '4096', '10,10']) : null;
      if (p) sampler = String(p.sampler);
      const ratio = o && p ? (o.batch as number) / (p.batch as number) : null;
      rows.push({ model, n, load, ours: o, pyg: p, ratio });
      line(`| ${model} | ${f(load)} | ${f(o?.sample, 3)} | ${f(o?.step, 3)} | ${f(o?.batch, 3)} | ${f(o?.peakMB, 0)} | ${f(p?.sample, 3)} | ${f(p?.step, 3)} | ${f(p?.batch, 3)} | ${f(p?.peakMB, 0)} | ${f(ratio)} | ${model === 'sage' ? '≤ 1.0' : '–'} |`);
    }
    console.log(`PyG's sampler: ${sampler}`);
    line('');
    line(`Inference over the whole ${n}-node graph (3 layers, 2 threads): one whole-graph pass against layer by layer (blocks of 32,768 rows); "before" is the resident memory with the graph and its operators loaded.`);
    line('');
    line('| model | whole s | whole peak MB | layer-wise s | layer-wise peak MB | before MB | same scores |');
    line('|---|---|---|---|---|---|---|');
    for (const model of ['sage', 'gcn', 'gat']) {
      const w = ours('bench/inference_worker.ts', [model, String(n), 'whole', '2']);
      const l = ours('bench/inference_worker.ts', [model, String(n), 'layerwise', '2']);
      rows.push({ model, n, inference: { whole: w, layerwise: l } });
      line(`| ${model} | ${f(w?.seconds)} | ${f(w?.peakMB, 0)} | ${f(l?.seconds)} | ${f(l?.peakMB, 0)} | ${f(l?.beforeMB, 0)} | ${w && l ? (w.scores === l.scores ? 'yes' : 'NO') : '–'} |`);
    }
    if (!quick && pyg) writeBenchSection('minibatch', [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:minibatch\` (Node ${process.version}; torch ${pyVersion('torch')}, torch-geometric ${pyVersion('torch_geometric')}). Medians over 12 batches after 2 warm-up batches. PyG's sampler: ${sampler}. PyG runs its convolutions over the whole sampled subgraph (as NeighborLoader's output is used); ours on message-flow blocks that shrink towards the seeds.`,
      '',
      ...table,
    ].join('\n'));
    all.minibatch = rows;
  }
  writeFileSync(join(RESULTS, 'bench.json'), JSON.stringify(all, null, 1));
  console.log(`\nwrote ${join(RESULTS, 'bench.json')}`);
}

main();
