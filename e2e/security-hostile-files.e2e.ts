import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, startAzurite } from '../dev-services/src/azurite';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';

// Security + bad files (issue 9), through the extension's real pipeline: a container in azurite holds a corpus
// JPEG whose EXIF strings exiftool set to script payloads, under a hostile file name, beside mutated copies of
// corpus photos (truncated, bit-flipped, zero-length, wrong extension, absurd dimensions). The scan in Chromium
// must end with every file either indexed or recorded in the `failed` table — no hang, no lost file — and the
// dashboard must show the payloads as text with no script run (no dialog, no window.__xss).

const corpora = resolve(import.meta.dirname, '../../shared/corpora');
const photo = (p: string) => readFileSync(resolve(corpora, p));
const HOSTILE_NAME = '<img src=x onerror="window.__xss=1;alert(1)">.jpg';
const MAKE = '<script>window.__xss=2;alert(2)</script>';
const MODEL = '<img src=x onerror=alert(3)>';

function exifPayloadJpeg(dir: string): Buffer {
  const out = join(dir, 'payload.jpg');
  copyFileSync(resolve(corpora, 'immich-test-assets/formats/jpg/el_torcal_rocks.jpg'), out);
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    `-Make=${MAKE}`,
    `-Model=${MODEL}`,
    '-ImageDescription="><svg onload=alert(4)>',
    out,
  ]);
  return readFileSync(out);
}

/** The mutated copies, made here from three corpus photos. */
function mutations(): Map<string, Buffer> {
  const jpg = photo('metadata-extractor-images/jpg/Canon EOS 7D.jpg');
  const heic = photo('immich-test-assets/formats/heic/IMG_2682.heic');
  const png = photo('immich-test-assets/formats/png/density_plot.png');
  const flip = (b: Buffer) => {
    const out = Buffer.from(b);
    for (let at = 200; at < Math.min(out.length, 60_000); at += 997) out[at] = out[at]! ^ 0x5a;
    return out;
  };
  const absurdJpeg = Buffer.from(jpg);
  for (let i = 2; i < absurdJpeg.length - 9; i++) {
    if (absurdJpeg[i] === 0xff && absurdJpeg[i + 1]! >= 0xc0 && absurdJpeg[i + 1]! <= 0xc2) {
      absurdJpeg.writeUInt16BE(0xffff, i + 5);
      absurdJpeg.writeUInt16BE(0xffff, i + 7);
      break;
    }
  }
  const absurdPng = Buffer.from(png);
  absurdPng.writeUInt32BE(0x7fffffff, 16);
  absurdPng.writeUInt32BE(0x7fffffff, 20);
  return new Map([
    ['truncated-half.jpg', jpg.subarray(0, jpg.length >> 1)],
    ['truncated-64.jpg', jpg.subarray(0, 64)],
    ['truncated.heic', heic.subarray(0, 4000)],
    ['bit-flipped.jpg', flip(jpg)],
    ['bit-flipped.heic', flip(heic)],
    ['zero-length.jpg', Buffer.alloc(0)],
    ['zero-length.mp4', Buffer.alloc(0)],
    ['jpeg-named.mov', jpg],
    ['heic-named.jpg', heic],
    ['absurd-dimensions.jpg', absurdJpeg],
    ['absurd-dimensions.png', absurdPng],
  ]);
}

