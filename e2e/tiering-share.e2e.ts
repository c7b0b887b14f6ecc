import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairInTab, putCollection, type ShareStack, startShareStack, waitShare } from './share-support';

/**
 * A guest keeps viewing a share while its OneDrive photos move to the demo Blob container from the Tiering page:
 * the share is a static collection (keys survive a move), the guest reloads the share again and again during the
 * run, and every load shows every tile; afterwards the originals come from azurite.
 */
describe('tiering: a share keeps showing every photo while they move hot → cold', () => {
  let stack: ShareStack;

  beforeAll(async () => {
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
  }, 400_000);
  afterAll(async () => stack?.close());

  it('guest sees every tile before, during and after the move', async () => {
    const od = stack.sourceIds.onedrive;
    const keys = (await stack.client.rawItems(od)).map((i) => (i as { key: string }).key);
    await putCollection(stack.client, {
      id: 'old-od',
      kind: 'static',
      title: 'Old OneDrive',
      itemKeys: keys,
      filter: null,
    });
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'old-od',
      kind: 'link',
      title: 'Moving',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && (s.counts.published ?? 0) === keys.length);
    const viewer = await stack.guest.context.newPage();
    const broken: string[] = [];
    const images: string[] = [];
    viewer.on('response', (r) => {
      if (r.request().resourceType() !== 'image') return;
      images.push(r.url());
      if (r.status() >= 400) broken.push(`${r.status()} ${r.url()}`);
    });
    viewer.on('requestfailed', (r) => {
      if (r.resourceType() === 'image') broken.push(`failed ${r.url()}`);
    });
    // Not every demo file is an image tile Chromium shows (HEIC, videos): the tiles that load before the move are the yardstick.
    let shown = 0;
    const allTilesLoad = async () => {
      await viewer.goto(share.url!);
      await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBe(shown);
    };
    await viewer.goto(share.url!);
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    for (let last = -1; shown !== last; await viewer.waitForTimeout(1500)) {
      last = shown;
      shown = await viewer.locator('.tile-img.loaded').count();
    }
    expect(shown).toBeGreaterThan(keys.length / 2);

    // A share made today counts as recent use (the rule: not shared in M months): this one dates from 3 years ago.
    await stack.client.page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('hypomos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('published', 'readwrite');
        const store = tx.objectStore('published');
        const req = store.getAll();
        req.onsuccess = () => {
          for (const row of req.result) store.put({ ...row, at: Date.now() - 3 * 365 * 86_400_000 });
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
    const owner = await stack.owner.openPage('dashboard.html#/tiering');
    const run = owner.getByTestId('tiering-run');
    await expect.poll(async () => (await run.textContent())?.match(/Move (\d+)/)?.[1] ?? '0').not.toBe('0');
    const planned = Number((await run.textContent())?.match(/Move (\d+)/)?.[1]);
    // Two demo photos are recent (taken in the last 24 months): they stay.
    expect(planned).toBeGreaterThan(keys.length / 2);
    await run.click();
    let loadsDuringRun = 0;
    const settled = async () =>
      (await owner.locator('[data-testid="tiering-log"] .pill.ok').count()) +
      (await owner.locator('[data-testid="tiering-log"] .pill.warn').count());
    while ((await settled()) < planned) {
      await allTilesLoad();
      loadsDuringRun++;
      expect(loadsDuringRun).toBeLessThan(60);
    }
    // Every move finishes in one run: a stop (e.g. a refused Blob link while republishing) is a defect.
    const stopped = await owner.locator('[data-testid="tiering-log"] .pill.warn').count();
    expect(stopped, (await owner.getByTestId('tiering-log').textContent()) ?? '').toBe(0);
    images.length = 0;
    await allTilesLoad();
    expect(broken).toEqual([]);
    // After the run the guest's images come from the owner's Blob container.
    const blob = new URL(stack.demo.azurite.url).origin;
    expect(images.filter((u) => u.startsWith(blob)).length).toBeGreaterThan(0);
    console.log(
      `tiering.guest_errors_during_move=${broken.length} (${loadsDuringRun} full loads during the run, ${shown}/${keys.length} tiles shown each time)`,
    );
  }, 300_000);
});
