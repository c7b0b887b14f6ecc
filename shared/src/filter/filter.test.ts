import { describe, expect, it } from 'vitest';
import type { IndexItem } from '../index/item';
import { makeIndexItem } from './item-factory';
import { distanceKm, matches } from './match';
import { parseQuery, removeTerm } from './parse';
import { inRange, indexCandidates, planQuery } from './plan';
import { Filter } from './schema';
import { summarize } from './summary';

// Camera, lens and GPS values as exiftool reads them from corpus files
// (metadata-extractor-images, immich-test-assets); names and folders are made up.
const items: IndexItem[] = [
  makeIndexItem({
    providerItemId: 'a',
    name: 'IMG_0001.JPG',
    folder: 'Photos/2024/Paris',
    make: 'Canon',
    model: 'Canon EOS 5D',
    lens: 'EF24-105mm f/4L IS USM',
    takenAt: Date.parse('2024-03-10T10:00:00Z'),
    lat: 48.8566,
    lon: 2.3522,
    tags: ['family'],
    placeName: 'Paris, France',
    mediaType: 'image',
    rating: 4,
    liked: true,
  }),
  makeIndexItem({
    providerItemId: 'b',
    name: 'DSC_0042.NEF',
    folder: 'Photos/2024-old',
    make: 'NIKON CORPORATION',
    model: 'NIKON D70s',
    takenAt: Date.parse('2023-12-31T23:59:59Z'),
    mediaType: 'image',
    labels: ['Dog'],
    people: ['Alice'],
  }),
  makeIndexItem({
    providerItemId: 'c',
    sourceId: 'od-1',
    sourceKind: 'onedrive',
    name: 'clip.mp4',
    folder: 'Videos',
    make: 'Apple',
    model: 'iPhone 12 Pro',
    takenAt: Date.parse('2024-07-01T08:00:00Z'),
    mediaType: 'video',
    lat: 51.5072,
    lon: -0.1276,
    tags: ['Family', 'trip'],
  }),
];
const keysOf = (f: Filter) => items.filter((i) => matches(i, f)).map((i) => i.providerItemId);

