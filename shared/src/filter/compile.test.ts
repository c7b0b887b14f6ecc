import { describe, expect, it } from 'vitest';
import type { IndexItem } from '../index/item';
import { CatalogIndex } from './catalog-index';
import { compileFilter, lowerItem } from './compile';
import { makeIndexItem } from './item-factory';
import { matches } from './match';
import { parseQuery } from './parse';
import type { Filter } from './schema';

// Camera, lens and place values as exiftool and the geocoder give them for corpus files; the rest varies.
const cameras = [
  ['Canon', 'Canon EOS 5D', 'EF24-105mm f/4L IS USM'],
  ['NIKON CORPORATION', 'NIKON D70s', null],
  ['Apple', 'iPhone 12 Pro', 'iPhone 12 Pro back triple camera 4.2mm f/1.6'],
  [null, null, null],
] as const;
const places = [
  { city: 'Paris', region: 'Île-de-France', country: 'France', name: 'Paris, France', lat: 48.8566, lon: 2.3522 },
  {
    city: 'London',
    region: 'England',
    country: 'United Kingdom',
    name: 'London, United Kingdom',
    lat: 51.5072,
    lon: -0.1276,
  },
  null,
];
const words = ['family', 'Trip', 'dog', 'Alice', 'BOB', 'food'];