describe('hostile and broken files through the extension pipeline', () => {
  let azurite: Azurite;
  let container: AzuriteContainer;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let sourceId = '';
  let hostileKey = '';
  let names: string[] = [];
  const dialogs: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'hypomos-hostile-'));

  beforeAll(async () => {
    azurite = await startAzurite();
    container = await azurite.createContainer('hostile');
    const files = mutations();
    files.set(HOSTILE_NAME, exifPayloadJpeg(tmp));
    names = [...files.keys()];
    for (const [name, bytes] of files) await container.upload(`Broken/${name}`, bytes, 'application/octet-stream');
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await azurite?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const watch = (page: Page) => {
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  };

  it('scans to the end: every file indexed or recorded as failed with a reason, none twice', {
    timeout: 180_000,
  }, async () => {
    watch(client.page);
    const sasUrl = `${container.url}?${await container.sas('rl', new Date(Date.now() + 24 * 3600_000))}`;
    sourceId = (
      await client.send<{ id: string }>({
        type: 'sources.add',
        kind: 'azblob',
        name: 'Hostile',
        config: { containerUrl: container.url, sasUrl },
      })
    ).id;
    const [done] = await client.waitIdle([sourceId], 150_000);
    const items = await client.rawItems(sourceId);
    const failed = (await client.page.evaluate(async (id) => {
      const db: IDBDatabase = await new Promise((ok, ko) => {
        const open = indexedDB.open('hypomos');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => ko(open.error);
      });
      const rows: Record<string, unknown>[] = await new Promise((ok, ko) => {
        const req = db.transaction('failed').objectStore('failed').index('sourceId').getAll(id);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => ko(req.error);
      });
      db.close();
      return rows;
    }, sourceId)) as { path: string; reason: string; transient?: boolean }[];

    const indexed = items.map((r) => String(r.name));
    const failedNames = failed.map((f) => f.path.split('/').pop()!);
    // Every file is accounted for, once: an index row, and a reason in `failed` when it could not be read.
    const accounted = new Set([...indexed, ...failedNames]);
    expect(new Set(indexed).size).toBe(indexed.length);
    expect(new Set(failedNames).size).toBe(failedNames.length);
    expect([...accounted].sort()).toEqual([...names].sort());
    expect(failedNames.sort()).toEqual(['truncated-64.jpg', 'zero-length.jpg', 'zero-length.mp4']);
    for (const f of failed) {
      expect(f.reason.length, f.path).toBeGreaterThan(0);
      expect(f.transient ?? false, `${f.path}: ${f.reason}`).toBe(false);
    }
    for (const must of [
      HOSTILE_NAME,
      'jpeg-named.mov',
      'heic-named.jpg',
      'absurd-dimensions.jpg',
      'absurd-dimensions.png',
      'truncated-half.jpg',
      'bit-flipped.jpg',
    ]) {
      expect(accounted.has(must), `${must} is neither indexed nor failed`).toBe(true);
    }
    // The intact files under the wrong extension are read by their content.
    const byName = new Map(items.map((r) => [String(r.name), r]));
    expect(byName.get('jpeg-named.mov')).toMatchObject({ mimeType: 'image/jpeg', make: 'Canon' });
    expect(byName.get('heic-named.jpg')).toMatchObject({ mimeType: 'image/heic' });
    expect(byName.get(HOSTILE_NAME)).toMatchObject({ make: MAKE, model: MODEL });
    hostileKey = String(byName.get(HOSTILE_NAME)!.key);
    for (const r of items)
      for (const k of ['width', 'height'] as const)
        if (r[k] !== null && r[k] !== undefined) expect(Number.isFinite(r[k]), String(r.name)).toBe(true);
    expect(done).toMatchObject({ pending: 0 });
  });

  it('shows the hostile name and EXIF strings as text in the dashboard; no script runs', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.openPage('dashboard.html#/timeline');
    watch(page);
    const tile = page.locator(`[data-key=${JSON.stringify(hostileKey)}]`).first();
    await expect.poll(() => tile.getAttribute('title'), { timeout: 30_000 }).toBe(HOSTILE_NAME);
    await tile.dblclick();
    await expect.poll(() => page.getByTestId('meta-name').textContent()).toBe(HOSTILE_NAME);
    expect(await page.getByTestId('meta-camera').textContent()).toBe(`${MAKE} ${MODEL}`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('a web page cannot message the extension', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${container.url}/Broken/zero-length.jpg`).catch(() => null);
    const reach = await page.evaluate(async (id) => {
      const rt = (
        globalThis as { chrome?: { runtime?: { sendMessage?: (id: string, m: unknown) => Promise<unknown> } } }
      ).chrome?.runtime;
      if (!rt?.sendMessage) return 'no runtime';
      try {
        return JSON.stringify(await rt.sendMessage(id, { type: 'sources.status' }));
      } catch (e) {
        return `refused: ${(e as Error).message}`;
      }
    }, browser.extensionId);
    expect(reach === 'no runtime' || reach.startsWith('refused')).toBe(true);
    await page.close();
  });
});
