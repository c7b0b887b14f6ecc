import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';

const driveFixture = readFileSync(
  join(import.meta.dirname, '../extension/src/features/hosts/fixtures/drive-my-drive.html'),
  'utf8',
);

describe('foundation: the built extension in Debian Chromium', () => {
  let fixture: HttpsFixture;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixture = await startHttpsFixture((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(driveFixture);
    });
    browser = await launchChromium({ hostMap: { 'drive.google.com': fixture.port } });
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('opens the dashboard and writes and reads IndexedDB through Dexie', async () => {
    const page = await browser.openPage('dashboard.html');
    await expect.poll(() => page.locator('.brand').first().textContent()).toBe('Hypomos');
    await expect.poll(() => page.getByTestId('empty-state').locator('h2').textContent()).toBe('Your library is empty');
    const value = await page.evaluate(async () => {
      const open = indexedDB.open('hypomos-harness-check', 1);
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise((resolve) => {
        const tx = db.transaction('kv', 'readwrite');
        tx.objectStore('kv').put({ hello: 'index' }, 'probe');
        tx.oncomplete = resolve;
      });
      return await new Promise((resolve) => {
        const get = db.transaction('kv').objectStore('kv').get('probe');
        get.onsuccess = () => resolve(get.result);
      });
    });
    expect(value).toEqual({ hello: 'index' });
  });

  it('runs the content script on https://drive.google.com/drive/my-drive served locally', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => page.locator('[data-hypomos="toolbar"]').count(), { timeout: 10_000 }).toBe(1);
  });
});
