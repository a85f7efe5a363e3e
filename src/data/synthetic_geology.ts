import type { Rng } from '../util/rng';
import type { SurveyConfig } from './survey_config';

/** The units of the synthetic earth, top to bottom (the shear zone, when there is one, last). */
export const UNITS = ['sand-cover', 'clay-cover', 'paleochannel', 'saprolite', 'basement', 'shear-zone'] as const;
export type Unit = typeof UNITS[number];
const CONDUCTIVITY_KEY: Record<Unit, keyof SurveyConfig['conductivity']> = {
  'sand-cover': 'sand', 'clay-cover': 'clay', paleochannel: 'channel', saprolite: 'saprolite', basement: 'basement', 'shear-zone': 'shear',
};

/**
 * A smooth random field over the plane with mean 0 and standard deviation 1: a sum of plane waves
 * with random directions, phases and wavelengths between the given bounds.
 */
export function smoothField(rng: Rng, wavelengths: readonly number[], waves = 8): (x: number, y: number) => number {
  const [lo, hi] = [Math.min(wavelengths[0], wavelengths[1]), Math.max(wavelengths[0], wavelengths[1])];
  const w = Array.from({ length: waves }, () => {
    const angle = rng.next() * Math.PI, length = lo * Math.pow(hi / lo, rng.next());
    return { kx: (2 * Math.PI * Math.cos(angle)) / length, ky: (2 * Math.PI * Math.sin(angle)) / length, phase: rng.next() * 2 * Math.PI };
  });
  const amp = Math.sqrt(2 / waves);
  return (x, y) => {
    let s = 0;
    for (const v of w) s += Math.cos(v.kx * x + v.ky * y + v.phase);
    return amp * s;
  };
}

/** Where each unit sits below one sounding: depths (m below ground) of the boundaries. */
export interface Column {
  sandBase: number;
  coverBase: number;
  channelBase: number;
  saproliteBase: number;
  /** Whether the sounding sits in the shear zone (below the cover). */
  inShear: boolean;
}

/**
 * The synthetic earth: resistive sand over conductive clay-rich cover; a paleochannel incised below
 * the cover, its sand holding saline water; saprolite (weathered basement) over fresh basement;
 * optionally a steep conductive shear zone. Boundaries and conductivities vary smoothly across the
 * survey; conductivities mostly together (groundwater salinity shifts the whole sequence), so the
 * ranges of units overlap while their contrasts hold at each sounding: a unit is told by its place
 * in the sequence, not by its value or its depth alone.
 */
export class SyntheticEarth {
  readonly units: Unit[];
  private readonly field: Record<'sand' | 'clay' | 'saprolite' | 'ground' | 'meander' | 'shared', (x: number, y: number) => number>;
  private readonly unitField: Record<Unit, (x: number, y: number) => number>;

  constructor(private readonly cfg: SurveyConfig, rng: Rng, private readonly extent: { width: number; height: number }) {
    this.units = UNITS.filter((u) => u !== 'shear-zone' || cfg.shearZone);
    const f = () => smoothField(rng, cfg.featureScale);
    this.field = { sand: f(), clay: f(), saprolite: f(), ground: f(), meander: f(), shared: f() };
    this.unitField = Object.fromEntries(UNITS.map((u) => [u, f()])) as Record<Unit, (x: number, y: number) => number>;
  }

  groundElevation(x: number, y: number): number {
    return this.cfg.groundElevation + this.cfg.groundRelief * this.field.ground(x, y);
  }

  /** A thickness varying smoothly about its mean, never negative (a unit may pinch out). */
  private thickness(mean: number, field: (x: number, y: number) => number, x: number, y: number): number {
    return Math.max(0, mean * (1 + this.cfg.thicknessVariation * field(x, y)));
  }

  column(x: number, y: number): Column {
    const c = this.cfg;
    const sandBase = this.thickness(c.sandThickness, this.field.sand, x, y);
    const coverBase = sandBase + this.thickness(c.clayThickness, this.field.clay, x, y);
    // the channel crosses the survey obliquely and meanders; its cross-section is a parabola
    const axis = this.extent.width * 0.35 + 0.5 * y + this.cfg.paleochannelWidth * 0.8 * this.field.meander(0, y);
    const t = (x - axis) / c.paleochannelWidth;
    const incision = c.paleochannelDepth * Math.max(0, 1 - t * t);
    const channelBase = coverBase + incision;
    const weathered = this.thickness(c.saproliteThickness, this.field.saprolite, x, y);
    const saproliteBase = Math.max(coverBase + weathered, channelBase + 0.3 * weathered);
    // a steep shear zone striking across the lines, its trace bending gently
    const strike = this.extent.width * 0.7 - 0.3 * y;
    const inShear = c.shearZone && Math.abs(x - strike) < c.shearZoneWidth / 2;
    return { sandBase, coverBase, channelBase, saproliteBase, inShear };
  }

  unitAt(col: Column, depth: number): Unit {
    if (depth < col.sandBase) return 'sand-cover';
    if (depth < col.coverBase) return 'clay-cover';
    if (col.inShear) return 'shear-zone';
    if (depth < col.channelBase) return 'paleochannel';
    if (depth < col.saproliteBase) return 'saprolite';
    return 'basement';
  }

  /** The unit's log10 conductivity here: its median shifted by the variation all units share and by its own. */
  log10Conductivity(unit: Unit, x: number, y: number): number {
    return Math.log10(this.cfg.conductivity[CONDUCTIVITY_KEY[unit]]) + this.cfg.spread * this.field.shared(x, y) + this.cfg.unitSpread * this.unitField[unit](x, y);
  }
}
