// Trip, day-event and home detection (shared/src/trips/detect.ts) over a generated 100,000-photo library: five years
// at home with an evening photo most days, a trip every two months. Baseline: one linear pass over the same photos
// that only measures each one's distance from a point, the least any detector must do.
import { distanceKm } from '../shared/src/filter/match';
import { seeded } from '../shared/src/vision/hash-fixtures';
import { findDayEvents, findHome, findTrips, type PlacedPhoto } from '../shared/src/trips/detect';
import { type Figure, figure, quantile } from './figure';

const LIBRARY = 100_000;
const RUNS = 5;
const DAY = 86_400_000;

function library(): { photos: PlacedPhoto[]; trips: number } {
  const next = seeded(7);
  const rnd = () => next() / 2 ** 32;
  const home = { lat: 48.2082, lon: 16.3738 };
  const start = Date.parse('2020-01-01T00:00:00Z');
  const photos: PlacedPhoto[] = [];
  let trips = 0;
  for (let day = 0; photos.length < LIBRARY; day++) {
    const onTrip = day % 60 >= 50 && day % 60 < 55;
    if (day % 60 === 50) trips++;
    const at = onTrip ? { lat: 41.9 + (day % 7) * 0.3, lon: 12.5 + (day % 5) * 0.4 } : home;
    const count = onTrip ? 60 : 20 + Math.floor(rnd() * 40);
    for (let i = 0; i < count && photos.length < LIBRARY; i++) {
      const hour = onTrip ? 8 + (i % 14) : i === 0 ? 20 : 8 + Math.floor(rnd() * 14);
      const spread = onTrip ? 0.05 : 0.2;
      photos.push({
        key: `p${photos.length}`,
        takenAt: start + day * DAY + hour * 3_600_000,
        localClock: true,
        lat: rnd() < 0.15 ? null : at.lat + (rnd() - 0.5) * spread,
        lon: at.lon + (rnd() - 0.5) * spread,
        place: { city: onTrip ? 'Rome' : 'Vienna', region: null, country: onTrip ? 'Italy' : 'Austria' },
      });
    }
  }
  return { photos, trips };
}

export async function run(): Promise<Figure[]> {
  const { photos, trips } = library();
  const detect: number[] = [];
  const linear: number[] = [];
  let found = 0;
  let events = 0;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    let sink = 0;
    for (const p of photos) if (p.lat !== null && p.lon !== null) sink += distanceKm(48.2, 16.37, p.lat, p.lon);
    linear.push(performance.now() - t);
    if (sink < 0) throw new Error('unreachable');
    t = performance.now();
    const home = findHome(photos)!;
    found = findTrips(photos, home).length;
    events = findDayEvents(photos).length;
    detect.push(performance.now() - t);
  }
  return [
    figure(
      'trips.detect_ms_100k',
      quantile(detect, 0.5),
      'ms',
      quantile(linear, 0.5),
      '≤ 1,000 ms',
      `home + trips + day events over ${LIBRARY.toLocaleString()} generated photos (median of ${RUNS}); found ${found} of ${trips} planted trips and ${events} day events; baseline = one distance-from-a-point pass over the same photos`,
    ),
  ];
}
