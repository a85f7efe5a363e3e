import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write';
import { page } from './page';
import { svgToPng } from './png';
import type { RunData } from './run_data';
import { confusionFigure, curvesFigure, graphFigure, mapFigure, sectionFigures, type Figure } from './run_figures';
import { scene3dHtml } from './scene3d';
import { esc } from './svg';

/** Write figures/<id>.svg (and .png) for each figure. */
export function writeFigures(dir: string, figures: Figure[], png: boolean): void {
  const figDir = join(dir, 'figures');
  mkdirSync(figDir, { recursive: true });
  for (const f of figures) {
    writeFileAtomic(join(figDir, `${f.id}.svg`), f.svg);
    if (png) writeFileAtomic(join(figDir, `${f.id}.png`), svgToPng(f.svg));
  }
}

/**
 * A run's report in dir: sections per line, map, training curves, confusion matrix, a graph window
 * and the 3-D view, as figures/*.svg|png and one self-contained report.html.
 */
export function writeRunReport(dir: string, r: RunData, opts: { png?: boolean } = {}): { file: string; figures: Figure[] } {
  const sections = sectionFigures(r);
  const others = [mapFigure(r), curvesFigure(r), confusionFigure(r), ...(r.edges.u.length ? [graphFigure(r)] : [])];
  const figures = [...sections, ...others];
  writeFigures(dir, figures, opts.png ?? true);
  const m = r.metrics.test;
  const intro = `<p>Model <b>${esc(r.metrics.model)}</b>: held-out accuracy ${m.accuracy.toFixed(4)}, macro-F1 ${m.macroF1.toFixed(4)}; ${r.n.toLocaleString('en')} nodes, ${r.edges.u.length.toLocaleString('en')} edges. Figures are also in <code>figures/</code> as SVG and PNG.</p>`;
  const fig = (f: Figure) => `<div class="fig" id="fig-${esc(f.id)}">${f.svg}</div>`;
  const html = page(`geo-graphnet run: ${r.name}`, intro, [
    `<section id="sections"><h2>Sections (${sections.length} lines)</h2><div class="sections">${sections.map(fig).join('')}</div></section>`,
    ...others.map((f) => `<section id="sec-${esc(f.id)}"><h2>${esc(f.title)}</h2>${fig(f)}</section>`),
    scene3dHtml(r),
  ]);
  const file = join(dir, 'report.html');
  writeFileAtomic(file, html);
  return { file, figures };
}
