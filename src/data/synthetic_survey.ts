import { makeRng } from '../util/rng';
import type { Table } from './csv';
import type { SurveyConfig } from './survey_config';
import { SyntheticEarth } from './synthetic_geology';

/**
 * Columns of the generated table, as a layered-earth inversion's export has them: position and
 * elevation of each cell's centre, its depth below ground and thickness, conductivity (S/m) with its
 * relative uncertainty, the sounding's depth of investigation; then the flight line, sounding and
 * layer indices, the true unit and the training flag. The leading unnamed index column is the older
 * tool's layout.
 */
export const SURVEY_COLUMNS = ['', 'id', 'x', 'y', 'z', 'depth', 'thickness', 'cond', 'cond_unc', 'doi', 'Line', 'station', 'layer', 'label', 'train'];

/** Depth step (m) of the fine true model the inversion images. */
const DZ = 1;

/** Layer tops and thicknesses, top to bottom. */
function layerGeometry(cfg: SurveyConfig): { top: Float64Array; thickness: Float64Array } {
  const top = new Float64Array(cfg.layers), thickness = new Float64Array(cfg.layers);
  let t = 0;
  for (let k = 0; k < cfg.layers; k++) {
    top[k] = t;
    thickness[k] = cfg.firstLayerThickness * Math.pow(cfg.thicknessGrowth, k);
    t += thickness[k];
  }
  return { top, thickness };
}

/** Soundings' positions: along each line at random spacings, lines a fixed distance apart. */
function stationPositions(cfg: SurveyConfig, seed: number): { x: Float64Array; y: Float64Array; width: number } {
  const rng = makeRng(`survey-${seed}-stations`);
  const n = cfg.lines * cfg.stationsPerLine;
  const x = new Float64Array(n), y = new Float64Array(n);
  const [spMin, spMax] = [Math.min(...cfg.stationSpacing), Math.max(...cfg.stationSpacing)];
  for (let l = 0; l < cfg.lines; l++) {
    let at = rng.next() * spMax;
    for (let s = 0; s < cfg.stationsPerLine; s++) {
      at += spMin + (spMax - spMin) * rng.next();
      x[l * cfg.stationsPerLine + s] = at;
      y[l * cfg.stationsPerLine + s] = l * cfg.lineSpacing + (rng.next() - 0.5) * 10;
    }
  }
  return { x, y, width: (cfg.stationsPerLine * (spMin + spMax)) / 2 };
}

/** Training soundings: every trainEvery-th line, or `boreholes` soundings, one in each equal share of the survey. */
function trainingStations(cfg: SurveyConfig, seed: number): Uint8Array {
  const S = cfg.stationsPerLine, n = cfg.lines * S;
  const train = new Uint8Array(n);
  if (cfg.labels === 'lines') {
    for (let i = 0; i < n; i++) train[i] = Math.floor(i / S) % cfg.trainEvery === 0 ? 1 : 0;
  } else {
    const rng = makeRng(`survey-${seed}-boreholes`);
    const b = Math.min(cfg.boreholes, n);
    for (let k = 0; k < b; k++) train[Math.floor(((k + rng.next()) * n) / b)] = 1;
  }
  return train;
}

/**
 * A seeded airborne-EM survey as an inversion delivers it. The true earth (SyntheticEarth) is
 * sampled every metre down each sounding with a little independent variation; the inversion is
 * imitated by a vertical Gaussian blur that widens with depth, a depth of investigation that
 * conductive ground above makes shallower (below it the model relaxes to a reference value, as
 * regularised inversions do), and a few passes of smoothing along each line. The relative
 * uncertainty grows with depth relative to the DOI. Labels are the true unit at each cell's centre.
 */
