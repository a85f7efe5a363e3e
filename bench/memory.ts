/*
 * npm run bench:memory — peak resident memory per phase (read, graph, train, predict, report), each
 * case in a fresh child process so peaks do not mix (issue #19 item 9).
 *
 *   mlp-11k          an MLP, 3 layers × 128 wide, on an 11,100-node synthetic survey (10 × 37 × 30), the
 *                    whole pipeline: survey, lattice graph, fit, infer, output files and report
 *   seg-<model>      SEG 2016 (4,149 samples), the graph and inputs of bench/real/well_logs.ts, first
 *                    leave-one-well-out task; report = scores
 *   force-<model>    FORCE 2020 (every 8th row, 30,526 samples), the same for the first CV fold
 *   cli-default      configs/default.json through the pipeline, in phases (GCN and its MLP baseline)
 *   cli-child        `npx ts-node src/cli.ts run` as a child process: its peak RSS only (/usr/bin/time -v,
 *                    else VmHWM of /proc/<pid>/status polled)
 * <model> is gcn, sage, gat or mlp, with "-jk" for jk: 'cat'.
 *
 * How the peak of a phase is taken: the child resets the kernel's peak-RSS mark (writes 5 to
 * /proc/self/clear_refs) when a phase starts and reads VmHWM when it ends, which is exact; the parent
 * also polls VmRSS of the child every 20 ms as a cross-check (used when the reset is not allowed).
 * heapUsed / external / arrayBuffers are sampled in the child on a 20 ms timer, at phase boundaries
 * and (well-log cases) after every epoch: the main thread is busy inside an epoch, so these peaks are
 * lower bounds.
 *
 * Usage: npm run bench:memory [-- --cases mlp-11k,seg-gcn,…] [--threads 1] [--json out.json]
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PHASES = ['read', 'graph', 'train', 'predict', 'report'] as const;
type Phase = (typeof PHASES)[number];
interface PhasePeak { rssMB: number; polledMB: number; heapUsedMB: number; externalMB: number; arrayBuffersMB: number; seconds: number }
interface CaseResult { name: string; phases: Partial<Record<Phase, PhasePeak>>; peakMB: number; note?: string }

const DATA = process.env.GEO_DATA ?? join(__dirname, '../../shared/data');
const WELL_MODELS = ['gcn', 'sage', 'gat', 'mlp', 'gcn-jk', 'sage-jk', 'gat-jk'];
const ALL_CASES = ['mlp-11k', ...WELL_MODELS.map((m) => `seg-${m}`), ...WELL_MODELS.map((m) => `force-${m}`), 'cli-default', 'cli-child'];
const MB = 1024 * 1024;

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };

function procStatusKB(pid: number | 'self', field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/* ---------------------------------------------------------------- child side */

