/*
 * npm run bench:real — everything issue #6 measures on real data, in one command, written into
 * BENCHMARKS.md between the "real data" markers (with machine, date, seeds and commands):
 *   Planetoid (Cora, CiteSeer): GCN, GAT, SAGE over 10 seeds, beside the papers and beside PyTorch
 *     Geometric run on the same files in the same command;
 *   FORCE 2020 and SEG 2016 well logs: GNNs vs an MLP and gradient-boosted trees on held-out wells;
 *   real airborne-EM survey geometry: lattice and line-kNN graph statistics and build times;
 *   realism (issue #14): the default synthetic survey beside real inverted AEM surveys, statistic by statistic.
 *   default (issue #14): the default run over five seeds, the GNN beside its three baselines.
 *   force-config, seg-config (issue #19): configs/wells/*.json as shipped, through the product's path, test well and grouped CV over 5 seeds.
 * Usage: npm run bench:real [-- --only planetoid,gat-paper,force,seg,force-config,seg-config,survey,realism,default] [--seeds 10] [--datasets cora,citeseer]
 * Reads ../shared/data; skips (with a message) when it is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeBenchSection } from './benchmarks_md';
import { meanStd, planetoidAccuracy, type PlanetoidModel } from './planetoid';
import { aemRealism } from './real/aem_realism';
import { defaultSurveySeeds } from './real/default_survey';
import { surveyGraphs } from './real/survey_graphs';
import { wellConfigScores } from './real/well_configs';
import {
  accuracy, depthOffsets, DEPTH_VARIANTS, depthVariantLabel, dilatedWellGraph, FORCE_TEST_WELL, fitPredict, fitPredictSpec, loadForce, loadSeg, modelInputs, nearestLabelPredict, penaltyScore, rowsOf, SEG_PSEUDO_WELL, treePredict, WELL_MODELS, wellFolds, wellGraph, WINDOWS_M, type WellSamples,
} from './real/well_logs';

const DATA = join(__dirname, '../../shared/data');
const SEED = 42;
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
/** FORCE keeps every n-th 0.152 m sample of each well (window statistics are computed on all of them first). */
const FORCE_STRIDE = Number(opt('force-stride', '8'));
const only = new Set(opt('only', 'planetoid,gat-paper,force,seg,force-config,seg-config,survey,realism,default').split(','));
const nSeeds = Number(opt('seeds', '10'));
const datasets = opt('datasets', 'cora,citeseer').split(',');
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (v: number) => (100 * v).toFixed(1);

/** PyTorch Geometric on the same files and settings, started at once; resolves to "mean ± std" or why it did not run. */
function pygPlanetoid(name: string, type: PlanetoidModel): Promise<string> {
  const dir = join(DATA, 'planetoid');
  const args = [join(__dirname, 'peers/pyg_planetoid.py'), join(dir, `${name}_nodes.csv.gz`), join(dir, `${name}_edges.csv.gz`), type, String(nSeeds)];
  return new Promise((done) => {
    execFile('python3', args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      if (err) return done(`not run (${stderr.trim().split('\n').pop() ?? err.message})`);
      const [pm, psd] = meanStd((JSON.parse(stdout.trim().split('\n').pop()!) as { test_accuracy: number[] }).test_accuracy);
      done(`${pct(pm)} ± ${pct(psd)}`);
    });
  });
}

