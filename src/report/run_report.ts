import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import { escapeHtml } from '../util/escape';
import { OutputFolder } from '../util/output_folder';
import { isSafeFileName } from '../util/safe_name';
import { page } from './page';
import { productMaps } from './products_figure';
import { svgToPng } from './png';
import { placedView, type RunData } from './run_data';
import { classMapFigure } from './class_map';
import { confusionFigure, curvesFigure, graphFigure, type Figure } from './run_figures';
import { sectionFigures, sectionLines } from './section_figures';
import { scene3dHtml } from './scene3d';
import { maxOf, minOf } from './svg';
import { wellFigures } from './well_figures';

/** SVG text inlined in report.html at most per figure (bytes); a larger one is embedded as PNG (figures/ keeps the SVG). */
export const INLINE_SVG_MAX = 400_000;

/** The file in figures/ that maps each figure id to the name it was made from (null: a fixed id); it also marks the folder as ours. */
export const FIGURE_NAMES_FILE = 'names.json';

/**
 * figures/<id>.svg (and .png) for each figure, and figures/names.json. The folder is assembled aside
 * and replaces the previous one as a whole, so a rerun leaves no stale figure; a figures folder
 * without names.json (not ours) is never replaced.
 */
export async function writeFigures(dir: string, figures: Figure[], png: boolean): Promise<void> {
  const ids = new Set<string>();
  for (const f of figures) {
    // ids come from safeFileNames or are fixed; this guards the folder against any future slip
    if (!isSafeFileName(f.id) || ids.has(f.id.toLowerCase())) throw new Error(`figure id '${f.id}' is not a safe, unique file name`);
    ids.add(f.id.toLowerCase());
  }
  const names = Object.fromEntries(figures.map((f) => [f.id, f.sourceName ?? null]));
  await OutputFolder.write(join(dir, 'figures'), 'figures', (staging) => {
    for (const f of figures) {
      writeFileAtomic(join(staging, `${f.id}.svg`), f.svg);
      if (png) writeFileAtomic(join(staging, `${f.id}.png`), svgToPng(f.svg));
    }
    writeFileAtomic(join(staging, FIGURE_NAMES_FILE), JSON.stringify(names, null, 2) + '\n');
  });
}

/** Held-out scores of the model and each baseline side by side, with recall per class (or why there are none). */
function scoresTable(r: RunData): string {
  const rows = [[r.metrics.model, r.metrics.test] as const, ...r.baselines.map((b) => [`${b.model} (baseline)`, b.test] as const)];
  if (!r.metrics.test) return '<p>No labelled held-out node: no held-out scores.</p>';
  const cell = (v: number) => `<td>${v.toFixed(4)}</td>`;
  const recall = (t: NonNullable<RunData['metrics']['test']>) => r.classes.map((_, c) => (t.perClass[c]?.support ? `<td>${t.perClass[c].recall.toFixed(3)}</td>` : '<td>–</td>')).join('');
  const head = `<tr><th>model</th><th>held-out nodes</th><th>accuracy</th><th>macro-F1</th>${r.classes.map((c) => `<th>recall: ${escapeHtml(c)}</th>`).join('')}</tr>`;
  const dashes = '<td>–</td>'.repeat(2 + r.classes.length);
  return `<table class="scores">${head}${rows.map(([m, t]) => `<tr><td>${escapeHtml(m)}</td><td>${t ? t.n : 0}</td>${t ? cell(t.accuracy) + cell(t.macroF1) + recall(t) : dashes}</tr>`).join('')}</table>`;
}

/**
 * A run's report in dir (or a prediction's): sections per line (with where the best baseline disagrees), or wells down their depth (data.depth),
 * maps of the predictions and of the depth to each unit, training curves, confusion matrices of the
 * model and the baselines, a graph window and the 3-D view, as figures/*.svg|png and one
 * self-contained report.html.
 */
export async function writeRunReport(dir: string, r: RunData, opts: { png?: boolean } = {}): Promise<{ file: string; figures: Figure[] }> {
  // what is drawn in space (sections, maps, the graph window, the 3-D view) shows only nodes with coordinates
  const { view: placed, left } = placedView(r);
  // data without coordinates (a config's coords null) sits at one point: nothing to draw in space
  const spread = placed.n > 0 && [placed.x, placed.y, placed.z].some((a) => a !== null && minOf(a) < maxOf(a));
  const spatial = placed.n > 0 && spread;
  // wells (data.depth) need no coordinates: every sample is drawn by its depth
  const chosen = spatial && !r.depth ? sectionLines(placed) : null;
  const sections = r.depth ? wellFigures(r) : spatial ? sectionFigures(placed, chosen!.lines) : [];
  const others = [
    ...(spatial ? [classMapFigure(placed)] : []),
    ...(r.products ? productMaps(r.products, r.classes) : []),
    ...(r.history.length ? [curvesFigure(r)] : []),
    ...(r.metrics.test ? [confusionFigure(r.classes, r.metrics.test, 'confusion', r.metrics.model)] : []),
    ...r.baselines.flatMap((b) => (b.test ? [confusionFigure(r.classes, b.test, `confusion-baseline-${b.key}`, `the ${b.model} baseline`)] : [])),
    ...(spatial && placed.edges.u.length ? [graphFigure(placed)] : []),
  ];
  const figures = [...sections, ...others];
  await writeFigures(dir, figures, opts.png ?? true);
  const nowhere = !spread && left === 0 ? '<p class="note">The nodes have no coordinates (they all sit at one point): no sections along lines, maps, graph window or 3-D view.</p>' : '';
  const note = nowhere + (left ? `<p class="note">${left.toLocaleString('en')} of ${r.n.toLocaleString('en')} nodes have no coordinates: ${spatial ? `they are left out of ${r.depth ? '' : 'the sections, '}the maps, the graph window and the 3-D view` : `no ${r.depth ? '' : 'sections, '}maps, graph window or 3-D view`} (their predictions are in <code>predictions.csv</code>).</p>` : '');
  const intro = `<p>Model <b>${escapeHtml(r.metrics.model)}</b>; ${r.n.toLocaleString('en')} nodes, ${r.edges.u.length.toLocaleString('en')} edges. Figures are also in <code>figures/</code> as SVG and PNG.</p>${note}${scoresTable(r)}`;
  // a figure too large to inline as SVG (a long line's section) goes in as its picture
  const fig = (f: Figure) => `<div class="fig" id="fig-${escapeHtml(f.id)}">${f.svg.length <= INLINE_SVG_MAX ? f.svg : `<img class="figure" alt="${escapeHtml(f.title)}" src="data:image/png;base64,${svgToPng(f.svg, 1).toString('base64')}">`}</div>`;
  const html = page(`geo-graphnet run: ${r.name}`, intro, [
    ...(sections.length ? [`<section id="sections"><h2>${r.depth ? `Wells (${sections.length})` : `Sections (${sections.length} lines)`}</h2>${chosen?.note ? `<p class="note">${escapeHtml(chosen.note)}</p>` : ''}<div class="sections">${sections.map(fig).join('')}</div></section>`] : []),
    ...others.map((f) => `<section id="sec-${escapeHtml(f.id)}"><h2>${escapeHtml(f.title)}</h2>${fig(f)}</section>`),
    ...(spatial ? [scene3dHtml(placed)] : []),
  ]);
  const file = join(dir, 'report.html');
  writeFileAtomic(file, html);
  return { file, figures };
}
