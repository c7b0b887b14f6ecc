import { getNearestCity } from 'offline-geocode-city';
import type { Place } from '../index/item';

/** Nearest city and its country for a position, from offline data bundled in the package. */
export function reverseGeocode(lat: number, lon: number): Place | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const hit = getNearestCity(lat, lon);
  if (!hit) return null;
  return { city: hit.cityName || null, region: null, country: hit.countryName || null };
}
