import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import type { MoveRow } from '../extension/src/features/tiering/rows';
import { rawTable } from './share-support';
import { ExtensionClient } from './sources-support';

/**
 * Tiering in Chromium on the demo sources: the Tiering page plans the old OneDrive photos into the demo Blob
 * container (Cold tier) with the cost before and after, runs the moves, and the log shows each one done while
 * the OneDrive originals are in the recycle bin; then one cold photo is kept warm from the lightbox and the next
 * run moves it back. No share is open here: the guest's view during moves and an undo is tiering-share.e2e.ts.
 */
describe('tiering: old OneDrive photos move to Blob from the dashboard', () => {
  let demo: DemoSources;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let page: Page;
  const shots = process.env.HYPOMOS_SCREENSHOTS;

  beforeAll(async () => {
    demo = await startDemoSources();
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
    const { ids } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    await client.waitIdle(ids);
    page = await browser.openPage('dashboard.html#/tiering');
    if (shots) await mkdir(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('shows the plan with its monthly cost, runs it, and logs every move done', async () => {
    await page.getByTestId('tiering-plan').waitFor();
    const run = page.getByTestId('tiering-run');
    await expect.poll(async () => (await run.textContent())?.match(/Move (\d+)/)?.[1] ?? '0').not.toBe('0');
    const planned = Number((await run.textContent())?.match(/Move (\d+)/)?.[1]);
    expect(await page.getByTestId('tiering-cost').textContent()).toMatch(/^\$[\d.]+ → \$[\d.]+$/);
    if (shots) await page.screenshot({ path: join(shots, 'tiering-plan.png'), fullPage: true });
    const liveBefore = demo.graph.store.live().filter((n) => !n.folder).length;
    await run.click();
    await expect
      .poll(async () => page.locator('[data-testid="tiering-log"] .pill.ok').count(), { timeout: 120_000 })
      .toBe(planned);
    expect(await page.locator('[data-testid="tiering-log"] .pill.warn').count()).toBe(0);
    expect(demo.graph.store.live().filter((n) => !n.folder).length).toBe(liveBefore - planned);
    await expect.poll(async () => (await run.textContent())?.match(/Move (\d+)/)?.[1]).toBe('0');
    if (shots) await page.screenshot({ path: join(shots, 'tiering-done.png'), fullPage: true });
  }, 180_000);

  /** The timeline is virtualized (and stacks bursts): unstacked, scroll down to the tile (old photos are near the end), then open it. */
  const openInLightbox = async (key: string) => {
    await page.goto(page.url().replace(/#.*/, '#/timeline'));
    const tile = page.locator(`[data-key="${key}"]`);
    await page.locator('[role=gridcell]').first().waitFor();
    // The demo sources hold the same photos: stacked, the Blob copy may stand for the group.
    const stack = page.getByRole('checkbox', { name: /Stack RAW\+JPEG/ });
    if (await stack.isChecked()) await stack.uncheck();
    await page.mouse.move(700, 500);
    for (let i = 0; (await tile.count()) === 0; i++) {
      expect(i).toBeLessThan(60);
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(100);
    }
    await tile.dblclick();
  };

  it('a cold photo kept warm from the lightbox moves back to OneDrive at the next run', async () => {
    const moves = await rawTable<MoveRow>(client, 'tierMoves');
    const cold = moves.find((m) => m.state === 'done' && m.direction === 'to-cold' && /\.jpg$/i.test(m.fromPath))!;
    const item = async () => (await client.rawItems(cold.toSourceId)).find((i) => i.key === cold.key);
    expect(await item()).toBeTruthy();
    await openInLightbox(cold.key);
    const keepWarm = page.getByTestId('lightbox-keep-warm');
    await expect.poll(() => keepWarm.textContent()).toBe('In cold storage · Keep warm');
    expect(await keepWarm.getAttribute('aria-pressed')).toBe('false');
    // The owner still sees the photo itself from cold storage (Cold tier reads like Hot), not only its thumbnail.
    const image = page.getByTestId('lightbox-image');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 })
      .toBeGreaterThan(400);
    if (shots) await page.screenshot({ path: join(shots, 'lightbox-cold.png') });
    await keepWarm.click();
    await expect.poll(() => keepWarm.textContent(), { timeout: 30_000 }).toBe('Kept warm · back at the next run');
    expect(await keepWarm.getAttribute('aria-pressed')).toBe('true');
    if (shots) await page.screenshot({ path: join(shots, 'lightbox-kept-warm.png') });
    await page.keyboard.press('Escape');

    await page.goto(page.url().replace(/#.*/, '#/tiering'));
    const run = page.getByTestId('tiering-run');
    await expect.poll(async () => run.textContent(), { timeout: 30_000 }).toMatch(/Move 1 item$/);
    expect(await page.getByTestId('tiering-pins').locator('..').textContent()).toContain('1 single item pinned');
    await run.click();
    const warmMove = async () =>
      (await rawTable<MoveRow>(client, 'tierMoves')).find((m) => m.key === cold.key && m.direction === 'to-warm');
    await expect.poll(async () => (await warmMove())?.state, { timeout: 60_000 }).toBe('done');
    const warm = (await warmMove())!;
    // The log shows it first, done.
    const first = page.getByTestId('tiering-log-row').first();
    await expect.poll(() => first.getAttribute('data-move'), { timeout: 30_000 }).toBe(warm.id);
    expect(await first.getAttribute('data-state')).toBe('done');
    await expect.poll(async () => run.textContent(), { timeout: 30_000 }).toMatch(/Move 0 items$/);
    expect(warm).toMatchObject({ state: 'done', fromSourceId: cold.toSourceId, toSourceId: cold.fromSourceId });
    // A new OneDrive file with the photo's bytes (the original stays in the recycle bin), the blob gone.
    const node = demo.graph.store.get(warm.toId!)!;
    expect([node.trashed, node.content?.length]).toEqual([false, cold.bytes]);
    const list = new URL(demo.config.blobSasUrl);
    for (const [k, v] of Object.entries({ restype: 'container', comp: 'list', prefix: cold.toPath! }))
      list.searchParams.set(k, v);
    expect(await (await fetch(list)).text()).not.toContain(`<Name>${cold.toPath}</Name>`);
    expect(await item()).toBeUndefined();
    expect((await client.rawItems(cold.fromSourceId)).find((i) => i.key === cold.key)).toMatchObject({
      providerItemId: warm.toId,
    });
    // Back in the lightbox: warm, and no longer in cold storage.
    await openInLightbox(cold.key);
    await expect.poll(() => keepWarm.textContent(), { timeout: 30_000 }).toBe('Kept warm');
    if (shots) await page.screenshot({ path: join(shots, 'lightbox-warm.png') });
  }, 180_000);
});
