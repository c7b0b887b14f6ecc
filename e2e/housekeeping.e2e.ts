import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairInTab, putCollection, type ShareStack, startShareStack, waitShare } from './share-support';
import { corpora } from './vision-support';

/**
 * The housekeeping review in Chromium on the demo sources plus corpus photos: vision measures every thumbnail, the
 * review proposes a shaken burst frame, a blurred and two very dark shots and a resized copy, the owner bins those 5
 * from the keyboard, each lands in its cloud's own bin (Graph recycle bin, Drive trash), disappears from a guest's
 * share view, and comes back from the Bin tab.
 *
 * The shaken, blurred and dark photos are made here from real corpus photos by the browser's canvas (blur and
 * brightness filters, re-encoded as JPEG). The shaken frame carries its original's EXIF segment unchanged, so it is
 * the same camera at the same second: a burst. Nothing else about them is made up.
 */
describe('housekeeping: review, bin at the source, gone from shares, restore', () => {
  let stack: ShareStack;
  let page: Page;
  const shots = process.env.HYPOMOS_SCREENSHOTS;
  const keys: Record<string, string> = {};
  let shareUrl = '';

  beforeAll(async () => {
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
    if (shots) await mkdir(shots, { recursive: true });
  }, 400_000);
  afterAll(async () => stack?.close());

  it('measures the photos and proposes the 5 with their reasons and the burst best', async () => {
    const guest = await stack.guest.context.newPage();
    const derive = (bytes: Buffer, filter: string) => canvasJpeg(guest, bytes, filter);
    const nikon = await readFile(join(import.meta.dirname, '../demo/photos/Pictures/Cameras/Nikon D5000.jpg'));
    const nature = (name: string) => readFile(join(corpora, 'immich-test-assets/albums/nature', name));
    const shaken = withExifOf(nikon, await derive(nikon, 'blur(6px)'));
    const blurred = await derive(await nature('cyclamen_persicum.jpg'), 'blur(6px)');
    const dark = await derive(await nature('silver_fir.jpg'), 'brightness(0.12)');
    const darkToo = await derive(await nature('notocactus_minimus.jpg'), 'brightness(0.1)');
    const dedup = (p: string) => readFile(join(corpora, 'dedup-imagededup', p));
    const jpeg = 'image/jpeg';
    const graph = stack.demo.graph.store;
    graph.addFile({ path: 'Pictures/Cameras/Nikon D5000 (shaken).jpg', bytes: shaken, mimeType: jpeg });
    graph.addFile({ path: 'Pictures/Nature/cyclamen.jpg', bytes: blurred, mimeType: jpeg });
    graph.addFile({ path: 'Pictures/Nature/silver_fir.jpg', bytes: dark, mimeType: jpeg });
    graph.addFile({
      path: 'Pictures/Objects/ukbench00120.jpg',
      bytes: await dedup('base_images/ukbench00120.jpg'),
      mimeType: jpeg,
    });
    graph.addFile({
      path: 'Pictures/Objects/ukbench00120_resize.jpg',
      bytes: await dedup('mixed_images/ukbench00120_resize.jpg'),
      mimeType: jpeg,
    });
    stack.demo.drive.store.addFile({ path: 'Pictures/Nature/notocactus.jpg', bytes: darkToo, mimeType: jpeg });
    await guest.close();

    const { onedrive: od, gdrive: gd } = stack.sourceIds;
    await stack.client.send({ type: 'sources.sync' });
    await stack.client.waitIdle([od, gd], 120_000);
    const keyOf = async (sourceId: string, name: string) => {
      const row = (await stack.client.rawItems(sourceId)).find((i) => i.name === name);
      if (!row) throw new Error(`not indexed: ${name}`);
      return row.key as string;
    };
    keys.shaken = await keyOf(od, 'Nikon D5000 (shaken).jpg');
    keys.nikon = await keyOf(od, 'Nikon D5000.jpg');
    keys.blurred = await keyOf(od, 'cyclamen.jpg');
    keys.dark = await keyOf(od, 'silver_fir.jpg');
    keys.resized = await keyOf(od, 'ukbench00120_resize.jpg');
    keys.darkDrive = await keyOf(gd, 'notocactus.jpg');

    // Vision on for the two clouds, through the consent dialog as a user does it.
    page = stack.client.page;
    await page.goto(page.url().replace(/#.*$/, '#/people'));
    for (const id of [od, gd]) {
      await page.getByTestId(`vision-optin-${id}`).click();
      await page.getByTestId('vision-consent-accept').click();
      await expect.poll(() => page.getByTestId(`vision-optin-${id}`).isChecked()).toBe(true);
    }
    await expect
      .poll(() => page.getByTestId('vision-progress').textContent(), { timeout: 400_000, interval: 2000 })
      .toMatch(/(\d+) of \1 analysed/);

    await page.goto(page.url().replace(/#.*$/, '#/housekeeping'));
    const review = page.getByTestId('hk-review');
    await review.waitFor({ timeout: 60_000 });
    const tile = (key: string) => review.locator(`[data-testid="hk-tile"][data-key="${key}"]`);
    const reasonOf = (key: string) => tile(key).locator('.hk-reason').textContent();
    await expect.poll(() => tile(keys.resized!).count(), { timeout: 60_000 }).toBe(1);
    // The review follows the analysis live: each reason shows once its photo is measured.
    const expected: [string, RegExp][] = [
      [keys.shaken!, /^Burst · Blurry$/],
      [keys.blurred!, /^Blurry$/],
      [keys.dark!, /^Very dark$/],
      [keys.darkDrive!, /^Very dark$/],
      [keys.resized!, /^Duplicate$/],
    ];
    for (const [key, reason] of expected)
      await expect
        .poll(async () => ((await tile(key).count()) ? reasonOf(key) : ''), { timeout: 120_000 })
        .toMatch(reason);
    const best = review.locator(`[data-testid="hk-best"][data-key="${keys.nikon}"]`);
    expect(await best.textContent()).toMatch(/Best · sharpest/);
    // The kept shot is shown as the burst's best, not offered as a candidate.
    expect(await best.locator('[data-testid="hk-tile"]').count()).toBe(1);
    expect(await tile(keys.nikon!).count()).toBe(1);
    expect(await page.getByTestId('hk-frees').textContent()).toMatch(/\d+(\.\d+)? (KB|MB)/);
    if (shots) {
      await thumbnailsShown(page);
      await page.screenshot({ path: join(shots, 'housekeeping-review.png') });
    }
  }, 600_000);

  it('bins the 5 in bulk from the keyboard: each in its cloud’s bin, gone from the index and from the guest’s share', async () => {
    const { onedrive: od } = stack.sourceIds;
    const five = [keys.shaken!, keys.blurred!, keys.dark!, keys.resized!, keys.darkDrive!];
    await putCollection(stack.client, {
      id: 'hk-share',
      kind: 'static',
      title: 'Housekeeping',
      itemKeys: [...five, keys.nikon!],
      filter: null,
    });
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'hk-share',
      kind: 'link',
      title: 'Housekeeping',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && (s.counts.published ?? 0) === 6, 120_000);
    shareUrl = share.url!;
    const viewer = await stack.guest.context.newPage();
    const tilesShown = async () => {
      await viewer.goto(shareUrl);
      await viewer.locator('.tile-img').first().waitFor({ timeout: 30_000 });
      return viewer.locator('.tile-img').count();
    };
    expect(await tilesShown()).toBe(6);

    const review = page.getByTestId('hk-review');
    const tile = (key: string) => review.locator(`[data-testid="hk-tile"][data-key="${key}"]`);
    // Click selects; Escape clears; then the five, and Delete bins the selection.
    await tile(keys.blurred!).click();
    expect(await page.getByTestId('hk-selected').textContent()).toMatch(/^1 item selected/);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('hk-selected').count()).toBe(0);
    for (const key of five) await tile(key).click();
    expect(await page.getByTestId('hk-selected').textContent()).toMatch(/^5 items selected/);
    if (shots) {
      await thumbnailsShown(page);
      await page.screenshot({ path: join(shots, 'housekeeping-selected.png') });
    }
    await page.keyboard.press('Delete');
    await page.locator('.toast-text', { hasText: 'Moved 5 items to the bin' }).waitFor({ timeout: 60_000 });

    const graph = stack.demo.graph.store;
    const inGraphBin = graph
      .live(true)
      .filter((n) => n.trashed)
      .map((n) => n.name)
      .sort();
    expect(inGraphBin).toEqual([
      'Nikon D5000 (shaken).jpg',
      'cyclamen.jpg',
      'silver_fir.jpg',
      'ukbench00120_resize.jpg',
    ]);
    const driveNode = stack.demo.drive.store.findByPath('Pictures/Nature/notocactus.jpg');
    expect(driveNode?.trashed).toBe(true);

    // The sync the bin asked for drops them from the index; sharing withdraws them from the share.
    await expect
      .poll(
        async () => {
          await stack.client.send({ type: 'sources.sync' });
          const left = [
            ...(await stack.client.rawItems(od)),
            ...(await stack.client.rawItems(stack.sourceIds.gdrive)),
          ].map((i) => i.key as string);
          return five.filter((k) => left.includes(k)).length;
        },
        { timeout: 120_000, interval: 3000 },
      )
      .toBe(0);
    await expect.poll(tilesShown, { timeout: 120_000, interval: 3000 }).toBe(1);
    await viewer.close();
    for (const key of five) expect(await tile(key).count()).toBe(0);
  }, 400_000);

  it('restores them from the Bin tab: back in their clouds under the same ids, back in the library with the same keys and in the guest’s share', async () => {
    await page.getByTestId('hk-bin-tab').click();
    const bin = page.getByTestId('hk-bin');
    await bin.waitFor();
    expect(await bin.getByTestId('hk-tile').count()).toBe(5);
    expect(await bin.locator('.hk-reason').allTextContents()).toEqual(
      expect.arrayContaining(['OneDrive recycle bin', 'Google Drive trash']),
    );
    if (shots) await page.screenshot({ path: join(shots, 'housekeeping-bin.png') });
    await bin.getByRole('button', { name: /Restore all/ }).click();
    await page.locator('.toast-text', { hasText: 'Restored 5 items' }).waitFor({ timeout: 60_000 });
    expect(stack.demo.graph.store.live(true).filter((n) => n.trashed)).toEqual([]);
    expect(stack.demo.drive.store.findByPath('Pictures/Nature/notocactus.jpg')?.trashed).toBe(false);
    const { onedrive: od, gdrive: gd } = stack.sourceIds;
    await stack.client.waitIdle([od, gd], 120_000);
    const present = [...(await stack.client.rawItems(od)), ...(await stack.client.rawItems(gd))].map(
      (i) => i.key as string,
    );
    for (const key of [keys.shaken, keys.blurred, keys.dark, keys.resized, keys.darkDrive])
      expect(present).toContain(key);
    expect(await bin.getByTestId('hk-tile').count()).toBe(0);

    // Undone everywhere: the share still holds them (static collection), so they are published again for the guest.
    const viewer = await stack.guest.context.newPage();
    const tilesShown = async () => {
      await stack.client.send({ type: 'sources.sync' });
      await viewer.goto(shareUrl);
      await viewer.locator('.tile-img').first().waitFor({ timeout: 30_000 });
      return viewer.locator('.tile-img').count();
    };
    await expect.poll(tilesShown, { timeout: 120_000, interval: 3000 }).toBe(6);
    await viewer.close();
  }, 300_000);
});

/** Waits until the tiles in view show their thumbnails (they fade in), for a screenshot worth looking at. */
async function thumbnailsShown(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.locator('.hk-tile').evaluateAll((tiles) => {
          const inView = tiles.filter((t) => {
            const r = t.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight;
          });
          return inView.every((t) => t.querySelector('.thumb[data-loaded="1"]'));
        }),
      { timeout: 30_000 },
    )
    .toBe(true)
    .catch(() => undefined);
}

/** The photo drawn through a canvas filter and re-encoded as JPEG by the browser (no EXIF: canvases drop it). */
async function canvasJpeg(page: Page, bytes: Buffer, filter: string): Promise<Buffer> {
  const out = await page.evaluate(
    async ({ b64, filter }) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      // Pixels as stored: the EXIF orientation, if any, stays the original's business.
      const bitmap = await createImageBitmap(new Blob([raw]), { imageOrientation: 'none' });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.filter = filter;
      ctx.drawImage(bitmap, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const out = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(s);
    },
    { b64: bytes.toString('base64'), filter },
  );
  return Buffer.from(out, 'base64');
}

/** `derived` with `original`'s EXIF (APP1) segment put right after its start-of-image marker. */
function withExifOf(original: Buffer, derived: Buffer): Buffer {
  for (let i = 2; i + 4 <= original.length && original[i] === 0xff; ) {
    const marker = original[i + 1];
    const length = original.readUInt16BE(i + 2);
    if (marker === 0xe1 && original.subarray(i + 4, i + 10).toString('latin1') === 'Exif\0\0')
      return Buffer.concat([derived.subarray(0, 2), original.subarray(i, i + 2 + length), derived.subarray(2)]);
    if (marker === 0xda) break;
    i += 2 + length;
  }
  throw new Error('the original has no EXIF segment');
}
