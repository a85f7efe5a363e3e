/*
 * npm run bench:hetero — what borehole logs add to the survey (issue #18), on the default synthetic
 * survey with 12 logged boreholes (configs/hetero.json), scored on the held-out lines:
 *   survey + boreholes: the heterogeneous graph, SAGE with a weight per relation;
 *   survey only: the same model and graph without the boreholes (configs/default.json's set-up);
 *   labels copied: survey only, but the cells of the sounding nearest each borehole take the
 *     borehole's logged unit at their depth as training labels (what one would do without a
 *     heterogeneous model);
 *   the first two again with training labels as inputs (method.labelInput), so a borehole's
 *     logged unit reaches the cells it links to as a feature, not only through the loss.
 * Every variant is scored on the same nodes: the held-out cells, less those the copy labelled.
 * Mean ± sd over training seeds 0-4 (the survey, its boreholes and the split are the same).
 * Usage: npm run bench:hetero [-- --seeds 5]; writes BENCHMARKS.md between its markers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadRunConfig } from '../src/config/load';
import type { RunConfig } from '../src/config/run_config';
import { csvLine } from '../src/data/csv';
import { SPLIT } from '../src/data/node_set';
import { generateBoreholeLogs, generateSurvey } from '../src/data/synthetic_survey';
import { prepare } from '../src/pipeline/prepare';
import { meanStd, runExperiment, runPrepareConfig } from '../src/pipeline/run';
import { classificationMetrics } from '../src/train/metrics';
import { writeBenchSection } from './benchmarks_md';

const args = process.argv.slice(2);
const nSeeds = args.includes('--seeds') ? Number(args[args.indexOf('--seeds') + 1]) : 5;
if (!(Number.isInteger(nSeeds) && nSeeds >= 1)) throw new Error('--seeds takes a count ≥ 1');
const seeds = Array.from({ length: nSeeds }, (_, i) => i);
const log = (s: string) => process.stderr.write(`${s}\n`);
const CONFIG = join(__dirname, '../configs/hetero.json');

/** The survey table with the copied labels: each borehole's nearest sounding labelled through depth from the log. */
function copiedLabelSurvey(cfg: RunConfig, dir: string): { file: string; copied: Set<string> } {
  const survey = generateSurvey(cfg.data.synthetic, cfg.seed);
  const logs = generateBoreholeLogs(cfg.data.synthetic, cfg.seed);
  const col = (t: typeof survey, c: string) => t.columns.get(c)!;
  const [sx, sy, sd, lab, train, id] = ['x', 'y', 'depth', 'label', 'train', 'id'].map((c) => col(survey, c));
  const [bx, by, bd, bl, hole] = ['x', 'y', 'depth', 'label', 'hole'].map((c) => col(logs, c));
  const copied = new Set<string>();
  for (const h of new Set(hole)) {
    const rows = hole.map((v, r) => (v === h ? r : -1)).filter((r) => r >= 0);
    const x = Number(bx[rows[0]]), y = Number(by[rows[0]]);
    let best = -1, bdist = Infinity;
    for (let r = 0; r < survey.rows; r++) { const d = (Number(sx[r]) - x) ** 2 + (Number(sy[r]) - y) ** 2; if (d < bdist) { bdist = d; best = r; } }
    const key = `${sx[best]},${sy[best]}`;
    for (let r = 0; r < survey.rows; r++) {
      if (`${sx[r]},${sy[r]}` !== key) continue;
      // the log's sample nearest this cell's depth
      const near = rows.reduce((a, b) => (Math.abs(Number(bd[b]) - Number(sd[r])) < Math.abs(Number(bd[a]) - Number(sd[r])) ? b : a));
      lab[r] = bl[near];
      train[r] = '1';
      copied.add(id[r]);
    }
  }
  const file = join(dir, 'survey_copied_labels.csv');
  const lines = [csvLine(survey.header)];
  for (let r = 0; r < survey.rows; r++) lines.push(csvLine(survey.header.map((h) => survey.columns.get(h)![r])));
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, copied };
}

interface Scores { f1: number[]; acc: number[]; paleo: number[]; seconds: number[] }