async function child(name: string, threads: number): Promise<void> {
  const { setThreads } = await import('../src/util/thread_pool');
  setThreads(threads);
  let canReset = true;
  const resetPeak = () => {
    try { writeFileSync('/proc/self/clear_refs', '5'); } catch { canReset = false; }
  };
  const heap = { heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    heap.heapUsed = Math.max(heap.heapUsed, m.heapUsed);
    heap.external = Math.max(heap.external, m.external);
    heap.arrayBuffers = Math.max(heap.arrayBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  let t0 = 0;
  const begin = (phase: Phase) => {
    sample();
    heap.heapUsed = heap.external = heap.arrayBuffers = 0;
    sample();
    resetPeak();
    t0 = performance.now();
    process.send!({ begin: phase });
  };
  const end = (phase: Phase) => {
    sample();
    const hwm = procStatusKB('self', 'VmHWM') / 1024;
    process.send!({ end: phase, rssMB: canReset ? hwm : NaN, heapUsedMB: heap.heapUsed / MB, externalMB: heap.external / MB, arrayBuffersMB: heap.arrayBuffers / MB, seconds: (performance.now() - t0) / 1000 });
  };
  const phase = async <T>(p: Phase, fn: () => T | Promise<T>): Promise<T> => {
    begin(p);
    const r = await fn();
    end(p);
    return r;
  };
  const onEpoch = () => sample();
  if (name.startsWith('seg-') || name.startsWith('force-')) await wellCase(name, phase, onEpoch);
  else await pipelineCase(name, phase);
  clearInterval(timer);
  setThreads(1);
}

type PhaseFn = <T>(p: Phase, fn: () => T | Promise<T>) => Promise<T>;

/** A well-log case: the loaders, graph and inputs of bench/real/well_logs.ts, one task, one model. */
async function wellCase(name: string, phase: PhaseFn, onEpoch: () => void): Promise<void> {
  const wl = await import('./real/well_logs');
  const { withDefaults } = await import('../src/util/schema');
  const { ModelSection } = await import('../src/nn/model_config');
  const { MethodSection } = await import('../src/train/method_config');
  const { NodeClassifier } = await import('../src/nn/model');
  const { fit, argmaxRows, predictProbs } = await import('../src/train/fit');
  const { makeRng } = await import('../src/util/rng');
  const [set, modelName, jk] = name.split('-');
  const union = (a: Int32Array, b: Int32Array) => Int32Array.from([...a, ...b]).sort();
  const { s, fitRows, val, test, pts, dim, crossK, depthK, x } = await phase('read', async () => {
    if (set === 'force') {
      const { samples: s } = await wl.loadForce(DATA, 8);
      const testWell = s.wells.indexOf(wl.FORCE_TEST_WELL);
      const trainWells = s.wells.map((_, w) => w).filter((w) => w !== testWell);
      const fold = wl.wellFolds(trainWells, 3, 42)[0];
      const fitWells = trainWells.filter((w) => !fold.includes(w));
      const valWells = new Set(wl.wellFolds(fitWells, fitWells.length, 42).flat().slice(0, 4));
      const fitRows = wl.rowsOf(s, new Set(fitWells.filter((w) => !valWells.has(w))));
      const val = wl.rowsOf(s, valWells);
      const pts = Float64Array.from(s.xyz!, (v, i) => (i % 3 === 2 ? 100 * v : v));
      return { s, fitRows, val, test: wl.rowsOf(s, new Set(fold)), pts, dim: 3, crossK: 2, depthK: 4, x: wl.modelInputs(s, union(fitRows, val)) };
    }
    const s = await wl.loadSeg(DATA);
    const pseudo = s.wells.indexOf(wl.SEG_PSEUDO_WELL);
    const real = s.wells.map((_, w) => w).filter((w) => w !== pseudo);
    const all = Int32Array.from({ length: s.well.length }, (_, i) => i);
    const x0 = wl.modelInputs(s, all, false);
    const F = x0.shape[1];
    const cols = [0, 1, 2, 3, 5];
    const pts = Float64Array.from({ length: s.well.length * cols.length }, (_, j) => x0.data[Math.floor(j / cols.length) * F + cols[j % cols.length]]);
    const w = real[0];
    const fitWells = [...real.filter((v) => v !== w), pseudo];
    const candidates = fitWells.filter((v) => v !== pseudo);
    const valWells = new Set(wl.wellFolds(candidates, candidates.length, 42).flat().slice(0, 1));
    const fitRows = wl.rowsOf(s, new Set(fitWells.filter((v) => !valWells.has(v))));
    const val = wl.rowsOf(s, valWells);
    return { s, fitRows, val, test: wl.rowsOf(s, new Set([w])), pts, dim: cols.length, crossK: 4, depthK: 2, x: wl.modelInputs(s, union(fitRows, val)) };
  });
  const graph = await phase('graph', () => wl.wellGraph(s, pts, dim, crossK, depthK));
  const spec = wl.WELL_MODELS[modelName];
  const model = withDefaults(ModelSection, { ...spec.model, ...(jk ? { jk: 'cat' as const } : {}) });
  const method = withDefaults(MethodSection, { epochs: 150, lr: 0.01, weightDecay: 5e-4, patience: 25, ...spec.method });
  const C = s.classes.length;
  const net = new NodeClassifier(model, x.shape[1], C, makeRng('init-42'));
  const res = await phase('train', () => fit({ model: net, graph, x, labels: s.labels, train: fitRows, val, method, seed: 42, classes: s.classes, groups: s.well, onEpoch }));
  const pred = await phase('predict', () => argmaxRows(predictProbs(net, graph, res.input), C));
  const score = await phase('report', () => wl.accuracy(s.labels, pred, test));
  process.send!({ note: `${s.well.length} nodes, ${graph.adj.nnz} directed edges, ${res.history.length} epochs, test accuracy ${score.toFixed(3)}` });
}

/**
 * A run config through the pipeline's own functions. read: loadData alone; graph: prepare (which
 * loads again, then builds the graph, splits and scales); train: runExperiment on that prepared
 * data (the model, its baselines, and their inference); predict: infer again with the trained
 * model, as `predict` does; report: the output files and the report, into a temporary folder.
 */
async function pipelineCase(name: string, phase: PhaseFn): Promise<void> {
  const { loadRunConfig } = await import('../src/config/load');
  const { loadData } = await import('../src/data/load');
  const { prepare } = await import('../src/pipeline/prepare');
  const { runExperiment, runPrepareConfig } = await import('../src/pipeline/run');
  const { infer } = await import('../src/pipeline/infer');
  const { writeRunFiles } = await import('../src/pipeline/run_output');
  const { reportRun } = await import('../src/pipeline/report');
  const set = name === 'mlp-11k'
    ? ['data.synthetic.stationsPerLine=37', 'model.type=mlp', 'model.hidden=128', 'model.layers=3', 'method.baselines=[]']
    : [];
  const cfg = loadRunConfig('configs/default.json', { set, overrides: { threads: Number(opt('threads', '1')) } });
  await phase('read', async () => { await loadData(cfg.data, cfg.seed); });
  const prepared = await phase('graph', () => prepare(runPrepareConfig(cfg)));
  const result = await phase('train', () => runExperiment(cfg, { prepared, quiet: true, log: () => {} }));
  await phase('predict', () => infer(result.main.model, prepared, cfg.method.labelInput));
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  try {
    await phase('report', async () => {
      writeRunFiles(dir, result);
      await reportRun(dir, result);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const models = [{ label: cfg.model.type, m: result.main }, ...result.baselines.map((b) => ({ label: b.label, m: b.result }))];
  process.send!({ note: `${prepared.nodes.n} nodes, ${prepared.graph.adj.nnz} directed edges; ${models.map(({ label, m }) => `${label}: ${m.history.length} epochs, test macro-F1 ${m.metrics.test?.macroF1.toFixed(4)}`).join('; ')}` });
}

/* --------------------------------------------------------------- parent side */

/** One case in a fresh child: phase peaks from the child's VmHWM resets, with the parent's 20 ms VmRSS poll beside them. */
function runCase(name: string, threads: number): Promise<CaseResult> {
  return new Promise((done, fail) => {
    // under ts-node the child compiles this file itself
    const execArgv = __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
    const c = fork(__filename, ['--child', name, '--threads', String(threads)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const phases: CaseResult['phases'] = {};
    let current: Phase | null = null;
    let polled = 0, overall = 0;
    let note: string | undefined;
    const poll = setInterval(() => {
      const rss = procStatusKB(c.pid!, 'VmRSS') / 1024;
      if (!Number.isFinite(rss)) return;
      overall = Math.max(overall, rss);
      if (current) polled = Math.max(polled, rss);
    }, 20);
    c.on('message', (m: { begin?: Phase; end?: Phase; note?: string } & Partial<PhasePeak>) => {
      if (m.note) note = m.note;
      if (m.begin) { current = m.begin; polled = 0; }
      if (m.end) {
        phases[m.end] = { rssMB: m.rssMB!, polledMB: polled, heapUsedMB: m.heapUsedMB!, externalMB: m.externalMB!, arrayBuffersMB: m.arrayBuffersMB!, seconds: m.seconds! };
        current = null;
      }
    });
    c.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) return fail(new Error(`case ${name} exited with code ${code}`));
      const peaks = Object.values(phases).map((p) => (Number.isFinite(p.rssMB) ? p.rssMB : p.polledMB));
      done({ name, phases, peakMB: Math.max(overall, ...peaks), note });
    });
  });
}

/** `npx ts-node src/cli.ts run` in its own process: the peak RSS of that process. */
function cliChild(threads: number): Promise<CaseResult> {
  const out = mkdtempSync(join(tmpdir(), 'bench-memory-cli-'));
  const cmd = ['npx', 'ts-node', 'src/cli.ts', 'run', '--out', out, '--threads', String(threads)];
  const finish = (peakMB: number, how: string): CaseResult => {
    rmSync(out, { recursive: true, force: true });
    return { name: 'cli-child', phases: {}, peakMB, note: how };
  };
  if (existsSync('/usr/bin/time')) {
    return new Promise((done, fail) => {
      const p = spawn('/usr/bin/time', ['-v', ...cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('exit', (code) => {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
        if (code !== 0 || !m) return fail(new Error(`cli run failed (${code}): ${err.slice(-2000)}`));
        done(finish(Number(m[1]) / 1024, '/usr/bin/time -v, maximum resident set size'));
      });
    });
  }
  return new Promise((done) => {
    const p = spawn(cmd[0], cmd.slice(1), { stdio: 'ignore' });
    let peak = 0;
    // npx starts node under it: take the largest VmHWM over the process tree
    const tree = (pid: number): number[] => {
      try {
        const kids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
        return [pid, ...kids.flatMap(tree)];
      } catch { return [pid]; }
    };
    const poll = setInterval(() => { for (const q of tree(p.pid!)) peak = Math.max(peak, procStatusKB(q, 'VmHWM') / 1024 || 0); }, 20);
    p.on('exit', () => { clearInterval(poll); done(finish(peak, 'VmHWM polled every 20 ms')); });
  });
}

function table(results: CaseResult[]): string {
  const f = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(0));
  const lines = [
    '| case | ' + PHASES.map((p) => `${p} MB`).join(' | ') + ' | peak MB | train: heap / arrayBuffers MB | |',
    '|---|' + PHASES.map(() => '---:').join('|') + '|---:|---|---|',
  ];
  for (const r of results) {
    const t = r.phases.train;
    const peak = (p: Phase) => { const q = r.phases[p]; return q && (Number.isFinite(q.rssMB) ? q.rssMB : q.polledMB); };
    lines.push(`| ${r.name} | ${PHASES.map((p) => f(peak(p))).join(' | ')} | ${f(r.peakMB)} | ${t ? `${f(t.heapUsedMB)} / ${f(t.arrayBuffersMB)}` : '–'} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const threads = Number(opt('threads', '1'));
  if (args.includes('--child')) return child(opt('child', ''), threads);
  const cases = opt('cases', ALL_CASES.join(',')).split(',');
  for (const c of cases) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c} (known: ${ALL_CASES.join(', ')})`);
  if (cases.some((c) => c.startsWith('seg') || c.startsWith('force')) && !existsSync(DATA)) throw new Error(`no data folder ${DATA} (set GEO_DATA)`);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const r = c === 'cli-child' ? await cliChild(threads) : await runCase(c, threads);
    results.push(r);
    process.stderr.write(`${c}: peak ${r.peakMB.toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${PHASES.map((p) => `${p} ${r.phases[p] ? (Number.isFinite(r.phases[p]!.rssMB) ? r.phases[p]!.rssMB : r.phases[p]!.polledMB).toFixed(0) : '–'}`).join(', ')}${r.note ? ` (${r.note})` : ''}\n`);
  }
  console.log(`Peak resident memory per phase, MB (${threads} thread${threads > 1 ? 's' : ''}, Node ${process.version})\n`);
  console.log(table(results));
  const json = opt('json', '');
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
