import { escapeHtml } from '../util/escape';
import { SAFE_NAME_MAX, safeFileNames } from '../util/safe_name';
import { AGREE, classColor, viridis } from './colors';
import type { HeldOutScores, RunData } from './run_data';
import { axes, colorBar, fmt, linear, maxOf, minOf, svgDoc, swatches } from './svg';

/**
 * A named SVG figure. `id` is its file name (without extension), always file-name safe; a figure
 * drawn per line or parameter keeps that name in `sourceName`. `data` holds what the figure shows,
 * for tests and the page.
 */
export interface Figure { id: string; title: string; svg: string; sourceName?: string; data?: Record<string, unknown> }

const BOX = { l: 60, r: 560, t: 24, b: 164 };

/** Distance along a line: projection of (x, y) on the line's principal direction, from its start. */
function alongLine(xs: number[], ys: number[]): number[] {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0, sxy = 0, syy = 0;
  xs.forEach((x, i) => { const dx = x - mx, dy = ys[i] - my; sxx += dx * dx; sxy += dx * dy; syy += dy * dy; });
  const ang = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const d = xs.map((x, i) => (x - mx) * Math.cos(ang) + (ys[i] - my) * Math.sin(ang));
  const lo = minOf(d);
  return d.map((v) => v - lo);
}

/** The main measured value: the first log-transformed feature (conductivity), else the first one. */
export function mainValue(r: RunData): { name: string; v: Float64Array } | null {
  const name = r.logFeatures.find((f) => r.values.has(f)) ?? [...r.values.keys()][0];
  return name === undefined ? null : { name, v: r.values.get(name)! };
}

interface Panel { label: string; color: (i: number) => string; legend: string }

/** The baseline with the highest held-out macro-F1 (the first when none is scored), or null. */
export function strongestBaseline(r: RunData): RunData['baselines'][number] | null {
  let best: RunData['baselines'][number] | null = null;
  for (const b of r.baselines) if (!best || (b.test?.macroF1 ?? -1) > (best.test?.macroF1 ?? -1)) best = b;
  return best;
}

/**
 * Sections: one per line (group), distance along the line × elevation, one panel per quantity.
 * Cells of a station column with the same colour are drawn as one rectangle.
 */
