import { Type, type Static } from '@sinclair/typebox';
import { Bool, Int, Num, OneOf, Section } from '../util/schema';

/** The synthetic airborne-EM survey's parameters (data.synthetic). */
export const SurveySection = Section('A seeded synthetic airborne-EM survey: lines × stations × layers over cover and basement.', {
  lines: Int('Number of flight lines.', 10, 2, 10_000),
  stationsPerLine: Int('Soundings per line.', 80, 2, 1_000_000),
  stationSpacing: Type.Array(Type.Number({ minimum: 0 }), { minItems: 2, maxItems: 2, description: 'Min and max distance between stations along a line (m).', default: [10, 25] }),
  lineSpacing: Num('Distance between flight lines (m).', 300, 1),
  origin: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, default: [0, 0], description: 'Easting and northing of the survey\'s corner (m), e.g. a place in a UTM zone when data.crs is set.' }),
  layers: Int('Layers per sounding.', 30, 2, 1000),
  firstLayerThickness: Num('Thickness of the top layer (m).', 2, 0.01),
  thicknessGrowth: Num('Each layer is this factor thicker than the one above.', 1.08, 1),
  basementDepth: Num('Mean depth of the cover/basement boundary (m).', 45, 0),
  undulation: Num('Amplitude of the basement undulation (m).', 15, 0),
  paleovalleyDepth: Num('Extra cover depth along the buried paleovalley axis (m); 0 for none.', 35, 0),
  paleovalleyWidth: Num('Half-width of the paleovalley (m).', 200, 1),
  clayLens: Bool('Add a conductive clay lens inside the cover.', true),
  coverConductivity: Num('Median cover conductivity (mS/m).', 80, 0),
  basementConductivity: Num('Median basement conductivity (mS/m).', 8, 0),
  clayConductivity: Num('Median clay-lens conductivity (mS/m).', 400, 0),
  noise: Num('Log-normal noise scale (natural log); the standard deviation is noise·(0.5 + 2·runc), so it grows with depth.', 1.5, 0),
  smoothing: Int('Vertical smoothing passes, as a smooth inversion would blur the boundary.', 2, 0),
  units: OneOf([2, 3] as const, '2: cover/basement; 3: cover/clay/basement (needs clayLens).', 2),
  trainEvery: Int('Lines flagged for training: every n-th line (2 = alternate lines).', 2, 1),
});

export type SurveyConfig = Static<typeof SurveySection>;
