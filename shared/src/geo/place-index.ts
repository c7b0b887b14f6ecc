import type { Place } from '../index/item';

export interface CityRow {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}
export interface Admin1Row {
  code: string;
  name: string;
}

/** Beyond this the nearest town is not where the photo was taken (sea, desert): no city, still region/country. */
const CITY_KM = 40;
const REGION_KM = 150;
const CELL_DEG = 1;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
function countryName(iso2: string): string | null {
  try {
    return countryNames.of(iso2) ?? null;
  } catch {
    return null;
  }
}

/**
 * A grid index over GeoNames towns (≥ 500 inhabitants) for nearest-town look-ups: each 1° cell lists its
 * towns, and a query scans rings of cells outwards until no closer town can exist. Built once, ~100 ms.
 */
export function createPlaceIndex(
  cities: readonly CityRow[],
  admin1: readonly Admin1Row[],
): (lat: number, lon: number) => Place | null {
  const lats = new Float32Array(cities.length);
  const lons = new Float32Array(cities.length);
  const cells = new Map<number, number[]>();
  const key = (la: number, lo: number) => (la + 90) * 400 + ((((lo + 180) % 360) + 360) % 360);
  cities.forEach((c, i) => {
    lats[i] = Number(c.lat);
    lons[i] = Number(c.lng);
    const k = key(Math.floor(lats[i]! / CELL_DEG), Math.floor(lons[i]! / CELL_DEG));
    const list = cells.get(k);
    if (list) list.push(i);
    else cells.set(k, [i]);
  });
  const regions = new Map(admin1.map((a) => [a.code, a.name]));

  return (lat, lon) => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    const cosLat = Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const distKm = (i: number) => {
      let dLon = Math.abs(lons[i]! - lon);
      if (dLon > 180) dLon = 360 - dLon;
      return 111.2 * Math.hypot(lats[i]! - lat, dLon * cosLat);
    };
    const cla = Math.floor(lat / CELL_DEG);
    const clo = Math.floor(lon / CELL_DEG);
    let best = -1;
    let bestKm = Number.POSITIVE_INFINITY;
    for (let ring = 0; ring <= 3; ring++) {
      // Every town in ring r is at least (r - 1) cells of latitude away.
      if (best >= 0 && bestKm < (ring - 1) * 111.2 * CELL_DEG * cosLat) break;
      for (let dla = -ring; dla <= ring; dla++) {
        for (let dlo = -ring; dlo <= ring; dlo++) {
          if (Math.max(Math.abs(dla), Math.abs(dlo)) !== ring) continue;
          const la = cla + dla;
          if (la < -90 || la > 89) continue;
          for (const i of cells.get(key(la, clo + dlo)) ?? []) {
            const d = distKm(i);
            if (d < bestKm) {
              bestKm = d;
              best = i;
            }
          }
        }
      }
    }
    const town = cities[best];
    if (!town || bestKm > REGION_KM) return null;
    return {
      city: bestKm <= CITY_KM ? town.name : null,
      region: regions.get(`${town.country}.${town.admin1}`) ?? null,
      country: countryName(town.country) ?? town.country,
    };
  };
}
