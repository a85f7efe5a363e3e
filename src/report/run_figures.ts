import { escapeHtml } from '../util/escape';
import { classColor, classColors, viridis } from './colors';
import type { HeldOutScores, RunData } from './run_data';
import { axes, fmt, linear, maxOf, minOf, svgDoc, swatches } from './svg';

/**
 * A named SVG figure. `id` is its file name (without extension), always file-name safe; a figure
 * drawn per line or parameter keeps that name in `sourceName`. `data` holds what the figure shows,
 * for tests and the page.
 */
export interface Figure { id: string; title: string; svg: string; sourceName?: string; data?: Record<string, unknown> }


/** Distance along a line: projection of (x, y) on the line's principal direction, from its start. */
export function alongLine(xs: number[], ys: number[]): number[] {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0, sxy = 0, syy = 0;
  xs.forEach((x, i) => { const dx = x - mx, dy = ys[i] - my; sxx += dx * dx; sxy += dx * dy; syy += dy * dy; });
  const ang = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const d = xs.map((x, i) => (x - mx) * Math.cos(ang) + (ys[i] - my) * Math.sin(ang));
  const lo = minOf(d);
  return d.map((v) => v - lo);
}

/** The main measured value: the first log-transformed feature (conductivity), else the first one; a node of another type shows its own value of that name. */
export function mainValue(r: RunData): { name: string; v: Float64Array } | null {
  const name = r.logFeatures.map((f) => `log10_${f}`).find((f) => r.values.has(f)) ?? [...r.values.keys()][0];
  if (name === undefined) return null;
  // nodes of another type (data.types) have the same measurement as <type>:<name>: drawn on the same scale
  const own = [...r.values.keys()].filter((k) => k.endsWith(`:${name}`)).map((k) => r.values.get(k)!);
  const main = r.values.get(name)!;
  if (own.length === 0) return { name, v: main };
  return { name, v: Float64Array.from(main, (v, i) => (Number.isNaN(v) ? own.map((o) => o[i]).find((o) => !Number.isNaN(o)) ?? NaN : v)) };
}

/** The baseline with the highest held-out macro-F1 (the first when none is scored), or null. */
export function strongestBaseline(r: RunData): RunData['baselines'][number] | null {
  let best: RunData['baselines'][number] | null = null;
  for (const b of r.baselines) if (!best || (b.test?.macroF1 ?? -1) > (best.test?.macroF1 ?? -1)) best = b;
  return best;
}

/** Training loss and validation metric per epoch for each model, the kept epoch marked. */
export function curvesFigure(r: RunData): Figure {
  const models = [...new Set(r.history.map((h) => h.model))];
  const box = { l: 60, r: 420, t: 30, b: 230 };
  const maxE = maxOf(r.history.map((h) => h.epoch));
  const losses = r.history.flatMap((h) => [h.train_loss, h.val_loss ?? NaN]).filter(Number.isFinite);
  const xs = linear(1, maxE, box.l, box.r);
  const yl = linear(0, maxOf(losses), box.b, box.t);
  const yf = linear(0, 1, box.b + 260, box.t + 260);
  const path = (pts: [number, number][]) => pts.map(([a, b], i) => `${i ? 'L' : 'M'}${a.toFixed(1)},${b.toFixed(1)}`).join('');
  let body = '<text x="60" y="16" font-size="13" font-weight="bold">Training curves</text>';
  const legend: { label: string; color: string }[] = [];
  models.forEach((m, k) => {
    const h = r.history.filter((e) => e.model === m);
    const c = classColor(k + 4);
    body += `<path d="${path(h.map((e) => [xs(e.epoch), yl(e.train_loss)]))}" fill="none" stroke="${c}" stroke-width="1.5"/>`;
    const vl = h.filter((e) => e.val_loss !== null);
    if (vl.length) body += `<path d="${path(vl.map((e) => [xs(e.epoch), yl(e.val_loss!)]))}" fill="none" stroke="${c}" stroke-dasharray="4 3" stroke-width="1.5"/>`;
    const vf = h.filter((e) => e.val_macro_f1 !== null);
    if (vf.length) body += `<path d="${path(vf.map((e) => [xs(e.epoch), yf(e.val_macro_f1!)]))}" fill="none" stroke="${c}" stroke-width="1.5"/>`;
    // the kept epoch, as the model's selection rule chose it
    const kept = r.keptEpochs.find((k) => k.model === m)?.epoch;
    if (kept !== undefined) {
      body += `<line x1="${xs(kept)}" y1="${box.t}" x2="${xs(kept)}" y2="${box.b + 260}" stroke="${c}" stroke-dasharray="2 2"/>`;
      legend.push({ label: `${m}: kept epoch ${kept}`, color: c });
    } else legend.push({ label: m, color: c });
  });
  body += axes(xs, yl, 'epoch', 'loss (solid train, dashed validation)', box);
  body += axes(xs, yf, 'epoch', 'validation macro-F1', { ...box, t: box.t + 260, b: box.b + 260 });
  body += swatches(box.r + 14, box.t, legend);
  return { id: 'curves', title: 'Training curves', svg: svgDoc(640, 530, 'Training curves', body), data: { models, epochs: maxE } };
}

