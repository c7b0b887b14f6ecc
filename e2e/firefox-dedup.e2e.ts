import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { library, realHashes } from '../bench/dedup.bench';
import { makeIndexItem } from '../shared/src/filter/item-factory';
import { type DuplicateGroup, duplicateGroupsBruteForce, type HashedItem } from '../shared/src/vision/dedupe';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';

/**
 * The Housekeeping duplicate review in Firefox: the search runs in the dashboard's module worker, which opens Dexie
 * inside a worker on a moz-extension:// page. On a library seeded with hashes derived from real corpus pHashes
 * (as bench/dedup.bench.ts does) it lists exactly the groups of comparing all pairs; "Keep this, hide the others"
 * then takes a group out of the review.
 */
const SIZE = 600;

const canonical = (groups: DuplicateGroup[]) => groups.map((g) => `${g.kind}:${[...g.keys].sort().join(',')}`).sort();

/** Writes rows into one store of the dashboard's database with plain IndexedDB (no extension code involved). */
function putRows(store: string, rows: unknown[]): Promise<void> {
  return new Promise((ok, fail) => {
    const req = indexedDB.open('hypomos');
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(store, 'readwrite');
      for (const r of rows) tx.objectStore(store).put(r);
      tx.oncomplete = () => {
        db.close();
        ok();
      };
      tx.onerror = () => fail(tx.error);
    };
  });
}

describe('Firefox: duplicate review with the search in a worker', () => {
  let ff: FirefoxSession;
  let tab: FirefoxTab;

  beforeAll(async () => {
    ff = await launchFirefox();
    tab = await ff.openExtensionPage('dashboard.html#/settings');
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
  });

  it('lists exactly the groups found by comparing all pairs, and a kept group leaves the review', async () => {
    // The dashboard's Dexie creates the database; the raw writes must not create an empty one first.
    await expect
      .poll(() => tab.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'hypomos')), {
        timeout: 60_000,
      })
      .toBe(true);
    const hashes = library(await realHashes(), SIZE, 11);
    const items = hashes.map((h) =>
      makeIndexItem({ sourceId: 'small', providerItemId: h.key, mediaType: 'image', sha256: h.sha256, phash: h.phash }),
    );
    const features = hashes.map((h, n) => ({
      key: items[n]?.key,
      phashVariants: h.phashVariants,
      centreHash: h.centreHash,
      rotationHashes: h.rotationHashes,
      objectScores: {},
      faceCount: 0,
      thumbWidth: 100,
      thumbHeight: 100,
      analyzedAt: 0,
    }));
    await tab.evaluate(putRows, 'items', items);
    await tab.evaluate(putRows, 'visionFeatures', features);
    const hashed = hashes.map((h, n): HashedItem => ({ ...h, key: items[n]?.key as string, contentHashes: {} }));
    const expected = canonical(duplicateGroupsBruteForce(hashed));
    expect(expected.length).toBeGreaterThan(50); // more than one page of the review

    await tab.route('#/housekeeping');
    await tab.waitFor('[data-testid="duplicates-review"]', undefined, 300_000);
    const total = Number(await tab.attribute('[data-testid="duplicates-review"]', 'data-groups'));
    expect(total).toBe(expected.length);
    // "Show more (… groups left)" is the review's last child until every group is listed.
    while ((await tab.count('[data-testid="dup-group"]')) < total)
      await tab.click('[data-testid="duplicates-review"] > button:last-child');
    const listed = await tab.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="dup-group"]')).map((e) => ({
        kind: e.getAttribute('data-kind') as DuplicateGroup['kind'],
        keys: (e.getAttribute('data-keys') ?? '').split(' '),
      })),
    );
    expect(canonical(listed)).toEqual(expected);

    // Keeping one photo of the first group hides the others: the group leaves the review.
    const first = listed[0]!;
    await tab.click('[data-testid="dup-group"] button', 'Keep this one');
    await expect
      .poll(() => tab.attribute('[data-testid="duplicates-review"]', 'data-groups'), { timeout: 120_000 })
      .toBe(String(total - 1));
    const keysNow = await tab.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="dup-group"]')).map((e) => e.getAttribute('data-keys')),
    );
    expect(keysNow).not.toContain(first.keys.join(' '));
  }, 600_000);
});
