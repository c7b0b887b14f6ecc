import { describe, expect, it } from 'vitest';
import { generatedLibrary } from './generated-library';
import { captureYear, fileKind, type InsightSource, quotaState, storageBySource } from './storage';

const sources: InsightSource[] = [
  { id: 'od', name: 'OneDrive', kind: 'onedrive' },
  { id: 'gd', name: 'Google Drive', kind: 'gdrive' },
  { id: 'bl', name: 'Blob', kind: 'azblob' },
];

describe('storageBySource', () => {
  const items = generatedLibrary({ sources, perSource: 500, seed: 7 });
  const quotas = new Map([
    ['od', { totalBytes: 5 * 1024 ** 3, usedBytes: 3 * 1024 ** 3, inBinBytes: 1000, state: 'normal' as const }],
    ['gd', { totalBytes: 100, usedBytes: 95, inBinBytes: null, state: null }],
  ]);
  const rows = storageBySource(sources, items, quotas);

  it('sums each source’s indexed bytes, and the years and kinds of file add up to the same', () => {
    for (const row of rows) {
      const own = items.filter((i) => i.sourceId === row.source.id);
      const bytes = own.reduce((s, i) => s + (i.bytes ?? 0), 0);
      expect(row.items).toBe(500);
      expect(row.indexedBytes).toBe(bytes);
      expect(row.byYear.reduce((s, y) => s + y.bytes, 0)).toBe(bytes);
      expect(row.byType.reduce((s, t) => s + t.count, 0)).toBe(500);
      expect(row.byYear.map((y) => y.label)).toEqual([...row.byYear.map((y) => y.label)].sort());
      expect(row.byType.map((t) => t.bytes)).toEqual([...row.byType.map((t) => t.bytes)].sort((a, b) => b - a));
    }
  });

  it('takes the provider’s quota where there is one, derives a state Drive does not report, and falls back to indexed sizes', () => {
    expect(rows[0]?.space).toEqual({
      basis: 'provider',
      totalBytes: 5 * 1024 ** 3,
      usedBytes: 3 * 1024 ** 3,
      freeBytes: 2 * 1024 ** 3,
      inBinBytes: 1000,
      state: 'normal',
    });
    expect(rows[1]?.space).toMatchObject({ basis: 'provider', freeBytes: 5, state: 'nearing' });
    expect(rows[2]?.space).toEqual({
      basis: 'indexed',
      totalBytes: null,
      usedBytes: rows[2]?.indexedBytes,
      freeBytes: null,
      inBinBytes: null,
      state: null,
    });
  });

  it('an unlimited account has no free figure; unknown sizes are counted apart', () => {
    const [row] = storageBySource(
      [sources[0] as InsightSource],
      [{ ...(items[0] as (typeof items)[0]), sourceId: 'od', bytes: null }],
      new Map([['od', { totalBytes: null, usedBytes: 10, inBinBytes: 0, state: null }]]),
    );
    expect(row).toMatchObject({ indexedBytes: 0, unknownSize: 1, space: { freeBytes: null, state: null } });
  });

  it('a source with nothing indexed still has a row', () => {
    const [row] = storageBySource([{ id: 'x', name: 'Empty', kind: 'local' }], items, new Map());
    expect(row).toMatchObject({ items: 0, indexedBytes: 0, byYear: [], byType: [] });
  });
});

describe('quotaState (Graph resources/quota)', () => {
  it.each([
    [100, 0, 'normal'],
    [100, 91, 'nearing'],
    [1000, 995, 'critical'],
    [100, 100, 'critical'],
    [100, 101, 'exceeded'],
  ] as const)('total %i, used %i: %s', (total, used, state) => expect(quotaState(total, used)).toBe(state));
});

describe('year and kind of file', () => {
  it('uses the camera’s local year, not UTC, when known', () => {
    // 31 Dec 2019 23:30 in New York is already 2020 in UTC.
    expect(captureYear({ takenAt: Date.UTC(2020, 0, 1, 4, 30), takenAtLocal: '2019-12-31T23:30:00' })).toBe('2019');
    expect(captureYear({ takenAt: Date.UTC(2020, 0, 1, 4, 30), takenAtLocal: null })).toBe('2020');
  });
  it.each([
    ['image', 'image/jpeg', 'JPEG'],
    ['image', 'image/heif', 'HEIC'],
    ['image', 'image/x-canon-cr3', 'RAW'],
    ['video', 'video/quicktime', 'Video'],
    [null, 'video/mp4', 'Video'],
    ['image', 'image/webp', 'WEBP'],
    [null, null, 'Other'],
  ] as const)('%s %s is %s', (mediaType, mimeType, kind) => expect(fileKind({ mediaType, mimeType })).toBe(kind));
});
