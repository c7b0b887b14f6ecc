import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy } from './harness/connect-proxy';
import { type FirefoxSession, launchFirefox } from './harness/firefox';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';

const driveFixture = readFileSync(
  join(import.meta.dirname, '../extension/src/features/hosts/fixtures/drive-my-drive.html'),
  'utf8',
);

describe('Firefox build smoke test (firefox-esr over WebDriver BiDi)', () => {
  let ff: FirefoxSession;
  let fixture: HttpsFixture;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

  beforeAll(async () => {
    fixture = await startHttpsFixture((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(driveFixture);
    });
    proxy = await startConnectProxy(fixture.port);
    ff = await launchFirefox({ httpsProxyPort: proxy.port });
  });
  afterAll(async () => {
    await ff?.close();
    await proxy?.close();
    await fixture?.close();
  });

  it('installs the extension and runs its content script on https://drive.google.com', async () => {
    expect(ff.extensionId).toBeTruthy();
    const page = await ff.browser.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(async () => (await page.$$('[data-hypomos="toolbar"]')).length, { timeout: 15_000 }).toBe(1);
  });
});
