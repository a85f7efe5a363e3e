import { Type, type Static } from '@sinclair/typebox';
import { Bool, Int, Num, OneOf, Section } from '../util/schema';

const Pair = (description: string, dflt: [number, number], minimum?: number) =>
  Type.Array(Type.Number(minimum !== undefined ? { minimum } : {}), { minItems: 2, maxItems: 2, description, default: dflt });

/** Median conductivity of each geological unit, in S/m. */
const Conductivities = Section('Median conductivity of each unit (S/m). Each unit varies laterally about its median (spread), so ranges overlap.', {
  sand: Num('Resistive sandy cover.', 0.008, 1e-6, 100),
  clay: Num('Conductive clay-rich (or saline) cover.', 0.1, 1e-6, 100),
  channel: Num('Paleochannel sand holding saline water.', 0.5, 1e-6, 100),
  saprolite: Num('Weathered, clay-altered basement (saprolite).', 0.04, 1e-6, 100),
  basement: Num('Fresh crystalline basement.', 0.008, 1e-6, 100),
  shear: Num('Conductive fault or shear zone in the basement.', 0.15, 1e-6, 100),
});

/** The synthetic airborne-EM survey's parameters (data.synthetic). */
export const SurveySection = Section('A seeded synthetic airborne-EM survey: flight lines of soundings, each a column of layers thickening with depth, over five geological units as a smooth layered-earth inversion would image them.', {
  lines: Int('Number of flight lines.', 10, 2, 10_000),
  stationsPerLine: Int('Soundings per line.', 100, 2, 1_000_000),
  stationSpacing: Pair('Min and max distance between soundings along a line (m); common surveys: 10–25 m.', [10, 25], 0),
  lineSpacing: Num('Distance between flight lines (m); common surveys: 100 m to several km.', 200, 1),
  origin: Pair("Easting and northing of the survey's corner (m), e.g. a place in a UTM zone when data.crs is set.", [0, 0]),
  groundElevation: Num('Mean ground elevation (m); the ground varies smoothly about it by groundRelief.', 300),
  groundRelief: Num('Standard deviation of the ground elevation (m).', 8, 0),
  layers: Int('Layers per sounding.', 30, 2, 1000),
  firstLayerThickness: Num('Thickness of the top layer (m).', 3, 0.01),
  thicknessGrowth: Num('Each layer is this factor thicker than the one above (layered-earth inversions: 1.05–1.12).', 1.09, 1),
  sandThickness: Num('Mean thickness of the resistive sandy cover (m); 0 for none.', 12, 0),
  clayThickness: Num('Mean thickness of the conductive clay-rich cover below it (m).', 22, 0),
  saproliteThickness: Num('Mean thickness of the weathered saprolite over fresh basement (m).', 28, 0),
  thicknessVariation: Num('Relative standard deviation of each thickness, varying smoothly across the survey (larger: depth alone tells units apart less).', 0.6, 0, 2),
  featureScale: Pair('Smallest and largest wavelength of the smooth lateral variation of boundaries and conductivities (m).', [500, 3000], 1),
  paleochannelDepth: Num('Depth of the paleochannel incised below the cover at its axis (m); 0 for none.', 45, 0),
  paleochannelWidth: Num('Half-width of the paleochannel (m).', 220, 1),
  shearZone: Bool('Add a steep conductive shear zone cutting the saprolite and basement (a sixth unit).', false),
  shearZoneWidth: Num('Width of the shear zone (m).', 40, 1),
  conductivity: Conductivities,
  spread: Num('Lateral variation shared by all units (log10 standard deviation), as groundwater salinity and weathering shift a whole sequence together: ranges overlap across the survey while the contrasts between units hold at each sounding.', 0.35, 0, 3),
  unitSpread: Num("Each unit's own lateral variation on top of the shared one (log10 standard deviation).", 0.1, 0, 3),
  cellNoise: Num('Independent variation per metre of the true model before the inversion smooths it (log10 standard deviation).', 0.15, 0, 3),
  smoothing: Pair("The inversion's vertical smoothing: Gaussian width (m) at the surface and its growth per metre of depth.", [1.5, 0.08], 0),
  alongLineSmoothing: Int("Passes of a [1/4, 1/2, 1/4] filter along each line (the inversion's lateral constraints).", 2, 0, 100),
  doiMax: Num('Depth of investigation over a resistive earth (m); conductive ground above makes it shallower.', 320, 1),
  doiConductance: Num('Conductance (S) of the ground above that halves the depth of investigation.', 15, 0.001),
  referenceConductivity: Num('Conductivity the inversion relaxes to well below the depth of investigation (S/m).', 0.02, 1e-6),
  labels: OneOf(['lines', 'boreholes'] as const, "Which cells are labelled for training: whole 'lines' (every trainEvery-th line, as an interpreter labels sections), or 'boreholes' (a few soundings labelled through depth).", 'lines'),
  trainEvery: Int("With labels 'lines': every n-th line is labelled (2 = alternate lines).", 2, 1),
  boreholes: Int("With labels 'boreholes': how many soundings are labelled through depth, spread over the survey.", 12, 1, 100_000),
  boreholeLogs: Int("Boreholes logged beside the survey, a second node type ('borehole', data.types): each sampled every boreholeSampling m down to the survey's base, with the true conductivity (no inversion blur) and the logged unit. 0: none.", 0, 0, 10_000),
  boreholeSampling: Num('Depth between samples of a logged borehole (m).', 2, 0.1, 100),
});

export type SurveyConfig = Static<typeof SurveySection>;
