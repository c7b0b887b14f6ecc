import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoveRow } from '../extension/src/features/tiering/rows';
import { pairInTab, putCollection, rawTable, type ShareStack, startShareStack, waitShare } from './share-support';

/**
 * A guest keeps viewing a share while its OneDrive photos move to the demo Blob container from the Tiering page:
 * the share is a static collection (keys survive a move), the guest reloads the share again and again during the
 * run, and every load shows every tile; afterwards the originals come from azurite.
 */
describe('tiering: a share keeps showing every photo while they move hot → cold', () => {
  let stack: ShareStack;
  // Shared by the tests in order: the second undoes one of the moves the first made, with the same guest.
  let viewer: Page;
  let owner: Page;
  let shown = 0;
  const broken: string[] = [];
  const images: string[] = [];
  const allTilesLoad = async () => {
    await viewer.goto(shareUrl);
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBe(shown);
  };
  let shareUrl = '';
  const shots = process.env.HYPOMOS_SCREENSHOTS;

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
    shareUrl = share.url!;
    viewer = await stack.guest.context.newPage();
    viewer.on('response', (r) => {
      if (r.request().resourceType() !== 'image') return;
      images.push(r.url());
      if (r.status() >= 400) broken.push(`${r.status()} ${r.url()}`);
    });
    viewer.on('requestfailed', (r) => {
      if (r.resourceType() === 'image') broken.push(`failed ${r.url()}`);
    });
    // Not every demo file is an image tile Chromium shows (HEIC, videos): the tiles that load before the move are the yardstick.
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
    owner = await stack.owner.openPage('dashboard.html#/tiering');
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

  it('undoing one move from the log brings the original back to OneDrive and deletes the blob; the guest sees it throughout', async () => {
    // A JPEG, so its tile is one Chromium shows.
    const row = owner
      .locator('[data-testid="tiering-log-row"]', { has: owner.getByTestId('tiering-undo'), hasText: /\.jpg/i })
      .first();
    await row.waitFor();
    const moveId = (await row.getAttribute('data-move'))!;
    const move = (await rawTable<MoveRow>(stack.client, 'tierMoves')).find((m) => m.id === moveId)!;
    const original = stack.demo.graph.store.getAny(move.fromId)!;
    expect([original.trashed, original.deleted]).toEqual([true, false]);
    const path = move.toPath!;
    const sas = new URL(stack.demo.config.blobSasUrl);
    const blobNames = async () => {
      const list = new URL(sas);
      for (const [k, v] of Object.entries({ restype: 'container', comp: 'list', prefix: path }))
        list.searchParams.set(k, v);
      return [...(await (await fetch(list)).text()).matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
    };
    expect(await blobNames()).toEqual([path]);
    if (shots) await owner.screenshot({ path: join(shots, 'tiering-log-undo.png'), fullPage: true });
    images.length = 0;
    await row.getByTestId('tiering-undo').click();
    let loadsDuringUndo = 0;
    const undone = owner.locator('[data-testid="tiering-log-row"][data-state="undone"]');
    do {
      await allTilesLoad();
      loadsDuringUndo++;
      expect(loadsDuringUndo).toBeLessThan(30);
    } while ((await undone.count()) === 0);
    await allTilesLoad();
    expect(broken).toEqual([]);
    expect(await undone.getAttribute('data-move')).toBe(moveId);
    // The newest entry comes first, and the undone item is kept warm: the next run would not move it back.
    expect(await owner.getByTestId('tiering-log-row').first().getAttribute('data-move')).toBe(moveId);
    await expect.poll(async () => owner.getByTestId('tiering-run').textContent()).toMatch(/Move 0 items/);
    expect(await owner.getByTestId('tiering-pins').locator('..').textContent()).toContain('1 single item pinned');
    expect(await owner.locator('[data-testid="tiering-log-row"][data-state="failed"]').count()).toBe(0);
    // The original is live again in OneDrive under its id, and the cold copy is gone.
    expect(stack.demo.graph.store.get(move.fromId)?.trashed).toBe(false);
    expect(await blobNames()).toEqual([]);
    // Its tile now loads from OneDrive (the Graph contract server) again.
    const graph = new URL(stack.demo.graph.url).origin;
    await expect.poll(() => images.filter((u) => u.startsWith(graph)).length).toBeGreaterThan(0);
    if (shots) await owner.screenshot({ path: join(shots, 'tiering-log-undone.png'), fullPage: true });
    console.log(`tiering undo: ${loadsDuringUndo} full guest loads during the undo, 0 failed image loads`);
  }, 120_000);
});
