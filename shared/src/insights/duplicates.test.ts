import { describe, expect, it } from 'vitest';
import { duplicateWaste } from './duplicates';
import { generatedLibrary } from './generated-library';
import type { InsightItem, InsightSource } from './storage';

const sources: InsightSource[] = [
  { id: 'od', name: 'OneDrive', kind: 'onedrive' },
  { id: 'gd', name: 'Google Drive', kind: 'gdrive' },
];

describe('duplicateWaste', () => {
  it('a library without duplicates wastes nothing', () => {
    const w = duplicateWaste(generatedLibrary({ sources, perSource: 300 }));
    expect(w).toMatchObject({ groups: 0, extraCopies: 0, wastedBytes: 0, acrossSourcesBytes: 0 });
  });

  it('counts every copy but one, across clouds and within one', () => {
    const items = generatedLibrary({ sources, perSource: 300, seed: 3 });
    const od = items.filter((i) => i.sourceId === 'od');
    const gd = items.filter((i) => i.sourceId === 'gd');
    // 20 OneDrive files also in Drive (same SHA-256), and 5 copied twice more within Drive by provider md5.
    const copy = (from: InsightItem, onto: InsightItem, extra: Partial<InsightItem> = {}) =>
      Object.assign(onto, { sha256: from.sha256, bytes: from.bytes, ...extra });
    for (let n = 0; n < 20; n++) copy(od[n] as InsightItem, gd[n] as InsightItem);
    for (let n = 0; n < 5; n++) {
      const a = gd[100 + 2 * n] as InsightItem;
      const b = gd[101 + 2 * n] as InsightItem;
      const c = gd[200 + n] as InsightItem;
      for (const i of [a, b, c]) Object.assign(i, { sha256: null, contentHashes: { md5: `m${n}` }, bytes: 777 });
    }
    const across = od.slice(0, 20).reduce((s, i) => s + (i.bytes ?? 0), 0);
    const w = duplicateWaste(items);
    expect(w.groups).toBe(25);
    expect(w.extraCopies).toBe(30);
    expect(w.acrossSourcesBytes).toBe(across);
    expect(w.wastedBytes).toBe(across + 5 * 2 * 777);
    // Keys sort 'gd:' before 'od:', so the Drive copy is the one kept across clouds.
    expect(w.bySource.get('od')).toBe(across);
    expect(w.bySource.get('gd')).toBe(5 * 2 * 777);
  });

  it('a copy without a reported size takes its twin’s', () => {
    const [a, b] = generatedLibrary({ sources, perSource: 1 }) as [InsightItem, InsightItem];
    Object.assign(b, { sha256: a.sha256, bytes: null });
    Object.assign(a, { bytes: 5000 });
    expect(duplicateWaste([a, b]).wastedBytes).toBe(5000);
  });
});
