import { describe, expect, it } from 'vitest';
import { matches } from '../filter/match';
import { makeIndexItem } from '../filter/item-factory';
import { datesTitle, findDayEvents, findHome, findTrips, localMs, type PlacedPhoto } from './detect';

const HOME = { lat: 48.2082, lon: 16.3738 }; // Vienna
const ITALY = { lat: 42.35, lon: 13.4, place: { city: "L'Aquila", region: 'Abruzzo', country: 'Italy' } };
let n = 0;
const photo = (day: string, hour: number, at: { lat: number; lon: number } | null, o: Partial<PlacedPhoto> = {}) =>
  ({
    key: `p${n++}`,
    takenAt: Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`),
    localClock: true,
    lat: at?.lat ?? null,
    lon: at?.lon ?? null,
    place: null,
    ...o,
  }) satisfies PlacedPhoto;

/** A year at home: an evening photo most days, some daytime photos in town. */
function homeLife(): PlacedPhoto[] {
  const out: PlacedPhoto[] = [];
  for (let d = 1; d <= 28; d++) {
    const day = `2024-03-${String(d).padStart(2, '0')}`;
    out.push(photo(day, 20, { lat: HOME.lat + 0.001 * (d % 3), lon: HOME.lon }));
    out.push(photo(day, 13, { lat: HOME.lat + 0.08, lon: HOME.lon + 0.1 })); // the office, 12 km away
  }
  return out;
}

function italyTrip(days: string[], perDay: number): PlacedPhoto[] {
  return days.flatMap((day) =>
    Array.from({ length: perDay }, (_, i) =>
      photo(day, 8 + (i % 12), { lat: ITALY.lat + i * 0.01, lon: ITALY.lon }, { place: ITALY.place }),
    ),
  );
}

describe('home', () => {
  it('is where photos are taken on most nights, not where most photos are taken', () => {
    const office = Array.from({ length: 200 }, (_, i) => photo('2024-03-05', 10 + (i % 6), { lat: 48.3, lon: 16.5 }));
    const home = findHome([...homeLife(), ...office])!;
    expect(home.nights).toBe(28);
    expect(home.name).toBeNull();
    expect(Math.abs(home.lat - HOME.lat)).toBeLessThan(0.01);
    expect(Math.abs(home.lon - HOME.lon)).toBeLessThan(0.01);
  });

  it('counts a photo after midnight for the evening before, needs GPS, and a few nights before it says', () => {
    const nights = [photo('2024-03-02', 1, HOME), photo('2024-03-01', 22, HOME), photo('2024-03-03', 21, HOME)];
    expect(findHome(nights)).toBeNull();
    expect(findHome([...nights, photo('2024-03-05', 19, HOME)])?.nights).toBe(3);
    expect(findHome([photo('2024-03-01', 22, null)])).toBeNull();
  });
});

describe('trips', () => {
  it('proposes 2+ days away with 10+ photos, titled from the places and dates, as a filter that holds them', () => {
    const trip = italyTrip(['2024-05-10', '2024-05-11', '2024-05-13'], 5); // a day without photos in between
    const library = [...homeLife(), ...trip];
    const [found, ...rest] = findTrips(library, findHome(library)!);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      kind: 'trip',
      title: 'Abruzzo, Italy · May 2024',
      from: '2024-05-10',
      to: '2024-05-13',
      photos: 15,
    });
    // The dynamic collection's filter holds exactly the trip's photos.
    const items = library.map((p) =>
      makeIndexItem({ providerItemId: p.key, takenAt: p.takenAt, lat: p.lat, lon: p.lon, hasGps: p.lat ? 1 : 0 }),
    );
    const held = items.filter((i) => matches(i, found!.filter)).map((i) => i.providerItemId);
    expect(held.sort()).toEqual(trip.map((p) => p.key).sort());
  });

  it('leaves out one day away, too few photos, and trips split by more than a day at home', () => {
    const home = HOME;
    expect(findTrips(italyTrip(['2024-05-10'], 30), home)).toEqual([]);
    expect(findTrips(italyTrip(['2024-05-10', '2024-05-11'], 4), home)).toEqual([]);
    const two = findTrips(italyTrip(['2024-05-01', '2024-05-02', '2024-05-06', '2024-05-07'], 6), home);
    expect(two.map((t) => [t.from, t.to])).toEqual([
      ['2024-05-01', '2024-05-02'],
      ['2024-05-06', '2024-05-07'],
    ]);
    expect(two[0]!.id).not.toBe(two[1]!.id);
  });

  it('names a trip over two countries and across a year end', () => {
    const france = {
      lat: 43.7,
      lon: 7.26,
      place: { city: 'Nice', region: "Provence-Alpes-Côte d'Azur", country: 'France' },
    };
    const trip = [
      ...italyTrip(['2024-12-30', '2024-12-31'], 6),
      ...['2025-01-01', '2025-01-02'].flatMap((day) =>
        Array.from({ length: 6 }, () => photo(day, 12, france, { place: france.place })),
      ),
    ];
    expect(findTrips(trip, HOME)[0]!.title).toBe('Italy & France · Dec 2024 – Jan 2025');
  });

  it('puts a photo known only as a UTC instant on its local day, across the date line', () => {
    // 23:00 UTC on 1 June is 11:00 on 2 June in Fiji (178° E) but 12:00 on 1 June in Samoa (172° W).
    const fiji = photo('2024-06-01', 23, { lat: -18.1, lon: 178.4 }, { localClock: false });
    expect(new Date(localMs(fiji)).toISOString().slice(0, 13)).toBe('2024-06-02T11');
    const samoa = photo('2024-06-01', 23, { lat: -13.8, lon: -171.8 }, { localClock: false });
    expect(new Date(localMs(samoa)).toISOString().slice(0, 13)).toBe('2024-06-01T12');
    const local = photo('2024-06-01', 23, { lat: -18.1, lon: 178.4 });
    expect(localMs(local)).toBe(local.takenAt);
  });
});

describe('day events', () => {
  it('proposes a day of many photos in one place, at home too, and not a day spread over a city', () => {
    const party = Array.from({ length: 30 }, (_, i) =>
      photo(
        '2024-04-20',
        15 + (i % 8),
        { lat: HOME.lat + 0.002, lon: HOME.lon + (i % 5) * 0.001 },
        {
          place: { city: 'Vienna', region: 'Vienna', country: 'Austria' },
        },
      ),
    );
    const walk = Array.from({ length: 30 }, (_, i) =>
      photo('2024-04-21', 10, { lat: HOME.lat + i * 0.01, lon: HOME.lon }),
    );
    const found = findDayEvents([...homeLife(), ...party, ...walk]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'event', title: 'Vienna · 20 Apr 2024', from: '2024-04-20', photos: 30 });
  });
});

describe('titles', () => {
  it('says one day, one month, or a span', () => {
    expect(datesTitle('2024-05-12', '2024-05-12')).toBe('12 May 2024');
    expect(datesTitle('2024-05-30', '2024-06-02')).toBe('May – Jun 2024');
  });
});