/** The config's model over the seeds, scored on the node ids given (held-out survey cells). */
async function scores(cfg: RunConfig, scoredIds: Set<string>, label: string): Promise<Scores> {
  const prepared = await prepare(runPrepareConfig(cfg), { log: () => {} });
  const { nodes } = prepared;
  const rows = Int32Array.from(nodes.ids.map((id, i) => (scoredIds.has(id) ? i : -1)).filter((i) => i >= 0));
  const out: Scores = { f1: [], acc: [], paleo: [], seconds: [] };
  for (const seed of seeds) {
    const r = await runExperiment(cfg, { prepared, trainSeed: seed, quiet: true, log: () => {} });
    const m = classificationMetrics(nodes.labels, r.main.pred, r.main.probs, rows, nodes.classes);
    out.f1.push(m.macroF1);
    out.acc.push(m.accuracy);
    out.paleo.push(m.perClass[nodes.classes.indexOf('paleochannel')]?.recall ?? NaN);
    out.seconds.push(r.main.seconds);
    log(`${label}, seed ${seed}: macro-F1 ${m.macroF1.toFixed(4)}, accuracy ${m.accuracy.toFixed(4)} on ${rows.length} cells (${r.main.seconds.toFixed(1)} s)`);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hetero-'));
  const hetero = loadRunConfig(CONFIG, { overrides: { out: dir }, set: ['method.baselines=[]'] });
  const surveyOnly = loadRunConfig(CONFIG, { overrides: { out: dir }, set: ['method.baselines=[]', 'data.synthetic.boreholeLogs=0', 'graph.relations=[]'] });
  const { file, copied } = copiedLabelSurvey(hetero, dir);
  const copiedCfg = loadRunConfig(CONFIG, {
    overrides: { out: dir },
    set: ['method.baselines=[]', 'data.synthetic.boreholeLogs=0', 'graph.relations=[]', 'data.source=csv', `data.nodes=${JSON.stringify(file)}`,
      'data.id=id', 'data.label=label', 'data.trainFlag=train', 'data.group=Line', 'data.doi=doi', 'data.units={"cond":"S/m","depth":"m","doi":"m"}'],
  });
  // the scored nodes: held-out cells of the survey, less those the copy labelled
  const base = await prepare(runPrepareConfig(surveyOnly), { log: () => {} });
  const scored = new Set(base.nodes.ids.filter((id, i) => base.split.role[i] === SPLIT.TEST && base.nodes.labels[i] >= 0 && !copied.has(id)));
  const boreholeNodes = (await prepare(runPrepareConfig(hetero), { log: () => {} })).nodes.n - base.nodes.n;
  // labels as inputs (method.labelInput): the boreholes' logged units reach the cells they link to
  const withLabels = (c: RunConfig): RunConfig => ({ ...c, method: { ...c.method, labelInput: true } });
  const rows: [string, Scores][] = [
    ['survey + boreholes (heterogeneous SAGE, a weight per relation)', await scores(hetero, scored, 'hetero')],
    ['survey only (the same SAGE, graph and split)', await scores(surveyOnly, scored, 'survey only')],
    [`survey only, borehole labels copied to the ${copied.size} cells of the nearest soundings`, await scores(copiedCfg, scored, 'labels copied')],
    ['survey + boreholes, training labels as inputs (method.labelInput)', await scores(withLabels(hetero), scored, 'hetero, label inputs')],
    ['survey only, training labels as inputs (method.labelInput)', await scores(withLabels(surveyOnly), scored, 'survey only, label inputs')],
  ];
  const pm = (v: number[]) => { const s = meanStd(v); return `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`; };
  const table = [
    '| variant | held-out macro-F1 | accuracy | recall: paleochannel | s per model |', '|---|---|---|---|---|',
    ...rows.map(([name, s]) => `| ${name} | ${pm(s.f1)} | ${pm(s.acc)} | ${pm(s.paleo)} | ${meanStd(s.seconds).mean.toFixed(1)} |`),
  ];
  const mean = (k: number) => meanStd(rows[k][1].f1).mean;
  const sign = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
  const body = [
    ...table, '',
    `\`configs/hetero.json\`: the default survey (10 lines × 100 soundings × 30 layers, alternate lines labelled) with ${hetero.data.synthetic.boreholeLogs} logged boreholes (${boreholeNodes.toLocaleString('en')} samples every ${hetero.data.synthetic.boreholeSampling} m, the true conductivity without the inversion's blur, and the logged unit), each linked to its 6 nearest cells within 150 m (depth weighed ×10) and to the samples above and below it. Scored on the same ${scored.size.toLocaleString('en')} held-out cells for every variant (the held-out lines' cells, less the copied ones). Training seeds ${seeds.join(', ')}. The boreholes add ${sign(mean(0) - mean(1))} macro-F1 through the heterogeneous model, ${sign(mean(3) - mean(4))} when training labels are inputs (the boreholes' units then reach the cells they link to; against the survey alone without label inputs ${sign(mean(3) - mean(1))}), and ${sign(mean(2) - mean(1))} as copied labels.`,
  ].join('\n');
  const measured = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at the end; \`npm run bench:hetero\`.`;
  console.log(body);
  writeBenchSection('hetero', `### Heterogeneous graphs: what logged boreholes add to the survey (issue #18)\n\n${measured}\n\n${body}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