export function sectionFigures(r: RunData): Figure[] {
  const val = mainValue(r);
  const isLog = val !== null && r.logFeatures.includes(val.name);
  const vRange = val ? [minOf(val.v), maxOf(val.v)] : [0, 1];
  const hasLabels = r.label.some((l) => l >= 0);
  const entMax = Math.log(Math.max(2, r.classes.length));
  const best = strongestBaseline(r);
  const panels: Panel[] = [
    ...(val ? [{ label: `${val.name}${isLog ? ' (log10)' : ''}`, color: (i: number) => viridis((val.v[i] - vRange[0]) / (vRange[1] - vRange[0] || 1)), legend: 'value' }] : []),
    { label: 'predicted class', color: (i) => classColor(r.pred[i]), legend: 'class' },
    { label: 'entropy of the prediction (nats)', color: (i) => viridis(r.entropy[i] / entMax), legend: 'entropy' },
    ...(hasLabels ? [{ label: 'agreement with the label', color: (i: number) => (r.label[i] < 0 ? AGREE.none : r.label[i] === r.pred[i] ? AGREE.right : AGREE.wrong), legend: 'agree' }] : []),
    ...(best ? [{ label: `where ${r.metrics.model} and the ${best.model} baseline disagree`, color: (i: number) => (best.pred[i] === r.pred[i] ? AGREE.none : AGREE.wrong), legend: 'disagree' }] : []),
  ];
  const groups = [...new Set(r.group)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  // the prefix counts towards the length limit of a file name
  const fileNames = safeFileNames(groups, SAFE_NAME_MAX - 'section-'.length);
  return groups.map((g, gi) => {
    const idx = r.group.map((v, i) => (v === g ? i : -1)).filter((i) => i >= 0);
    const d = alongLine(idx.map((i) => r.x[i]), idx.map((i) => r.y[i]));
    const z = idx.map((i) => (r.z ? r.z[i] : 0));
    // stations: nodes sharing a distance along the line (to a centimetre)
    const stations = new Map<string, number[]>();
    idx.forEach((_, k) => { const key = d[k].toFixed(2); (stations.get(key) ?? stations.set(key, []).get(key)!).push(k); });
    const stationD = [...stations.keys()].map(Number).sort((a, b) => a - b);
    const gaps = stationD.slice(1).map((v, k) => v - stationD[k]).sort((a, b) => a - b);
    const cellW = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 1;
    const xs = linear(stationD[0] - cellW / 2, stationD[stationD.length - 1] + cellW / 2, BOX.l, BOX.r);
    const zLo = minOf(z), zHi = maxOf(z);
    const zPad = (zHi - zLo) / Math.max(1, maxOf([...stations.values()].map((s) => s.length)) - 1) / 2 || 1;
    const ys = linear(zLo - zPad, zHi + zPad, BOX.b, BOX.t);
    const trained = idx.some((i) => r.split[i] === 'train');
    const counts = new Array<number>(r.classes.length).fill(0);
    for (const i of idx) counts[r.pred[i]]++;
    const ph = BOX.b + 50;
    let body = `<text x="${BOX.l}" y="14" font-size="13" font-weight="bold">Line ${escapeHtml(g)}${trained ? ' — training line' : ' — not trained on'}</text>`;
    panels.forEach((p, pi) => {
      let cells = '';
      stationD.forEach((sd, k) => {
        const members = stations.get(sd.toFixed(2))!;
        // each station spans halfway to its neighbours along the line
        const x0 = xs(k === 0 ? sd - cellW / 2 : (stationD[k - 1] + sd) / 2), w = xs(k === stationD.length - 1 ? sd + cellW / 2 : (sd + stationD[k + 1]) / 2) - x0;
        const col = members.slice().sort((a, b) => z[b] - z[a]);
        // each cell spans halfway to its neighbours above and below
        const edge = (k: number) => (k <= 0 ? z[col[0]] + zPad : k >= col.length ? z[col[col.length - 1]] - zPad : (z[col[k - 1]] + z[col[k]]) / 2);
        let start = 0;
        for (let k = 1; k <= col.length; k++) {
          if (k < col.length && p.color(idx[col[k]]) === p.color(idx[col[start]])) continue;
          const top = ys(edge(start)), bot = ys(edge(k));
          cells += `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(w + 0.3).toFixed(1)}" height="${(bot - top + 0.3).toFixed(1)}" fill="${p.color(idx[col[start]])}"/>`;
          start = k;
        }
      });
      const legend = p.legend === 'class' ? swatches(BOX.r + 14, BOX.t + 4, r.classes.map((c, k) => ({ label: `${c} (${counts[k]})`, color: classColor(k) })))
        : p.legend === 'agree' ? swatches(BOX.r + 14, BOX.t + 4, [{ label: 'right', color: AGREE.right }, { label: 'wrong', color: AGREE.wrong }, { label: 'unlabelled', color: AGREE.none }])
        : p.legend === 'disagree' ? swatches(BOX.r + 14, BOX.t + 4, [{ label: 'disagree', color: AGREE.wrong }, { label: 'agree', color: AGREE.none }])
          : p.legend === 'value' ? colorBar(BOX.r + 14, BOX.t + 14, BOX.b - BOX.t - 20, vRange[0], vRange[1], viridis, '')
            : colorBar(BOX.r + 14, BOX.t + 14, BOX.b - BOX.t - 20, 0, entMax, viridis, '');
      body += `<g class="panel" data-panel="${escapeHtml(p.legend)}" transform="translate(0,${10 + pi * ph})"><text x="${BOX.l}" y="${BOX.t - 6}">${escapeHtml(p.label)}</text>${cells}${axes(xs, ys, 'distance along line (m)', r.z ? 'elevation (m)' : '', BOX)}${legend}</g>`;
    });
    return {
      id: `section-${fileNames[gi]}`, title: `Section of line ${g}`, sourceName: g,
      svg: svgDoc(740, 20 + panels.length * ph, `Section of line ${g}`, body, 'figure section'),
      data: { line: g, nodes: idx.length, predictedCounts: Object.fromEntries(r.classes.map((c, k) => [c, counts[k]])), distance: [xs.lo, xs.hi], elevation: [zLo, zHi] },
    };
  });
}

/** Map of the per-station majority prediction (x, y), training lines outlined. */
export function mapFigure(r: RunData): Figure {
  const st = new Map<string, number[]>();
  for (let i = 0; i < r.n; i++) { const k = `${r.x[i].toFixed(2)},${r.y[i].toFixed(2)}`; (st.get(k) ?? st.set(k, []).get(k)!).push(i); }
  const pts = [...st.values()].map((m) => {
    const c = new Array<number>(r.classes.length).fill(0);
    for (const i of m) c[r.pred[i]]++;
    return { x: r.x[m[0]], y: r.y[m[0]], cls: c.indexOf(maxOf(c)), train: m.some((i) => r.split[i] === 'train') };
  });
  const xr = [minOf(pts.map((p) => p.x)), maxOf(pts.map((p) => p.x))], yr = [minOf(pts.map((p) => p.y)), maxOf(pts.map((p) => p.y))];
  const box = { l: 70, r: 470, t: 30, b: 430 };
  const span = Math.max(xr[1] - xr[0], yr[1] - yr[0]) || 1;
  const xs = linear(xr[0], xr[0] + span, box.l, box.r), ys = linear(yr[0], yr[0] + span, box.b, box.t);
  const counts = new Array<number>(r.classes.length).fill(0);
  let dots = '';
  for (const p of pts) {
    counts[p.cls]++;
    dots += `<circle cx="${xs(p.x).toFixed(1)}" cy="${ys(p.y).toFixed(1)}" r="3" fill="${classColor(p.cls)}"${p.train ? ' stroke="#000" stroke-width="0.8"' : ''}/>`;
  }
  const body = `<text x="${box.l}" y="16" font-size="13" font-weight="bold">Most frequent predicted class per station (outlined: training lines)</text>${dots}${axes(xs, ys, 'x (m)', 'y (m)', box)}${swatches(box.r + 14, box.t, r.classes.map((c, k) => ({ label: `${c} (${counts[k]} stations)`, color: classColor(k) })))}`;
  return { id: 'map', title: 'Map of predictions', svg: svgDoc(640, 480, 'Map of predictions', body), data: { stations: pts.length, counts } };
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
  for (const [i, p] of pos) dots += `<circle cx="${xs(p.d).toFixed(1)}" cy="${ys(p.z).toFixed(1)}" r="2.2" fill="${classColor(r.pred[i])}"/>`;
  const body = `<text x="60" y="16" font-size="13" font-weight="bold">Graph window: ${pos.size} nodes of line ${escapeHtml(g)}, ${shown} edges among them (${across} more leave the window, e.g. to other lines)</text>${lines}${dots}${axes(xs, ys, 'distance along line (m)', 'elevation (m)', box)}`;
  return { id: 'graph', title: 'Graph window', svg: svgDoc(640, 380, 'Graph window', body), data: { nodes: pos.size, edges: shown } };
}
