import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { parseQuery } from '@hypomos/shared/filter/parse';
import type { IndexItem } from '@hypomos/shared/index/item';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { CatalogIndex } from '@hypomos/shared/filter/catalog-index';
import { evaluateFilter, naiveScan } from './evaluate';

// Camera/lens pairs as exiftool reads them from metadata-extractor-images; the rest varies by index.
const cameras = [
  ['Canon', 'Canon EOS 7D', 'EF-S17-85mm f/4-5.6 IS USM'],
  ['NIKON CORPORATION', 'NIKON D5000', null],
  ['Apple', 'iPhone 6', 'iPhone 6 back camera 4.15mm f/2.2'],
  [null, null, null],
] as const;

function items(n: number): IndexItem[] {
  return Array.from({ length: n }, (_, i) => {
    const [make, model, lens] = cameras[i % cameras.length]!;
    const gps = i % 3 === 0;
    return makeIndexItem({
      providerItemId: `p${i}`,
      sourceId: i % 2 ? 'od-1' : 'gd-1',
      sourceKind: i % 2 ? 'onedrive' : 'gdrive',
      name: `IMG_${i}.JPG`,
      folder: ['Photos/2024/Paris', 'Photos/2024-old', 'Camera Roll', ''][i % 4]!,
      make,
      model,
      lens,
      takenAt: Date.UTC(2020, 0, 1) + i * 86_400_000 * 3,
      mediaType: i % 10 === 0 ? 'video' : 'image',
      tags: i % 5 === 0 ? ['Family'] : i % 7 === 0 ? ['trip', 'family'] : [],
      labels: i % 4 === 0 ? ['dog'] : ['sky'],
      people: i % 9 === 0 ? ['Alice'] : [],
      rating: i % 6,
      liked: i % 11 === 0,
      lat: gps ? 48.85 + (i % 30) * 0.01 : null,
      lon: gps ? 2.35 : null,
      placeName: gps ? 'Paris, France' : null,
    });
  });
}

describe('filter evaluation on IndexedDB (Dexie over fake-indexeddb)', () => {
  const db = new HypomosDb('evaluate-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  beforeAll(async () => {
    await db.items.bulkPut(items(600));
  });
  afterAll(() => db.close());

  const queries = [
    'tag:family',
    'tag:FAMILY camera:canon',
    'camera:nikon after:2021-01-01',
    'folder:Photos/2024',
    'person:alice',
    'label:dog has:gps',
    'is:video',
    'rating>=4',
    'near:48.9,2.35,5km',
    'source:od-1 before:2021-06-01',
    'source:gdrive',
    'lens:ef-s',
    '"IMG_1"',
    'tag:trip OR person:alice',
    '-label:sky',
    'is:liked',
  ];
  it.each(queries)('“%s” uses an index where it can and returns exactly the full scan’s items', async (q) => {
    const filter = parseQuery(q).filter;
    const planned = await evaluateFilter(db, filter);
    const scan = await naiveScan(db, filter);
    expect([...planned.keys].sort()).toEqual(scan.map((i) => i.key).sort());
    expect(scan.length).toBeGreaterThan(0);
    const scans = ['"IMG_1"', 'tag:trip OR person:alice', '-label:sky', 'is:liked', 'lens:ef-s'];
    if (scans.includes(q)) expect(planned.index).toBeNull();
    else {
      expect(planned.index).not.toBeNull();
      expect(planned.scanned).toBeLessThan(600);
    }
    // Conditions indexes answer exactly need no rows at all.
    if (
      [
        'tag:family',
        'person:alice',
        'is:video',
        'rating>=4',
        'source:gdrive',
        'source:od-1 before:2021-06-01',
      ].includes(q)
    )
      expect(planned.scanned).toBe(0);
    // With a tiny probe every range counts as large: the planner's pick is read in full and tested.
    const large = await evaluateFilter(db, filter, 20);
    expect([...large.keys].sort()).toEqual(scan.map((i) => i.key).sort());
    // The dashboard's in-memory index agrees too.
    expect(new CatalogIndex(await db.items.toArray()).evaluate(filter).keys.sort()).toEqual(
      scan.map((i) => i.key).sort(),
    );
  });
});
