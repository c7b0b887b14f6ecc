import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPhotosDir, loadSeedFiles } from '../dev-services/src/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairInTab, putCollection, type ShareStack, signIn, startShareStack, waitShare } from './share-support';

/**
 * The Insights page over the three demo sources, each seeded with the same 14 demo files: every source shows those
 * files' bytes, OneDrive and Drive their quota as the contract servers report it, Blob the indexed sum (no quota
 * API), and the same files in three clouds as duplicates.
 */
const shotsDir = () => process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), 'hypomos-insights');

describe('Insights page', () => {
  let stack: ShareStack;
  let demoBytes = 0;
  beforeAll(async () => {
    const files = await loadSeedFiles(demoPhotosDir);
    expect(files).toHaveLength(14);
    demoBytes = files.reduce((s, f) => s + f.bytes.length, 0);
    stack = await startShareStack();
  }, 400_000);
  afterAll(() => stack?.close());

  it('shows each demo source’s 14 items, their bytes and the quota', async () => {
    const page = stack.client.page;
    await page.goto(page.url().replace(/#.*$/, '#/insights'));
    await expect.poll(() => page.getByTestId('insight-source').count(), { timeout: 20_000 }).toBe(3);
    for (const kind of ['onedrive', 'gdrive', 'azblob'] as const) {
      const c = page.locator(`[data-testid="insight-source"][data-source-kind="${kind}"]`);
      await expect.poll(() => c.locator('[data-stat="items"]').textContent()).toBe('14 photos and videos');
      expect(await c.locator('[data-stat="indexed-bytes"]').getAttribute('data-bytes')).toBe(String(demoBytes));
      // Every year bar and kind-of-file segment adds up to the same bytes.
      expect(await c.getByTestId('by-year').locator('.column').count()).toBeGreaterThan(0);
    }
    const blob = page.locator('[data-testid="insight-source"][data-source-kind="azblob"]');
    await expect.poll(() => blob.getByTestId('quota-note').textContent()).toMatch(/no quota API/);
    expect(await blob.locator('[data-stat="used"]').getAttribute('data-bytes')).toBe(String(demoBytes));

    const onedrive = page.locator('[data-testid="insight-source"][data-source-kind="onedrive"]');
    await expect
      .poll(() => onedrive.getByTestId('quota-note').textContent(), { timeout: 20_000 })
      .toMatch(/reports it/);
    expect(Number(await onedrive.locator('[data-stat="used"]').getAttribute('data-bytes'))).toBe(
      stack.demo.graph.store.usage().used,
    );
    expect(await onedrive.locator('[data-stat="free"]').textContent()).toMatch(/GB$/);
    const drive = page.locator('[data-testid="insight-source"][data-source-kind="gdrive"]');
    expect(Number(await drive.locator('[data-stat="used"]').getAttribute('data-bytes'))).toBe(
      stack.demo.drive.store.usage().used,
    );
    expect(await drive.getByTestId('quota-note').textContent()).toMatch(/Of 15\.00 GB/);

    // The same 14 files in three clouds: two extra copies of each.
    const wasted = page.getByTestId('insight-savings').locator('[data-stat="wasted"]');
    await expect.poll(() => wasted.getAttribute('data-bytes')).toBe(String(2 * demoBytes));
    await expect
      .poll(() => page.getByTestId('index-queue').locator('li[data-label="Indexed"] b').textContent())
      .toBe('42');

    const out = shotsDir();
    await mkdir(out, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, 'insights.png'), fullPage: true });
    console.log(`insights screenshot: ${join(out, 'insights.png')}`);
  }, 120_000);

  it('counts a guest’s view of a shared item as its bytes not copied', async () => {
    await pairInTab(stack, 'alice');
    await putCollection(stack.client, {
      id: 'insights-shared',
      kind: 'dynamic',
      title: 'Shared',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [stack.sourceIds.onedrive] },
    });
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'insights-shared',
      kind: 'link',
      title: 'Shared',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && !s.counts.pending);
    const guest = await stack.guest.context.newPage();
    await signIn(guest, stack, 'bob');
    await guest.goto(share.url as string);
    await guest.locator('.tile').first().click();
    await guest.waitForTimeout(2500); // the viewer sends its counts after 1.5 s
    await guest.close();

    const page = stack.client.page;
    const sizes = new Set((await loadSeedFiles(demoPhotosDir)).map((f) => String(f.bytes.length)));
    const notCopied = page.getByTestId('insight-savings').locator('[data-stat="not-copied"]');
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await notCopied.count()) ? notCopied.getAttribute('data-bytes') : null;
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toSatisfy((bytes: string | null) => bytes !== null && sizes.has(bytes));
    expect(await page.getByTestId('tile-not-copied').textContent()).toMatch(/1 view of 1 shared item/);
    await page.screenshot({ path: join(shotsDir(), 'insights-after-a-view.png'), fullPage: true });
  }, 180_000);
});
