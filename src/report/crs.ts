import proj4 from 'proj4';
import { InputError } from '../util/errors';

/** proj4js's EPSG definitions (the `epsg` package: code → proj4 string). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EPSG: Record<string, string> = require('epsg');

/**
 * A function from the survey's projected coordinates (data.crs, an EPSG code such as 'EPSG:28353',
 * GDA94 / MGA zone 53) to WGS84 longitude and latitude, as RFC 7946 GeoJSON requires.
 */
export function toLonLat(crs: string): (x: number, y: number) => [number, number] {
  const code = crs.toUpperCase();
  const def = EPSG[code];
  if (!def) throw new InputError(`'${crs}' is not an EPSG code proj4 knows (e.g. EPSG:28353 for GDA94 / MGA zone 53, EPSG:32633 for WGS 84 / UTM 33N)`, { key: 'data.crs' });
  const t = proj4(def, 'EPSG:4326');
  return (x, y) => {
    const [lon, lat] = t.forward([x, y]);
    return [lon, lat];
  };
}