/** Test accuracy over the seeds, ours beside the PyG peer (which runs meanwhile, in its own process) and the paper. */
async function planetoid(types: PlanetoidModel[]): Promise<string> {
  const paper: Record<string, Record<string, string>> = { cora: { gcn: '81.5', gat: '83.0 ± 0.7' }, citeseer: { gcn: '70.3', gat: '72.5 ± 0.7' } };
  const seeds = Array.from({ length: nSeeds }, (_, i) => i);
  const out = ['| data | model | ours, test accuracy % | s per run | PyG 2.8 on the same files % | paper % |', '|---|---|---|---|---|---|'];
  for (const name of datasets) {
    for (const type of types) {
      const peer = pygPlanetoid(name, type);
      const t0 = performance.now();
      const acc = await planetoidAccuracy(name, type, seeds);
      const secs = (performance.now() - t0) / 1000 / seeds.length;
      const [m, sd] = meanStd(acc);
      log(`planetoid ${name} ${type}: ours ${pct(m)} ± ${pct(sd)} (${acc.map(pct).join(', ')}), ${secs.toFixed(1)} s per run; PyG still running…`);
      const p = await peer;
      log(`planetoid ${name} ${type}: PyG ${p}`);
      out.push(`| ${name} | ${type} | ${pct(m)} ± ${pct(sd)} | ${secs.toFixed(1)} | ${p} | ${paper[name][type.replace('-paper', '')] ?? '–'} |`);
    }
  }
  return out.join('\n');
}

interface Task { label: string; fit: Int32Array; val: Int32Array; test: Int32Array }
const union = (a: Int32Array, b: Int32Array) => Int32Array.from([...a, ...b]).sort();

/** Hold out `nVal` of the fitting wells (never `keep`) for early stopping. */
function task(s: WellSamples, label: string, fitWells: number[], testRows: Int32Array, nVal: number, seed: number, keep = -1): Task {
  const candidates = fitWells.filter((w) => w !== keep);
  const val = new Set(wellFolds(candidates, candidates.length, seed).flat().slice(0, nVal));
  return { label, fit: rowsOf(s, new Set(fitWells.filter((w) => !val.has(w)))), val: rowsOf(s, val), test: testRows };
}

/**
 * Predictions on every task's test rows (one array over all samples per task): the GNNs on the
 * given graph, and unless `plainGnnsOnly` the GNN that reads labels, the MLP (also on raw logs only, and with the depth windows), trees (with and without the windows), and
 * the majority label of the 25 nearest training samples in the graph's cross-well space.
 */