export function generateSurvey(cfg: SurveyConfig, seed: number): Table {
  const L = cfg.lines, S = cfg.stationsPerLine, K = cfg.layers, N = L * S * K;
  const { top, thickness } = layerGeometry(cfg);
  const centre = top.map((t, k) => t + thickness[k] / 2);
  const maxDepth = top[K - 1] + thickness[K - 1];
  const { x, y, width } = stationPositions(cfg, seed);
  const earth = new SyntheticEarth(cfg, makeRng(`survey-${seed}-geology`), { width, height: (L - 1) * cfg.lineSpacing });
  const noise = makeRng(`survey-${seed}-noise`);
  const train = trainingStations(cfg, seed);
  const nFine = Math.ceil(maxDepth / DZ);
  const fine = new Float64Array(nFine);
  const logc = new Float64Array(N), unc = new Float64Array(N), doi = new Float64Array(L * S);
  const unit = new Int32Array(N);
  const unitLog = new Float64Array(earth.units.length);
  const logRef = Math.log10(cfg.referenceConductivity);
  for (let st = 0; st < L * S; st++) {
    const col = earth.column(x[st], y[st]);
    for (let u = 0; u < earth.units.length; u++) unitLog[u] = earth.log10Conductivity(earth.units[u], x[st], y[st]);
    let conductance = 0;
    for (let j = 0; j < nFine; j++) {
      const d = (j + 0.5) * DZ;
      fine[j] = unitLog[earth.units.indexOf(earth.unitAt(col, d))] + cfg.cellNoise * noise.normal();
      if (d < cfg.doiMax) conductance += Math.pow(10, fine[j]) * DZ;
    }
    doi[st] = cfg.doiMax / (1 + conductance / cfg.doiConductance);
    for (let k = 0; k < K; k++) {
      const i = st * K + k, d = centre[k];
      const sigma = Math.max(cfg.smoothing[0] + cfg.smoothing[1] * d, DZ / 2);
      const lo = Math.max(0, Math.floor((d - 3 * sigma) / DZ)), hi = Math.min(nFine - 1, Math.ceil((d + 3 * sigma) / DZ));
      let sw = 0, sv = 0;
      for (let j = lo; j <= hi; j++) {
        const w = Math.exp(-0.5 * (((j + 0.5) * DZ - d) / sigma) ** 2);
        sw += w;
        sv += w * fine[j];
      }
      const below = 1 / (1 + Math.exp(-(d - doi[st]) / (0.15 * doi[st])));
      logc[i] = (1 - below) * (sv / sw) + below * logRef;
      unc[i] = (0.1 + 0.9 * (d / doi[st]) ** 2) * Math.exp(0.1 * noise.normal());
      unit[i] = earth.units.indexOf(earth.unitAt(col, d));
    }
  }
  smoothAlongLines(logc, L, S, K, cfg.alongLineSmoothing);

  const cols: string[][] = SURVEY_COLUMNS.map(() => []);
  for (let st = 0; st < L * S; st++) {
    const l = Math.floor(st / S), ground = earth.groundElevation(x[st], y[st]);
    for (let k = 0; k < K; k++) {
      const i = st * K + k;
      const row = ['' + i, 'n' + i, (cfg.origin[0] + x[st]).toFixed(2), (cfg.origin[1] + y[st]).toFixed(2), (ground - centre[k]).toFixed(2),
        centre[k].toFixed(2), thickness[k].toFixed(2), Math.pow(10, logc[i]).toPrecision(5), Math.min(unc[i], 99).toPrecision(3), doi[st].toFixed(1),
        'L' + (1000 + 10 * l), '' + (st % S), '' + k, earth.units[unit[i]], '' + train[st]];
      for (let c = 0; c < row.length; c++) cols[c].push(row[c]);
    }
  }
  return { file: '(synthetic survey)', header: SURVEY_COLUMNS.slice(), rows: N, columns: new Map(SURVEY_COLUMNS.map((h, c) => [h, cols[c]])) };
}

/** The inversion's lateral constraints: [1/4, 1/2, 1/4] passes along each line, layer by layer (ends reflect). */
function smoothAlongLines(v: Float64Array, L: number, S: number, K: number, passes: number): void {
  const row = new Float64Array(S), out = new Float64Array(S);
  for (let l = 0; l < L; l++) {
    for (let k = 0; k < K; k++) {
      for (let s = 0; s < S; s++) row[s] = v[(l * S + s) * K + k];
      for (let p = 0; p < passes; p++) {
        for (let s = 0; s < S; s++) out[s] = 0.25 * row[Math.max(0, s - 1)] + 0.5 * row[s] + 0.25 * row[Math.min(S - 1, s + 1)];
        row.set(out);
      }
      for (let s = 0; s < S; s++) v[(l * S + s) * K + k] = row[s];
    }
  }
}

/** The class list of a survey with this config, top to bottom. */
export function surveyClasses(cfg: SurveyConfig): string[] {
  return new SyntheticEarth(cfg, makeRng('classes'), { width: 1, height: 1 }).units.slice();
}

/** Columns of the logged boreholes' table (data.types 'borehole' of a synthetic survey). */
export const BOREHOLE_COLUMNS = ['id', 'hole', 'x', 'y', 'z', 'depth', 'cond', 'label'];

/**
 * Boreholes logged beside a survey (cfg.boreholeLogs), in the survey's own earth: each near a
 * flight line (within a quarter of the line spacing), at a random place along it, sampled every
 * boreholeSampling m down to the survey's base. A log reads the true conductivity at its depth
 * with a little noise (sharper than the survey: no inversion blur, no DOI) and the unit is logged.
 */
export function generateBoreholeLogs(cfg: SurveyConfig, seed: number): Table {
  const { top, thickness } = layerGeometry(cfg);
  const maxDepth = top[cfg.layers - 1] + thickness[cfg.layers - 1];
  const { width } = stationPositions(cfg, seed);
  // the same earth as the survey's (same seed and extent)
  const earth = new SyntheticEarth(cfg, makeRng(`survey-${seed}-geology`), { width, height: (cfg.lines - 1) * cfg.lineSpacing });
  const rng = makeRng(`survey-${seed}-borehole-logs`);
  const cols: string[][] = BOREHOLE_COLUMNS.map(() => []);
  let id = 0;
  for (let h = 0; h < cfg.boreholeLogs; h++) {
    const line = Math.floor(rng.next() * cfg.lines);
    const x = width * (0.05 + 0.9 * rng.next()), y = line * cfg.lineSpacing + (rng.next() - 0.5) * 0.5 * cfg.lineSpacing;
    const col = earth.column(x, y), ground = earth.groundElevation(x, y);
    for (let d = cfg.boreholeSampling / 2; d < maxDepth; d += cfg.boreholeSampling) {
      const unit = earth.unitAt(col, d);
      const logc = earth.log10Conductivity(unit, x, y) + cfg.cellNoise * rng.normal();
      const row = [`b${id++}`, `BH${h + 1}`, (cfg.origin[0] + x).toFixed(2), (cfg.origin[1] + y).toFixed(2), (ground - d).toFixed(2), d.toFixed(2), Math.pow(10, logc).toPrecision(5), unit];
      row.forEach((v, c) => cols[c].push(v));
    }
  }
  return { file: '(synthetic borehole logs)', header: BOREHOLE_COLUMNS.slice(), rows: cols[0].length, columns: new Map(BOREHOLE_COLUMNS.map((h, c) => [h, cols[c]])) };
}