/** A small deterministic generator, so a failure names the same case every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function itemsFrom(rand: () => number, n: number): IndexItem[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const some = () => words.filter(() => rand() < 0.25);
  return Array.from({ length: n }, (_, k) => {
    const [make, model, lens] = pick(cameras);
    const place = pick(places);
    return makeIndexItem({
      providerItemId: `i${k}`,
      sourceId: pick(['src-1', 'od-1']),
      sourceKind: pick(['local', 'onedrive', 'gdrive'] as const),
      name: `IMG_${k}.JPG`,
      folder: pick(['Photos/2024/Paris', 'Photos/2024-old', 'Videos', '']),
      make,
      model,
      lens,
      mediaType: pick(['image', 'video'] as const),
      takenAt: Date.parse('2020-01-01T00:00:00Z') + Math.floor(rand() * 5 * 365) * 86_400_000,
      lat: place?.lat ?? null,
      lon: place?.lon ?? null,
      placeName: place?.name ?? null,
      place: place ? { city: place.city, region: place.region, country: place.country } : null,
      tags: some(),
      labels: some(),
      people: some(),
      rating: Math.floor(rand() * 6),
      liked: rand() < 0.3,
      ocrText: rand() < 0.1 ? 'Invoice total Paris' : null,
    });
  });
}

const QUERIES = [
  '',
  'tag:family',
  'tag:FAMILY,trip',
  'person:alice label:dog',
  'camera:canon after:2021-01-01',
  'camera:"EOS 5D"',
  'lens:f/4L',
  'is:video -tag:trip',
  'folder:"Photos/2024"',
  'near:48.85,2.35,50km',
  'near:51.5,-0.12,1000km has:gps',
  '-has:gps',
  'rating>=4 OR is:liked',
  'place:france label:food',
  'place:england',
  'invoice paris',
  'img_1',
  'year:2023 tag:family OR person:bob',
  'before:2021-06-30 source:od-1',
];

describe('compiled filters', () => {
  const items = itemsFrom(rng(42), 600);

  it('agree with matches() on every item for the query bar syntax', () => {
    for (const q of QUERIES) {
      const { filter, errors } = parseQuery(q);
      expect(errors, q).toEqual([]);
      const test = compileFilter(filter);
      const want = items.filter((i) => matches(i, filter)).map((i) => i.key);
      expect(
        items.filter((i) => test(i, lowerItem(i))).map((i) => i.key),
        q,
      ).toEqual(want);
    }
  });

  it('answer through the catalog index exactly as a full scan does, testing fewer items', () => {
    // Newest first, as the dashboard keeps its catalog; the index must not depend on that order.
    const catalog = [...items].sort((a, b) => b.takenAt - a.takenAt);
    const index = new CatalogIndex(catalog);
    for (const q of QUERIES) {
      const { filter } = parseQuery(q);
      const got = index.evaluate(filter);
      expect(got.keys, q).toEqual(catalog.filter((i) => matches(i, filter)).map((i) => i.key));
      if (q.startsWith('tag:') || q.startsWith('near:') || q.startsWith('place:')) {
        expect(got.index, q).not.toBeNull();
        expect(got.tested, q).toBeLessThan(catalog.length);
      }
    }
    const shuffled = new CatalogIndex([...items].reverse());
    const range = parseQuery('after:2021-01-01 before:2021-12-31').filter;
    expect(shuffled.evaluate(range).keys).toEqual(
      [...items]
        .reverse()
        .filter((i) => matches(i, range))
        .map((i) => i.key),
    );
    expect(shuffled.evaluate(range).index).toBe('takenAt');
  });

  it('keep the catalog index exact through in-place edits, and refuse edits that move items', () => {
    let catalog = [...items];
    const index = new CatalogIndex(catalog);
    const rand = rng(99);
    for (let round = 0; round < 20; round++) {
      const positions = [...new Set(Array.from({ length: 5 }, () => Math.floor(rand() * catalog.length)))];
      const next = [...catalog];
      for (const pos of positions) {
        const i = next[pos]!;
        next[pos] = {
          ...i,
          tags: rand() < 0.5 ? [...i.tags, 'Edited'] : [],
          labels: ['cat'],
          people: i.people.slice(1),
          liked: !i.liked,
          rating: (i.rating + 1) % 6,
        };
      }
      expect(index.update(next, positions)).toBe(true);
      catalog = next;
      for (const q of [...QUERIES, 'tag:edited', 'label:cat', 'label:dog', 'is:liked', 'rating>=5']) {
        const { filter } = parseQuery(q);
        expect(index.evaluate(filter).keys, `${q} after round ${round}`).toEqual(
          catalog.filter((i) => matches(i, filter)).map((i) => i.key),
        );
      }
    }
    const moved = [...catalog];
    moved[3] = { ...moved[3]!, takenAt: moved[3]!.takenAt + 1 };
    expect(index.update(moved, [3])).toBe(false);
    expect(index.items).toBe(catalog);
  });

  it('agree with matches() on nested and/or/not trees', () => {
    // Leaves the query bar has no syntax for (chips make them) ride along too.
    const leaves: Filter[] = [
      ...QUERIES.slice(1).map((q) => parseQuery(q).filter),
      { kind: 'provider', kinds: ['onedrive', 'gdrive'] },
      { kind: 'liked', value: false },
      { kind: 'folder', prefix: 'Videos', sourceId: 'od-1' },
      { kind: 'camera', make: null, model: 'iphone' },
    ];
    const rand = rng(7);
    const index = new CatalogIndex(items);
    const pick = () => leaves[Math.floor(rand() * leaves.length)]!;
    for (let n = 0; n < 120; n++) {
      const filter: Filter = {
        kind: 'any',
        of: [{ kind: 'all', of: [pick(), { kind: 'not', of: pick() }] }, pick()],
      };
      const test = compileFilter(filter);
      for (const i of items) expect(test(i, lowerItem(i)), JSON.stringify(filter)).toBe(matches(i, filter));
      const conjunction: Filter = { kind: 'all', of: [pick(), { kind: 'all', of: [pick(), filter] }] };
      const want = items.filter((i) => matches(i, conjunction)).map((i) => i.key);
      expect(index.evaluate(conjunction).keys, JSON.stringify(conjunction)).toEqual(want);
    }
  }, 30_000);

  it('sees an edited item once the catalog replaces it', () => {
    const [first] = items;
    const filter = parseQuery('tag:newtag').filter;
    expect(new CatalogIndex([first!]).evaluate(filter).keys).toEqual([]);
    const edited = { ...first!, tags: [...first!.tags, 'NewTag'] };
    expect(new CatalogIndex([edited]).evaluate(filter).keys).toEqual([edited.key]);
  });

  it('treats an empty filter as everything, in catalog order', () => {
    expect(new CatalogIndex(items).evaluate({ kind: 'all', of: [] }).keys).toEqual(items.map((i) => i.key));
  });
});
