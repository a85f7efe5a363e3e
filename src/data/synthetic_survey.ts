import { makeRng } from '../util/rng';
import type { Table } from './csv';
import type { SurveyConfig } from './survey_config';

/** Column names of the generated table: the older tool's layout (Line, cond, runc, label, train). */
export const SURVEY_COLUMNS = ['', 'id', 'x', 'y', 'z', 'cond', 'runc', 'Line', 'station', 'layer', 'label', 'train'];

/**
 * A seeded airborne-EM survey like the ones the older tool was built for: flight lines of stations,
 * each a column of layers thickening with depth; conductive cover over resistive basement whose
 * surface undulates and drops into a buried paleovalley; optionally a conductive clay lens in the
 * cover. Log-conductivity is blurred vertically as a smooth inversion would, then log-normal noise
 * is added that grows with the relative uncertainty, which itself grows with depth. Labels are the
 * true unit of each cell. Returned as a table in the older tool's CSV layout, so it loads through
 * the same path as user data.
 */
export function generateSurvey(cfg: SurveyConfig, seed: number): Table {
  const rng = makeRng(`survey-${seed}`);
  const L = cfg.lines, S = cfg.stationsPerLine, K = cfg.layers;
  const centre = new Float64Array(K);
  let top = 0;
  for (let k = 0; k < K; k++) {
    const t = cfg.firstLayerThickness * Math.pow(cfg.thicknessGrowth, k);
    centre[k] = top + t / 2;
    top += t;
  }
  const maxDepth = top;
  const [spMin, spMax] = cfg.stationSpacing;
  // smooth lateral variation of the units' conductivity: a few random waves
  const waves = Array.from({ length: 4 }, () => ({ kx: (rng.next() - 0.5) / 400, ky: (rng.next() - 0.5) / 400, ph: rng.next() * 2 * Math.PI }));
  const lateral = (x: number, y: number) => waves.reduce((s, w) => s + Math.sin(x * w.kx * 2 * Math.PI + y * w.ky * 2 * Math.PI + w.ph), 0) / 4;
  const lineLength = S * (spMin + spMax) / 2;
  const valleyAt = (y: number) => lineLength * 0.3 + 0.4 * y;
  const lens = { x: lineLength * 0.65, y: (L - 1) * cfg.lineSpacing * 0.5, depth: cfg.basementDepth * 0.4, rx: lineLength * 0.12, ry: Math.max(cfg.lineSpacing * 1.5, 1), rz: Math.max(cfg.basementDepth * 0.15, 1) };
  const basementDepthAt = (x: number, y: number) =>
    cfg.basementDepth + cfg.undulation * Math.sin((2 * Math.PI * x) / 700) * Math.cos((2 * Math.PI * y) / 1100)
    + cfg.paleovalleyDepth * Math.exp(-(((x - valleyAt(y)) / cfg.paleovalleyWidth) ** 2));

  const classNames = cfg.units === 3 ? ['cover', 'clay', 'basement'] : ['cover', 'basement'];
  const cols: string[][] = SURVEY_COLUMNS.map(() => []);
  const logc = new Float64Array(K), tmp = new Float64Array(K);
  let id = 0;
  for (let l = 0; l < L; l++) {
    let x = rng.next() * spMax;
    const y0 = l * cfg.lineSpacing;
    for (let s = 0; s < S; s++) {
      x += spMin + (spMax - spMin) * rng.next();
      const y = y0 + (rng.next() - 0.5) * 10;
      const bd = basementDepthAt(x, y);
      const units = new Int32Array(K);
      for (let k = 0; k < K; k++) {
        const d = centre[k];
        const inLens = cfg.clayLens && d < bd && ((x - lens.x) / lens.rx) ** 2 + ((y - lens.y) / lens.ry) ** 2 + ((d - lens.depth) / lens.rz) ** 2 <= 1;
        const unit = d >= bd ? 'basement' : inLens ? 'clay' : 'cover';
        units[k] = classNames.indexOf(unit === 'clay' && cfg.units === 2 ? 'cover' : unit);
        const base = unit === 'basement' ? cfg.basementConductivity : unit === 'clay' ? cfg.clayConductivity : cfg.coverConductivity;
        logc[k] = Math.log(base) + 0.3 * lateral(x, y);
      }
      for (let pass = 0; pass < cfg.smoothing; pass++) {
        for (let k = 0; k < K; k++) tmp[k] = 0.25 * logc[Math.max(0, k - 1)] + 0.5 * logc[k] + 0.25 * logc[Math.min(K - 1, k + 1)];
        logc.set(tmp);
      }
      for (let k = 0; k < K; k++) {
        const runc = 0.05 + 0.6 * Math.pow(centre[k] / maxDepth, 1.5);
        const cond = Math.exp(logc[k] + cfg.noise * (0.5 + 2 * runc) * rng.normal());
        const row = ['' + id, 'n' + id, (cfg.origin[0] + x).toFixed(2), (cfg.origin[1] + y).toFixed(2), (-centre[k]).toFixed(2), cond.toPrecision(6), runc.toFixed(4),
          'L' + (1000 + 10 * l), '' + s, '' + k, classNames[units[k]], l % cfg.trainEvery === 0 ? '1' : '0'];
        for (let c = 0; c < row.length; c++) cols[c].push(row[c]);
        id++;
      }
    }
  }
  return { file: '(synthetic survey)', header: SURVEY_COLUMNS.slice(), rows: id, columns: new Map(SURVEY_COLUMNS.map((h, c) => [h, cols[c]])) };
}
