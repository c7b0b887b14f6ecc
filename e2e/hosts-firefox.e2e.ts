import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy } from './harness/connect-proxy';
import { type FirefoxSession, launchFirefox } from './harness/firefox';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages } from './hosts-support';

const inToolbar = (selector: string) => `[data-hypomos="toolbar"] >>> ${selector}`;
const text = (page: Page, selector: string) => page.$eval(inToolbar(selector), (e) => e.textContent).catch(() => null);

describe('Hypomos inside Drive and OneDrive, Firefox smoke test (firefox-esr, real host names)', () => {
  let ff: FirefoxSession;
  let fixture: HttpsFixture;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

  beforeAll(async () => {
    fixture = await startHttpsFixture(hostPages());
    proxy = await startConnectProxy(fixture.port);
    ff = await launchFirefox({ httpsProxyPort: proxy.port });
  });
  afterAll(async () => {
    await ff?.close();
    await proxy?.close();
    await fixture?.close();
  });

  it('Drive: the toolbar reads the selection and an action makes the round trip to the background', async () => {
    const page = await ff.browser.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect
      .poll(async () => (await page.$$('header[role="banner"] [data-hypomos="toolbar"]')).length, { timeout: 15_000 })
      .toBe(1);
    await page.click(inToolbar('[data-hypomos-button]'));
    await expect.poll(() => text(page, '[data-action="indexSelection"]')).toBe('Index selection (2)');
    await page.click(inToolbar('[data-action="addToCollection"]'));
    await expect.poll(() => text(page, '[data-panel="collection"] div')).toBe('No collections yet. Make one:');
    await page.type(inToolbar('[aria-label="New collection name"]'), 'Firefox picks');
    await page.click(inToolbar('[data-panel="collection"] .row button'));
    // No Drive connected in this fresh profile: the background validated the message and answered why.
    await expect
      .poll(() => text(page, '[role="status"]'))
      .toBe('Connect your Google Drive in the Hypomos dashboard first.');
    await page.close();
  });

  it('OneDrive: toolbar in the suite header; changed markup gets no injected UI', async () => {
    const page = await ff.browser.newPage();
    await page.goto('https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718');
    await expect
      .poll(async () => (await page.$$('#O365_NavHeader [data-hypomos="toolbar"]')).length, { timeout: 15_000 })
      .toBe(1);
    await page.goto('https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718&fixture=changed');
    await page.waitForSelector('.file-browser');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await page.$$('[data-hypomos="toolbar"]')).length).toBe(0);
    await page.close();
  });
});