/** Confusion matrix of the held-out nodes with counts and per-class recall. */
export function confusionFigure(classes: string[], test: HeldOutScores, id: string, model: string): Figure {
  const cm = test.confusion;
  const C = classes.length;
  const cell = Math.min(60, 360 / C);
  const x0 = 130, y0 = 60;
  const max = Math.max(1, ...cm.flat());
  const title = `Confusion matrix of ${model}, held-out nodes`;
  let body = `<text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)} (accuracy ${test.accuracy.toFixed(3)}, macro-F1 ${test.macroF1.toFixed(3)})</text>`;
  body += `<text x="${x0 + (C * cell) / 2}" y="${y0 - 24}" text-anchor="middle">predicted</text><text transform="translate(${x0 - 100},${y0 + (C * cell) / 2}) rotate(-90)" text-anchor="middle">true</text>`;
  classes.forEach((c, k) => {
    body += `<text x="${x0 + k * cell + cell / 2}" y="${y0 - 6}" text-anchor="middle">${escapeHtml(c)}</text><text x="${x0 - 6}" y="${y0 + k * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(c)}</text>`;
    body += `<text class="recall" x="${x0 + C * cell + 8}" y="${y0 + k * cell + cell / 2 + 4}">recall ${fmt(test.perClass[k]?.recall ?? 0)}</text>`;
  });
  cm.forEach((row, t) => row.forEach((v, p) => {
    const shade = viridis(v / max);
    body += `<rect x="${x0 + p * cell}" y="${y0 + t * cell}" width="${cell}" height="${cell}" fill="${shade}" stroke="#fff"/><text class="count" data-true="${t}" data-pred="${p}" x="${x0 + p * cell + cell / 2}" y="${y0 + t * cell + cell / 2 + 4}" text-anchor="middle" fill="${v / max > 0.6 ? '#000' : '#fff'}">${v}</text>`;
  }));
  return { id, title, svg: svgDoc(Math.max(x0 + C * cell + 110, 560), y0 + C * cell + 20, title, body), data: { confusion: cm } };
}

/** A window of the graph: the nodes of one line nearest its middle, and the edges among them. */
export function graphFigure(r: RunData, maxNodes = 400): Figure {
  const g = [...new Set(r.group)].sort()[0];
  const members = r.group.map((v, i) => (v === g ? i : -1)).filter((i) => i >= 0);
  const d = alongLine(members.map((i) => r.x[i]), members.map((i) => r.y[i]));
  const mid = (minOf(d) + maxOf(d)) / 2;
  const order = members.map((_, k) => k).sort((a, b) => Math.abs(d[a] - mid) - Math.abs(d[b] - mid)).slice(0, maxNodes);
  const pos = new Map(order.map((k) => [members[k], { d: d[k], z: r.z ? r.z[members[k]] : 0 }]));
  const ds = [...pos.values()].map((p) => p.d), zs = [...pos.values()].map((p) => p.z);
  const box = { l: 60, r: 560, t: 30, b: 330 };
  const xs = linear(minOf(ds), maxOf(ds), box.l, box.r), ys = linear(minOf(zs), maxOf(zs), box.b, box.t);
  let lines = '', shown = 0, across = 0;
  for (let e = 0; e < r.edges.u.length; e++) {
    const a = pos.get(r.edges.u[e]), b = pos.get(r.edges.v[e]);
    if (!a || !b) { if (a || b) across++; continue; }
    shown++;
    lines += `<line x1="${xs(a.d).toFixed(1)}" y1="${ys(a.z).toFixed(1)}" x2="${xs(b.d).toFixed(1)}" y2="${ys(b.z).toFixed(1)}" stroke="#888" stroke-width="0.6"/>`;
  }
  let dots = '';
  const colors = classColors(r.classes);
  for (const [i, p] of pos) dots += `<circle cx="${xs(p.d).toFixed(1)}" cy="${ys(p.z).toFixed(1)}" r="2.2" fill="${colors[r.pred[i]]}"/>`;
  const body = `<text x="60" y="16" font-size="13" font-weight="bold">Graph window: ${pos.size} nodes of line ${escapeHtml(g)}, ${shown} edges among them (${across} more leave the window, e.g. to other lines)</text>${lines}${dots}${axes(xs, ys, 'distance along line (m)', 'elevation (m)', box)}`;
  return { id: 'graph', title: 'Graph window', svg: svgDoc(640, 380, 'Graph window', body), data: { nodes: pos.size, edges: shown } };
}
