import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredNode } from '../dev-services/src/contract/media-store';
import { DEV_DRIVE_API_KEY, type DriveServer, startDriveServer } from '../dev-services/src/drive/server';
import { createGoogleDriveProvider } from '../extension/src/features/sources/providers/gdrive';
import { createHttp } from '../extension/src/features/sources/providers/http';
import { createOneDriveProvider } from '../extension/src/features/sources/providers/onedrive';
import type { DelegatedLink } from '../shared/src/providers/provider';
import { api, type PortalStack, signInThroughPortal, startPortalStack } from './portal-support';

// Issue 23, download sizes: "web size" is the provider's own large rendition (Graph's custom thumbnail c1920x1920,
// Drive's thumbnail endpoint at w1920-h1920), linked by the extension's real provider clients against the strict
// contract servers; the portal stores nothing. The guest gets a JPEG bounded by 1920 px straight from the provider,
// through the portal only where the owner allows the relay; the original only where the owner allows it.

const SHOTS = '/tmp/websize2-shots';
// A real 3264×2448 phone photo (metadata-extractor-images, read from ../shared/corpora, never copied).
const PHOTO = `${import.meta.dirname}/../../shared/corpora/metadata-extractor-images/jpg/Apple iPhone 6.jpg`;

let stack: PortalStack;
let drive: DriveServer;
let owner: Page;
let bytes: Buffer;
const links: Record<'onedrive' | 'gdrive', DelegatedLink> = {} as never;

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
};

/** Publishes the two copies of the photo (OneDrive personal, Drive) and makes a link with the given settings. */
async function share(title: string, downloads: 'none' | 'web' | 'original', relay: boolean) {
  await api(owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  await api(owner, 'PUT', '/api/sources/gd1', { kind: 'gdrive', name: 'Google Drive' });
  const col = await api<{ id: string }>(owner, 'POST', '/api/collections', { title, kind: 'static' });
  const sha = createHash('sha256').update(bytes).digest('hex');
  const items = (['onedrive', 'gdrive'] as const).map((p, i) => ({
    sourceId: p === 'onedrive' ? 'od1' : 'gd1',
    sourceItemId: `${p}-phone`,
    mediaType: 'image',
    mimeType: 'image/jpeg',
    capturedAt: new Date(Date.UTC(2015, 0, 1, 12, i)).toISOString(),
    width: 3264,
    height: 2448,
    originalUrl: links[p].url,
    thumbnailUrl: links[p].thumbnailUrl,
    delivery: links[p].delivery,
    contentHash: `sha256:${sha}`,
  }));
  const published = await api<{ results: { status: string; itemId: string; sourceItemId: string }[] }>(
    owner,
    'POST',
    `/api/collections/${col.json.id}/items`,
    { items },
  );
  expect(published.json.results.map((r) => r.status)).toEqual(['created', 'created']);
  const made = await api<{ url: string }>(owner, 'POST', `/api/collections/${col.json.id}/shares`, {
    downloads,
    relay,
  });
  expect(made.status).toBe(201);
  const ids = new Map(published.json.results.map((r) => [r.sourceItemId.split('-')[0]!, r.itemId]));
  return { url: made.json.url, collectionId: col.json.id, ids };
}

/** Every request the page makes to the portal's relay. */
function relayRequests(page: Page) {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/relay/')) seen.push(r.url());
  });
  return seen;
}

/** Opens the lightbox on the tile of the given provider's copy. */
async function openLightbox(page: Page, ids: Map<string, string>, provider: 'onedrive' | 'gdrive') {
  await expect.poll(() => page.locator('.tile').count(), { timeout: 30_000 }).toBe(2);
  if (await page.getByTestId('lightbox').count()) await page.keyboard.press('Escape');
  await page.locator(`.tile[data-item-id="${ids.get(provider)}"]`).click();
  const box = page.getByTestId('lightbox');
  await box.waitFor();
  return box;
}

const dims = async (b: Buffer) => {
  const m = await sharp(b).metadata();
  return { format: m.format, width: m.width, height: m.height };
};

