import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';

/**
 * Tiering in Chromium on the demo sources: the Tiering page plans the old OneDrive photos into the demo Blob
 * container (Cold tier) with the cost before and after, runs the moves, and the log shows each one done while
 * the OneDrive originals are in the recycle bin. No share is open here (the guest-view test is not written).
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
});