async function runModels(s: WellSamples, graph: ReturnType<typeof wellGraph>, tasks: Task[], space: { points: Float64Array; dim: number }, plainGnnsOnly = false, suffix = ''): Promise<Map<string, Int32Array[]>> {
  const preds = new Map<string, Int32Array[]>();
  for (const name of Object.keys(WELL_MODELS).filter((t) => !plainGnnsOnly || (t !== 'mlp' && !WELL_MODELS[t].method?.labelInput))) {
    const perTask: Int32Array[] = [];
    for (const t of tasks) {
      const t0 = performance.now();
      perTask.push(await fitPredict(name, s, graph, modelInputs(s, union(t.fit, t.val)), t.fit, t.val, SEED));
      log(`  ${name}${suffix} ${t.label}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    preds.set(`${name}${name === 'mlp' ? '' : suffix}`, perTask);
  }
  if (plainGnnsOnly) return preds;
  const perTask = async (label: string, run: (t: Task) => Promise<Int32Array>) => {
    const out: Int32Array[] = [];
    for (const t of tasks) {
      const t0 = performance.now();
      out.push(await run(t));
      log(`  ${label} ${t.label}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    preds.set(label, out);
  };
  await perTask('mlp, raw logs only', (t) => fitPredict('mlp', s, graph, modelInputs(s, union(t.fit, t.val), 'raw'), t.fit, t.val, SEED));
  await perTask('mlp + windows', (t) => fitPredict('mlp', s, graph, modelInputs(s, union(t.fit, t.val), 'windows'), t.fit, t.val, SEED));
  const trees = treePredict(s, tasks.map((t) => ({ train: union(t.fit, t.val), test: t.test })));
  if (trees) preds.set('gradient-boosted trees', trees as Int32Array[]);
  const treesW = treePredict(s, tasks.map((t) => ({ train: union(t.fit, t.val), test: t.test })), 'windows');
  if (treesW) preds.set('gradient-boosted trees + windows', treesW as Int32Array[]);
  preds.set('25 nearest training samples vote (no model)', tasks.map((t) => nearestLabelPredict(s, space.points, space.dim, union(t.fit, t.val), t.test, 25)));
  return preds;
}

/**
 * The GNNs with a longer reach down the well (DEPTH_VARIANTS), on depth links only: links to the
 * next sample above and below, or dilated links (1, 2, 4, … samples, up to about 5 m).
 */
async function depthVariants(s: WellSamples, tasks: Task[], spacingM: number, maxGap: number): Promise<Map<string, Int32Array[]>> {
  const offsets = depthOffsets(spacingM);
  const graphs = { adjacent: dilatedWellGraph(s, [1], maxGap), dilated: dilatedWellGraph(s, offsets, maxGap) };
  const preds = new Map<string, Int32Array[]>();
  for (const v of DEPTH_VARIANTS) {
    const label = depthVariantLabel(v, spacingM);
    const perTask: Int32Array[] = [];
    for (const t of tasks) {
      const t0 = performance.now();
      perTask.push(await fitPredictSpec(v, s, graphs[v.graph], modelInputs(s, union(t.fit, t.val), v.features), t.fit, t.val, SEED));
      log(`  ${label} ${t.label}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    preds.set(label, perTask);
  }
  return preds;
}

const NON_GRAPH_WITH_WINDOWS = ['mlp + windows', 'gradient-boosted trees + windows'];
const isGnn = (name: string) => !/^(mlp|gradient-boosted|25 nearest)/.test(name);

/** The line naming the GNN chosen by the CV score and whether it matches the best non-graph model with windows. */
function verdict(cv: Map<string, number>, fmt: (v: number) => string, what: string): string {
  const best = (names: string[]) => names.filter((n) => cv.has(n) && Number.isFinite(cv.get(n)!)).reduce((a, b) => (cv.get(b)! > cv.get(a)! ? b : a));
  const gnn = best([...cv.keys()].filter(isGnn));
  const ref = best(NON_GRAPH_WITH_WINDOWS);
  const d = cv.get(gnn)! - cv.get(ref)!;
  return `GNN chosen by ${what}: **${gnn}** (${fmt(cv.get(gnn)!)}). Best non-graph model with the depth windows: ${ref} (${fmt(cv.get(ref)!)}). `
    + (d >= 0 ? `The chosen GNN matches it (${d === 0 ? 'equal' : `ahead by ${fmt(d)}`}).` : `**The chosen GNN does not match it** (behind by ${fmt(-d)}).`);
}

/** What the window features and the depth variants are, for the text under each table. */
function windowsNote(spacingM: number): string {
  return `Windows: for each chosen log the mean, standard deviation and down-hole gradient over centred windows of ${WINDOWS_M.join(', ')} m, computed within each well only (FORCE: GR, log10 RDEP, log10 RMED, RHOB, NPHI, DTC, PEF on every 0.152 m sample before thinning; SEG: GR, ILD_log10, DeltaPHI, PHIND, PE). `
    + `"+ windows" rows read them besides the logs and per-well features; every other row reads the logs and per-well features only. `
    + `Depth variants use depth links only (no cross-well links); dilated links join samples ${depthOffsets(spacingM).join(', ')} positions apart (${(spacingM * Math.max(...depthOffsets(spacingM))).toFixed(1)} m at most per hop).`;
}

async function force(): Promise<string> {
  const { samples: s, test, penalty, penaltyIndex } = await loadForce(DATA, FORCE_STRIDE);
  const testWell = s.wells.indexOf(FORCE_TEST_WELL);
  const trainWells = s.wells.map((_, w) => w).filter((w) => w !== testWell);
  // cross-well neighbours in X/Y/Z with depth exaggerated 100× (1 m of depth counts as 100 m across)
  const pts = Float64Array.from(s.xyz!, (v, i) => (i % 3 === 2 ? 100 * v : v));
  const t0 = performance.now();
  const graph = wellGraph(s, pts, 3, 2, 4);
  log(`force: ${s.well.length} samples, ${s.wells.length} wells, graph ${graph.adj.nnz} directed edges in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const folds = wellFolds(trainWells, 3, SEED);
  const tasks = [
    ...folds.map((f, k) => task(s, `fold ${k + 1}`, trainWells.filter((w) => !f.includes(w)), rowsOf(s, new Set(f)), 4, SEED + k)),
    task(s, FORCE_TEST_WELL, trainWells, test, 4, SEED),
  ];
  const preds = await runModels(s, graph, tasks, { points: pts, dim: 3 });
  const spacing = 0.152 * FORCE_STRIDE;
  for (const [k, v] of await depthVariants(s, tasks, spacing, 5 * spacing)) preds.set(k, v);
  const out = [
    `| model | grouped 3-fold CV over the 28 training wells: score (mean of folds) | ${FORCE_TEST_WELL}: score | ${FORCE_TEST_WELL}: accuracy |`,
    '|---|---|---|---|',
  ];
  const cv = new Map<string, number>();
  for (const [name, p] of preds) {
    const folded = tasks.slice(0, -1).reduce((a, t, k) => a + penaltyScore(s.labels, p[k], t.test, penalty, penaltyIndex), 0) / (tasks.length - 1);
    cv.set(name, folded);
    const last = p[tasks.length - 1];
    out.push(`| ${name} | ${Number.isNaN(folded) ? '–' : folded.toFixed(4)} | ${penaltyScore(s.labels, last, test, penalty, penaltyIndex).toFixed(4)} | ${accuracy(s.labels, last, test).toFixed(3)} |`);
  }
  out.push('', `${verdict(cv, (v) => v.toFixed(4), 'the mean CV score over the 28 training wells')} ${FORCE_TEST_WELL} was not used to choose.`,
    '', `Samples: every ${FORCE_STRIDE}th row of each well (${s.well.length.toLocaleString('en')} samples, ${(0.152 * FORCE_STRIDE).toFixed(1)} m apart), scored on those rows of ${FORCE_TEST_WELL} (${test.length} samples). ${windowsNote(spacing)}`);
  return out.join('\n');
}

async function seg(): Promise<string> {
  const s = await loadSeg(DATA);
  const pseudo = s.wells.indexOf(SEG_PSEUDO_WELL);
  const real = s.wells.map((_, w) => w).filter((w) => w !== pseudo);
  // cross-well neighbours in log space: GR, ILD, ΔΦ, Φ, PE standardised over all samples (no labels used)
  const all = Int32Array.from({ length: s.well.length }, (_, i) => i);
  const x = modelInputs(s, all, false);
  const F = x.shape[1];
  const cols = [0, 1, 2, 3, 5]; // GR, ILD_log10, DeltaPHI, PHIND, PE (column 4 is PE's missing flag)
  const pts = Float64Array.from({ length: s.well.length * cols.length }, (_, j) => x.data[Math.floor(j / cols.length) * F + cols[j % cols.length]]);
  const tasks = real.map((w, k) => task(s, s.wells[w], [...real.filter((v) => v !== w), pseudo], rowsOf(s, new Set([w])), 1, SEED + k, pseudo));
  // the graph the issue names (2 depth neighbours a side, 4 log-space neighbours in other wells), and depth links alone
  const space = { points: pts, dim: cols.length };
  const preds = await runModels(s, wellGraph(s, pts, cols.length, 4, 2), tasks, space);
  for (const [k, v] of await runModels(s, wellGraph(s, pts, cols.length, 0, 2), tasks, space, true, ' (depth links only)')) preds.set(k, v);
  const spacing = 0.5 * 0.3048;
  for (const [k, v] of await depthVariants(s, tasks, spacing, 10)) preds.set(k, v);
  const out = ['| model | micro-F1 (accuracy) pooled over the 9 held-out wells | worst well | best well |', '|---|---|---|---|'];
  const cv = new Map<string, number>();
  for (const [name, p] of preds) {
    let ok = 0, total = 0;
    const per = tasks.map((t, k) => {
      const a = accuracy(s.labels, p[k], t.test);
      ok += a * t.test.length; total += t.test.length;
      return a;
    });
    cv.set(name, ok / total);
    out.push(`| ${name} | ${(ok / total).toFixed(3)} | ${Math.min(...per).toFixed(3)} | ${Math.max(...per).toFixed(3)} |`);
  }
  out.push('', verdict(cv, (v) => v.toFixed(3), 'the pooled leave-one-well-out score'), '', windowsNote(spacing));
  return out.join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`skipped: ${DATA} is absent`);
    return;
  }
  const measured = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  // the command that remeasures one part, with this run's other options (seeds, datasets)
  const others = args.filter((a, i) => a !== '--only' && args[i - 1] !== '--only');
  const rerun = (key: string) => `\`npm run bench:real -- --only ${[key, ...others].join(' ')}\``;
  const sections: [string, string, string, () => Promise<string>][] = [
    ['planetoid', '### Planetoid, public split (test accuracy, mean ± std over seeds)', `${measured}; seeds 0–${nSeeds - 1}; ${rerun('planetoid')}.`, () => planetoid(['gcn', 'gat', 'sage'])],
    ['gat-paper', "### Planetoid GAT with the paper's early stopping (up to 5,000 epochs; patience 100 on validation loss or accuracy; weights of the last epoch that improved both)", `${measured}; seeds 0–${nSeeds - 1}; ${rerun('gat-paper')}.`, () => planetoid(['gat-paper'])],
    ['force', '### FORCE 2020 lithology (score = minus the mean penalty-matrix cost; 0 is perfect)', `${measured}; model seed ${SEED}; ${rerun('force')}.`, force],
    ['seg', '### SEG 2016 facies, leave one well out', `${measured}; model seed ${SEED}; ${rerun('seg')}.`, seg],
    ['force-config', '### FORCE 2020 through `configs/wells/force.json` (the CLI\'s path; score = minus the mean penalty-matrix cost)', `${measured}; ${rerun('force-config')}.`, () => wellConfigScores({ file: join(__dirname, '../configs/wells/force.json'), folds: 3, seeds: [0, 1, 2, 3, 4], log })],
    ['seg-config', '### SEG 2016 through `configs/wells/seg.json` (the CLI\'s path)', `${measured}; ${rerun('seg-config')}.`, () => wellConfigScores({ file: join(__dirname, '../configs/wells/seg.json'), folds: 3, seeds: [0, 1, 2, 3, 4], alwaysTrain: [SEG_PSEUDO_WELL], log })],
    ['survey', '### Graphs on real airborne-EM survey geometry', `${measured}; ${rerun('survey')}.`, () => surveyGraphs(DATA)],
    ['default', '### The default run over five seeds: the GNN beside three baselines (issue #14)', `${measured}; \`configs/default.json\`; ${rerun('default')}.`, () => defaultSurveySeeds([0, 1, 2, 3, 4], mkdtempSync(join(tmpdir(), 'bench-default-')), log)],
    ['realism', '### Realism: the default synthetic survey beside real inverted airborne-EM surveys (issue #14)', `${measured}; synthetic from \`configs/default.json\` through \`generateSurvey\`; ${rerun('realism')}.`, () => aemRealism(DATA, join(__dirname, '../configs/default.json'))],
  ];
  for (const [key, title, provenance, run] of sections) {
    if (!only.has(key)) continue;
    log(`== ${key}`);
    const body = await run();
    console.log(`${title}\n\n${body}\n`);
    writeBenchSection(`real:${key}`, `${title}\n\n${provenance}\n\n${body}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
