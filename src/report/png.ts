import { Resvg } from '@resvg/resvg-js';

/** Render an SVG figure to PNG at `scale` × its size (resvg: Rust, no browser needed). */
export function svgToPng(svg: string, scale = 2): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