describe('download sizes: web size from the provider rendition, original only where allowed', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    bytes = await readFile(PHOTO);
    stack = await startPortalStack();
    drive = await startDriveServer({});
    const seed = { bytes, mimeType: 'image/jpeg', thumbnail: { bytes, width: 3264, height: 2448 } };
    const odNode = stack.graph.addFile({ path: 'Phone/iphone6.jpg', ...seed });
    const gdNode: StoredNode = drive.addFile({ path: 'Phone/iphone6.jpg', ...seed });
    // The extension's own clients make the links, as when publishing.
    const oneDrive = createOneDriveProvider({
      http: createHttp({ fetch, getAccessToken: async () => stack.graph.authority.issueAccessToken() }),
      apiUrl: `${stack.graph.url}/v1.0`,
      personalContentUrl: stack.graph.contentUrl,
    });
    const gdrive = createGoogleDriveProvider({
      http: createHttp({ fetch, getAccessToken: async () => drive.authority.issueAccessToken() }),
      apiUrl: drive.url,
      publicUrl: drive.url,
      deliveryApiKey: async () => DEV_DRIVE_API_KEY,
    });
    links.onedrive = await oneDrive.createLink({ id: odNode.id, path: 'Phone/iphone6.jpg', media: 'image' }, null);
    links.gdrive = await gdrive.createLink({ id: gdNode.id, path: 'Phone/iphone6.jpg', media: 'image' }, null);
    owner = await stack.owner.context.newPage();
    await owner.setViewportSize({ width: 1280, height: 900 });
    await signInThroughPortal(owner, stack, 'alice');
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await drive?.close();
  });

  it('each provider makes its own rendition: Graph c1920x1920 on its media host, Drive thumbnail w1920-h1920', async () => {
    const od = links.onedrive.delivery!.web!;
    const gd = links.gdrive.delivery!.web!;
    expect(new URL(od).origin).toBe(stack.graph.mediaUrl);
    expect(od).toMatch(/\/c1920x1920\?tempauth=/);
    expect(gd.startsWith(`${drive.url}/thumbnail?id=`)).toBe(true);
    expect(gd).toMatch(/&sz=w1920-h1920$/);
    // Anonymous: a guest's browser needs no token for either.
    for (const url of [od, gd])
      expect(await dims(Buffer.from(await (await fetch(url)).arrayBuffer()))).toEqual({
        format: 'jpeg',
        width: 1920,
        height: 1440,
      });
  });

  it('the owner chooses in the new-link form and per link; screenshots of both', async () => {
    const { collectionId } = await share('Phone photo', 'none', true);
    await owner.goto(`${stack.dev.origin}/app/shares`);
    await owner.locator(`[data-collection="${collectionId}"]`).getByRole('button', { name: 'Share…' }).click();
    const form = owner.getByRole('form', { name: 'Share Phone photo' });
    expect(await form.getByLabel('None: guests only view').isChecked()).toBe(true);
    await form.getByLabel('Web size (up to 1920 px').check();
    await shot(owner, '01-owner-new-link-downloads');
    await form.getByRole('button', { name: 'Create link' }).click();
    await owner.getByTestId('share-url').waitFor();
    await owner.getByRole('button', { name: 'Done' }).click();
    const made = owner.locator('li[data-share][data-downloads="web"]');
    await expect.poll(() => made.count(), { timeout: 10_000 }).toBe(1);
    const row = owner.locator(`li[data-share="${await made.getAttribute('data-share')}"]`);
    // Changed per link afterwards: the select patches the share.
    await row.locator('select[name="downloads"]').selectOption('original');
    await expect.poll(() => row.getAttribute('data-downloads')).toBe('original');
    await row.scrollIntoViewIfNeeded();
    await shot(owner, '02-owner-link-row-downloads');
  });

  it('web size only, relay off: Drive straight to the browser, OneDrive opened from the provider; no original, nothing through the portal', async () => {
    const { url, ids } = await share('Web only, no relay', 'web', false);
    const guest = await stack.guest.context.newPage();
    await guest.setViewportSize({ width: 1280, height: 900 });
    const relayed = relayRequests(guest);
    await guest.goto(url);

    let box = await openLightbox(guest, ids, 'gdrive');
    // One choice: a single button with the rendition's size in its label; no original.
    expect(await box.getByTestId('download-menu').count()).toBe(0);
    expect(await box.getByTestId('download-original').count()).toBe(0);
    expect(await box.getByTestId('download-web').textContent()).toBe('Download web size 1920 × 1440 px');
    await shot(guest, '03-guest-web-only');
    const [saved] = await Promise.all([guest.waitForEvent('download'), box.getByTestId('download-web').click()]);
    expect(saved.suggestedFilename()).toMatch(/-web\.jpg$/);
    expect(await dims(await readFile(await saved.path()))).toEqual({ format: 'jpeg', width: 1920, height: 1440 });

    // OneDrive: Graph's pre-authenticated host answers with CORS (driveitem-get-content, JavaScript apps), so the
    // rendition is read straight from it.
    box = await openLightbox(guest, ids, 'onedrive');
    const [odWeb] = await Promise.all([guest.waitForEvent('download'), box.getByTestId('download-web').click()]);
    expect(await dims(await readFile(await odWeb.path()))).toEqual({ format: 'jpeg', width: 1920, height: 1440 });
    // Where the page cannot read it (here made to fail, as a host without CORS would) and the relay is off, the
    // rendition opens straight from OneDrive's host in a new tab, for the guest to save: never through the portal.
    await guest.route(
      (u) => u.pathname.endsWith('/c1920x1920'),
      (r) => r.abort(),
    );
    const [tab] = await Promise.all([
      stack.guest.context.waitForEvent('page'),
      box.getByTestId('download-web').click(),
    ]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).origin).toBe(stack.graph.mediaUrl);
    expect(await dims(Buffer.from(await (await fetch(tab.url())).arrayBuffer()))).toEqual({
      format: 'jpeg',
      width: 1920,
      height: 1440,
    });
    await tab.close();
    await expect.poll(() => box.getByRole('status').textContent()).toMatch(/new tab/);
    expect(relayed).toEqual([]);
    // The portal refuses the rendition to anyone asking it directly: the owner keeps this link off the portal.
    const item = await guest.evaluate(async (u) => {
      const token = new URL(u).pathname.split('/').pop();
      const page = await (await fetch(`/api/public/shares/${token}/items`)).json();
      return (await fetch(`/api/relay/shares/${token}/items/${page.items[0].id}?size=web`)).status;
    }, url!);
    expect(item).toBe(403);
    await guest.close();
  });

  it('web size + original with the relay allowed: the menu offers both; OneDrive web size through the relay, originals byte for byte', async () => {
    const { url, ids } = await share('Both, relay on', 'original', true);
    const guest = await stack.guest.context.newPage();
    await guest.setViewportSize({ width: 1280, height: 900 });
    const relayed = relayRequests(guest);
    await guest.goto(url);
    let box = await openLightbox(guest, ids, 'onedrive');
    await box.getByTestId('download-menu').click();
    expect(await box.getByRole('menuitem').allTextContents()).toEqual([
      'Download web size1920 × 1440 px',
      'Download original3264 × 2448 px',
    ]);
    await shot(guest, '04-guest-download-menu');
    const [web] = await Promise.all([guest.waitForEvent('download'), box.getByTestId('download-web').click()]);
    expect(await dims(await readFile(await web.path()))).toEqual({ format: 'jpeg', width: 1920, height: 1440 });
    // Straight from Graph's host (CORS): nothing through the portal, though the relay is allowed.
    expect(relayed).toEqual([]);
    // Where the page cannot read the rendition (made to fail here, as a host without CORS would), the relay, which
    // this link allows, streams it from OneDrive's host.
    await guest.route(
      (u) => u.pathname.endsWith('/c1920x1920'),
      (r) => r.abort(),
    );
    await box.getByTestId('download-menu').click();
    const [viaRelay] = await Promise.all([guest.waitForEvent('download'), box.getByTestId('download-web').click()]);
    expect(await dims(await readFile(await viaRelay.path()))).toEqual({ format: 'jpeg', width: 1920, height: 1440 });
    expect(relayed.filter((u) => u.endsWith('?size=web'))).toHaveLength(1);

    await box.getByTestId('download-menu').click();
    const [original] = await Promise.all([
      guest.waitForEvent('download'),
      box.getByTestId('download-original').click(),
    ]);
    expect(
      createHash('sha256')
        .update(await readFile(await original.path()))
        .digest('hex'),
    ).toBe(createHash('sha256').update(bytes).digest('hex'));

    // Drive: both straight from Google's hosts (thumbnail endpoint and the API with the key, CORS), no relay.
    const before = relayed.length;
    box = await openLightbox(guest, ids, 'gdrive');
    await box.getByTestId('download-menu').click();
    const [driveWeb] = await Promise.all([guest.waitForEvent('download'), box.getByTestId('download-web').click()]);
    expect(await dims(await readFile(await driveWeb.path()))).toEqual({ format: 'jpeg', width: 1920, height: 1440 });
    await box.getByTestId('download-menu').click();
    const [driveOriginal] = await Promise.all([
      guest.waitForEvent('download'),
      box.getByTestId('download-original').click(),
    ]);
    expect(await dims(await readFile(await driveOriginal.path()))).toEqual({
      format: 'jpeg',
      width: 3264,
      height: 2448,
    });
    expect(relayed.length).toBe(before);
    await guest.close();
  });

  it('downloads none: no download control at all', async () => {
    const { url, ids } = await share('View only', 'none', true);
    const guest = await stack.guest.context.newPage();
    await guest.goto(url);
    const box = await openLightbox(guest, ids, 'gdrive');
    expect(await box.locator('[data-testid^="download-"]').count()).toBe(0);
    await guest.close();
  });
});