describe('filter language', () => {
  it('parses the query bar syntax into a valid filter', () => {
    const q = parseQuery('camera:canon tag:family after:2024-01-01 near:48.85,2.35,10km has:gps');
    expect(q.errors).toEqual([]);
    expect(Filter.parse(q.filter)).toEqual(q.filter);
    expect(q.filter).toEqual({
      kind: 'all',
      of: [
        { kind: 'camera', make: 'canon', model: null },
        { kind: 'tags', values: ['family'] },
        { kind: 'date', from: '2024-01-02', to: null },
        { kind: 'near', lat: 48.85, lon: 2.35, radiusKm: 10 },
        { kind: 'hasGps', value: true },
      ],
    });
    expect(keysOf(q.filter)).toEqual(['a']);
    expect(q.terms.map((t) => t.raw)).toEqual([
      'camera:canon',
      'tag:family',
      'after:2024-01-01',
      'near:48.85,2.35,10km',
      'has:gps',
    ]);
  });

  it('reads quoted values, free text, negation, OR and rating>=', () => {
    const q = parseQuery('camera:"Canon EOS 5D" "IMG_0001" -tag:trip OR rating>=4 is:video');
    expect(q.errors).toEqual([]);
    expect(q.filter).toEqual({
      kind: 'any',
      of: [
        {
          kind: 'all',
          of: [
            { kind: 'camera', make: 'Canon', model: 'EOS 5D' },
            { kind: 'text', query: 'IMG_0001' },
            { kind: 'not', of: { kind: 'tags', values: ['trip'] } },
          ],
        },
        {
          kind: 'all',
          of: [
            { kind: 'minRating', value: 4 },
            { kind: 'mediaType', value: 'video' },
          ],
        },
      ],
    });
    expect(keysOf(q.filter)).toEqual(['a']);
  });

  it('reports bad terms and keeps the rest', () => {
    const q = parseQuery('after:2024-02-30 near:200,1 colour:red tag:family');
    expect(q.errors).toHaveLength(3);
    expect(q.errors[0]).toContain('not a date');
    expect(q.errors[1]).toContain('not a position');
    expect(q.errors[2]).toContain('unknown filter');
    expect(q.filter).toEqual({ kind: 'tags', values: ['family'] });
  });

  it('matches folders by whole segments, makes by prefix, tags ignoring case', () => {
    expect(keysOf({ kind: 'folder', prefix: '/Photos/2024', sourceId: null })).toEqual(['a']);
    expect(keysOf(parseQuery('camera:nikon').filter)).toEqual(['b']);
    expect(keysOf(parseQuery('tag:FAMILY').filter)).toEqual(['a', 'c']);
    expect(keysOf(parseQuery('source:onedrive').filter)).toEqual(['c']);
    expect(keysOf(parseQuery('place:france').filter)).toEqual(['a']);
    expect(keysOf(parseQuery('year:2023').filter)).toEqual(['b']);
    expect(keysOf(parseQuery('before:2024-01-01').filter)).toEqual(['b']);
    expect(keysOf(parseQuery('no:gps').filter)).toEqual(['b']);
    expect(keysOf(parseQuery('person:alice label:dog').filter)).toEqual(['b']);
    expect(keysOf(parseQuery('lens:ef24').filter)).toEqual(['a']);
    expect(keysOf(parseQuery('').filter)).toEqual(['a', 'b', 'c']);
  });

  it('measures distance on the sphere', () => {
    // Paris–London is about 344 km.
    expect(distanceKm(48.8566, 2.3522, 51.5072, -0.1276)).toBeGreaterThan(340);
    expect(distanceKm(48.8566, 2.3522, 51.5072, -0.1276)).toBeLessThan(348);
    expect(keysOf(parseQuery('near:51.5,-0.13,2km').filter)).toEqual(['c']);
    expect(keysOf(parseQuery('near:51.5,-0.13,200m').filter)).toEqual([]);
  });

  it('summarizes a filter for people', () => {
    expect(summarize(parseQuery('camera:"Canon EOS 5D" from:2024-01-01 to:2024-12-31').filter)).toBe(
      'Photos and videos from Canon EOS 5D, between 1 Jan 2024 and 31 Dec 2024',
    );
    expect(summarize(parseQuery('is:video tag:family,trip has:gps').filter)).toBe(
      'Videos tagged “family” or “trip”, with a location',
    );
    expect(summarize(parseQuery('').filter)).toBe('All photos and videos');
  });

  it('rejects malformed stored filters', () => {
    expect(Filter.safeParse({ kind: 'date', from: null, to: null }).success).toBe(false);
    expect(Filter.safeParse({ kind: 'near', lat: 91, lon: 0, radiusKm: 1 }).success).toBe(false);
    expect(Filter.safeParse({ kind: 'all', of: [{ kind: 'tags', values: [] }] }).success).toBe(false);
    expect(Filter.safeParse(JSON.parse(JSON.stringify(parseQuery('tag:a OR -is:video').filter))).success).toBe(true);
  });

  it('removes a chip from the query', () => {
    expect(removeTerm('camera:canon tag:family has:gps', 'tag:family')).toBe('camera:canon has:gps');
  });
});

describe('query planner', () => {
  it('picks the index with the fewest rows when counts are known, else by priority', () => {
    const f = parseQuery('tag:family after:2024-01-01 is:video').filter;
    const cands = indexCandidates(f);
    expect(cands.map((c) => c.index)).toEqual(['tags', 'takenAt', 'mediaType']);
    expect(planQuery(f).index).toBe('tags');
    expect(planQuery(f, [5000, 40, 900])).toEqual({ index: 'takenAt', range: cands[1]!.range, candidate: 1 });
    expect(planQuery(parseQuery('"beach" OR tag:x').filter)).toEqual({ index: null, range: null, candidate: null });
    expect(planQuery(parseQuery('-tag:x').filter)).toEqual({ index: null, range: null, candidate: null });
  });

  it('never loses a match: every candidate range holds all the items the filter matches', () => {
    const queries = [
      'camera:canon',
      'camera:NIKON',
      'tag:family',
      'label:dog',
      'person:ALICE',
      'folder:Photos/2024',
      'after:2024-01-01',
      'before:2024-01-01',
      'on:2024-07-01',
      'is:video',
      'has:gps',
      'no:gps',
      'near:48.85,2.35,10km',
      'rating>=4',
      'source:od-1',
      'tag:family camera:apple',
    ];
    for (const q of queries) {
      const f = parseQuery(q).filter;
      const cands = indexCandidates(f);
      expect(cands.length, q).toBeGreaterThan(0);
      for (const c of cands) {
        for (const item of items.filter((i) => matches(i, f))) {
          expect(inRange(item, c.index, c.range), `${q} via ${c.index}`).toBe(true);
        }
      }
    }
  });
});
