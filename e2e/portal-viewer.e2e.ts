import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type PortalStack,
  publishCollection,
  publishItems,
  revokedLink,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// The public viewer and the owner's share pages in Chromium, against the real worker (wrangler dev, local D1) with
// the Graph contract server holding the originals behind the links the extension makes (OneDrive personal: embed
// links for images, the download.aspx form the relay streams for video and fetch()).

let stack: PortalStack;
let owner: Page;
const fromGraph = (url: string) =>
  [stack.graph.url, stack.graph.mediaUrl, stack.graph.contentUrl].some((host) => url.startsWith(host));
const viaRelay = (url: string) => url.startsWith(`${stack.dev.origin}/api/relay/`);

/** Every request the page makes, so a test can prove no image or video byte came from the worker. */
function watchRequests(page: Page) {
  const seen: { url: string; type: string; method: string; status?: number }[] = [];
  // On the response's headers: Chromium does not report the end of every streamed body the page reads.
  page.on('response', (res) => {
    const req = res.request();
    seen.push({ url: req.url(), type: req.resourceType(), method: req.method(), status: res.status() });
  });
  return seen;
}

/** Creates a link through the owner's Shares page and returns the URL it shows once. */
async function createLinkInUi(
  collectionId: string,
  collectionTitle: string,
  opts: { passcode?: string; allowDownload?: boolean; kind?: 'gallery'; expires?: string },
) {
  await owner.goto(`${stack.dev.origin}/app/shares`);
  await owner.locator(`[data-collection="${collectionId}"]`).getByRole('button', { name: 'Share…' }).click();
  const form = owner.getByRole('form', { name: `Share ${collectionTitle}` });
  if (opts.kind) await form.getByRole('combobox').selectOption(opts.kind);
  if (opts.expires) await form.locator('input[name="expires"]').fill(opts.expires);
  if (opts.passcode) await form.locator('input[name="passcode"]').fill(opts.passcode);
  if (opts.allowDownload) await form.getByLabel('Web size + original').check();
  await form.getByRole('button', { name: 'Create link' }).click();
  const url = await owner.getByTestId('share-url').getAttribute('href');
  expect(url).toMatch(new RegExp(`^${stack.dev.origin}/s/[A-Za-z0-9_-]{22,}$`));
  return url!;
}

/** True when the first rows in the DOM (all full rows) are as wide as the gallery, to the pixel. */
async function rowsFill(page: Page) {
  const width = await page.locator('.gallery').evaluate((g) => g.clientWidth);
  const rows = await page
    .locator('.gallery-row')
    .evaluateAll((els) =>
      els
        .slice(0, 5)
        .map(
          (r) =>
            Array.from(r.children).reduce((sum, c) => sum + c.getBoundingClientRect().width, 0) +
            4 * (r.children.length - 1),
        ),
    );
  return rows.length > 0 && rows.every((w) => Math.abs(w - width) < 1.5);
}

const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

describe('portal viewer and share pages in Chromium', () => {
  let summerId: string;
  let summerUrl: string;

  beforeAll(async () => {
    stack = await startPortalStack();
    owner = await stack.owner.context.newPage();
    await signInThroughPortal(owner, stack, 'alice');
    summerId = await publishCollection(owner, 'Summer 2024', publishItems(stack.media, 1000, 'summer'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a guest in another browser sees all 1,000 items in a virtualized grid, every image from the contract server', async () => {
    summerUrl = await createLinkInUi(summerId, 'Summer 2024', { allowDownload: true });
    const viewer = await stack.guest.context.newPage();
    const requests = watchRequests(viewer);
    await viewer.goto(summerUrl);
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 30_000 }).toBe('1000 items');
    expect(await viewer.getByTestId('viewer-title').textContent()).toBe('Summer 2024');
    expect(await viewer.locator('.gallery').getAttribute('data-total')).toBe('1000');
    // Only the rows near the viewport are in the DOM.
    const rendered = await viewer.locator('.tile').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(150);
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 20_000 }).toBeGreaterThan(5);

    // Justified: every full row spans the gallery's width exactly, on a desktop and on a phone.
    for (const size of [
      { width: 1280, height: 900 },
      { width: 390, height: 800 },
    ]) {
      await viewer.setViewportSize(size);
      await expect.poll(() => rowsFill(viewer), { timeout: 10_000 }).toBe(true);
    }
    await viewer.setViewportSize({ width: 1280, height: 900 });

    const ids = await viewer.evaluate(async (token) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await fetch(
          `/api/public/shares/${token}/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
        out.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    }, summerUrl.split('/s/')[1]);
    expect(ids).toHaveLength(1000);
    expect(await viewer.locator('.tile').first().getAttribute('data-item-id')).toBe(ids[0]);
    await viewer.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => viewer.locator(`.tile[data-item-id="${ids[999]}"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await viewer.locator(`.tile[data-item-id="${ids[0]}"]`).count()).toBe(0);

    const worker = requests.filter((r) => r.url.startsWith(stack.dev.origin));
    expect(worker.filter((r) => r.type === 'image' || r.type === 'media')).toEqual([]);
    // Beside the pages and the API, only first-byte probes (206) of items whose every image failed (HEIC the browser
    // cannot decode): they tell an undecodable item from a dead one and carry no picture.
    const probe = (r: { url: string; status?: number; type: string }) =>
      viaRelay(r.url) && r.status === 206 && r.type === 'fetch';
    expect(
      worker.filter((r) => !probe(r) && !/^\/(api\/public\/|s\/|assets\/|favicon\.ico$)/.test(new URL(r.url).pathname)),
    ).toEqual([]);
    const images = requests.filter((r) => r.type === 'image' && r.status === 200);
    expect(images.length).toBeGreaterThan(5);
    // Images come straight from their embed links, which redirect to the content host.
    expect(images.every((r) => fromGraph(r.url))).toBe(true);
    expect(images.some((r) => r.url.startsWith(stack.graph.contentUrl))).toBe(true);
  });

  it('lightbox and slideshow work by keyboard, play videos, and record likes and skips for the owner', async () => {
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(summerUrl);
    await viewer.locator('.tile').first().click();
    const box = viewer.getByTestId('lightbox');
    expect(await box.locator('img.media').getAttribute('src')).toMatch(new RegExp(`^${stack.graph.url}/embed\\?`));
    await viewer.keyboard.press('ArrowRight');
    expect(await box.locator('.counter').textContent()).toBe('2 / 1000');
    await viewer.keyboard.press('ArrowLeft');
    await viewer.keyboard.press('ArrowLeft');
    expect(await box.locator('.counter').textContent()).toBe('1000 / 1000');
    // Download of the original: no OneDrive personal form serves fetch() cross-site, so it comes through the relay.
    const isJpeg = async () => {
      const src = (await box.locator('img.media').count()) ? await box.locator('img.media').getAttribute('src') : null;
      return stack.media.find((m) => m.originalUrl === src && m.mimeType === 'image/jpeg');
    };
    for (let i = 0; i < stack.media.length && !(await isJpeg()); i++) await viewer.keyboard.press('ArrowRight');
    const shown = await isJpeg();
    // Web size (OneDrive's c1920x1920 rendition) and original: the original from the menu.
    await box.getByTestId('download-menu').click();
    const [saved] = await Promise.all([viewer.waitForEvent('download'), box.getByTestId('download-original').click()]);
    expect(
      createHash('sha256')
        .update(await readFile(await saved.path()))
        .digest('hex'),
    ).toBe(shown!.sha256);
    await viewer.keyboard.press('Escape');
    expect(await box.count()).toBe(0);

    // A video plays: OneDrive personal has no direct form for it (embed links serve images only), so the relay.
    await viewer.locator('.tile[aria-label^="Video"]').first().click();
    const video = box.locator('video.media');
    // The src property is absolute (the attribute is the relay's path on the portal's own origin).
    expect(viaRelay(await video.evaluate((v: HTMLVideoElement) => v.src))).toBe(true);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await viewer.keyboard.press('Escape');

    await viewer.getByRole('button', { name: 'Slideshow' }).click();
    const show = viewer.getByTestId('slideshow');
    await show.getByRole('combobox').selectOption('3');
    await expect.poll(() => show.locator('.counter').textContent(), { timeout: 10_000 }).toBe('2 / 1000');
    await viewer.keyboard.press(' ');
    expect(await show.getAttribute('data-playing')).toBe('false');
    await viewer.keyboard.press('l');
    expect(await show.getByRole('button', { name: '♥ Liked' }).getAttribute('aria-pressed')).toBe('true');
    await show.getByRole('button', { name: 'Skip' }).click();
    expect(await show.locator('.counter').textContent()).toBe('3 / 1000');
    await viewer.keyboard.press('Escape');
    expect(await show.count()).toBe(0);

    await owner.goto(`${stack.dev.origin}/app/shares`);
    const row = owner.locator('[data-share][data-status="active"]').filter({ hasText: 'Summer 2024' }).first();
    await expect
      .poll(
        async () => {
          await row.getByRole('button', { name: 'Statistics' }).click();
          return owner.getByTestId('stats').locator('p').textContent();
        },
        { timeout: 15_000 },
      )
      .toMatch(/\d+ views · 1 likes · 1 skips · 1 downloads/);
  });

  it('enforces a passcode through the prompt', async () => {
    const url = await createLinkInUi(summerId, 'Summer 2024', { passcode: 'blue-harbour' });
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(url);
    expect(await viewer.locator('h1').textContent()).toBe('This share is protected');
    expect(await viewer.locator('.tile').count()).toBe(0);
    await viewer.getByLabel('Passcode').fill('wrong-code');
    await viewer.getByRole('button', { name: 'Open' }).click();
    expect(await viewer.getByRole('alert').textContent()).toBe('That passcode is not right. Try again.');
    await viewer.getByLabel('Passcode').fill('blue-harbour');
    await viewer.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 30_000 }).toBe('1000 items');
  });

  it('revoking a link in the owner pages gives the guest the 410 page, and Undo gives the link back', async () => {
    const viewer = await stack.guest.context.newPage();
    expect((await viewer.goto(summerUrl))?.status()).toBe(200);
    await owner.goto(`${stack.dev.origin}/app/shares`);
    const rows = owner
      .locator('[data-share][data-status="active"]')
      .filter({ hasText: 'Summer 2024' })
      .and(owner.locator('[data-downloads="original"]'));
    await rows.first().getByRole('button', { name: 'Revoke' }).click();
    // Revoking is confirmed; Cancel leaves the link alone.
    const confirm = owner.getByTestId('confirm-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await owner.locator('[data-share][data-status="revoked"]').count()).toBe(0);
    await rows.first().getByRole('button', { name: 'Revoke' }).click();
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await expect.poll(() => owner.locator('[data-share][data-status="revoked"]').count(), { timeout: 10_000 }).toBe(1);
    // Undo from the toast (it shows for 8 s): the same link works again.
    await owner.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => owner.locator('[data-share][data-status="revoked"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => owner.getByTestId('toast').filter({ hasText: 'restored' }).count()).toBe(1);
    expect((await viewer.goto(summerUrl))?.status()).toBe(200);

    // Revoked again, for good this time.
    await rows.first().getByRole('button', { name: 'Revoke' }).click();
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await expect.poll(() => owner.locator('[data-share][data-status="revoked"]').count(), { timeout: 10_000 }).toBe(1);
    const res = await viewer.goto(summerUrl);
    expect(res?.status()).toBe(410);
    expect(await viewer.locator('h1').textContent()).toBe('Link revoked');
  });

  it('a gallery offers download-all as a ZIP built in the browser from the delegated links, then expires', async () => {
    const weddingId = await publishCollection(
      owner,
      'Wedding',
      publishItems(stack.media, stack.media.length, 'wedding'),
    );
    const url = await createLinkInUi(weddingId, 'Wedding', {
      kind: 'gallery',
      allowDownload: true,
      expires: localInput(Date.now() + 86_400_000),
    });
    const viewer = await stack.guest.context.newPage();
    const requests = watchRequests(viewer);
    await viewer.goto(url);
    expect(await viewer.getByTestId('expiry-banner').textContent()).toMatch(/^This gallery expires on /);
    const button = viewer.getByRole('button', { name: `Download all (${stack.media.length})` });
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    const [download] = await Promise.all([viewer.waitForEvent('download'), button.click()]);
    expect(await viewer.getByTestId('zip-progress').textContent()).toContain(
      `${stack.media.length} / ${stack.media.length} files`,
    );
    const dir = await mkdtemp(join(tmpdir(), 'hypomos-zip-'));
    try {
      const zip = join(dir, 'photos.zip');
      await download.saveAs(zip);
      execFileSync('unzip', ['-q', zip, '-d', join(dir, 'out')]);
      const names = await readdir(join(dir, 'out'));
      const hashes = await Promise.all(
        names.map(async (n) =>
          createHash('sha256')
            .update(await readFile(join(dir, 'out', n)))
            .digest('hex'),
        ),
      );
      expect(hashes.sort()).toEqual(stack.media.map((m) => m.sha256).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(requests.filter((r) => !r.url.startsWith(stack.dev.origin)).every((r) => fromGraph(r.url))).toBe(true);
    // GETs only: the grid sends HEAD to an original it cannot decode (HEIC) to tell it from a dead link.
    const originals = () => requests.filter((r) => r.type === 'fetch' && r.method === 'GET' && r.status === 200);
    // Each original read once. No OneDrive personal form serves fetch() cross-site (download: null in every
    // descriptor), so every one comes through the relay, which streams the owner's download.aspx link.
    expect(stack.media.every((m) => m.delivery?.download === null)).toBe(true);
    await expect
      .poll(() => originals().filter((r) => viaRelay(r.url)).length, { timeout: 15_000 })
      .toBe(stack.media.length);
    expect(originals().filter((r) => !viaRelay(r.url) && !r.url.startsWith(stack.dev.origin))).toEqual([]);
    expect(
      requests.filter(
        (r) =>
          r.url.startsWith(stack.dev.origin) &&
          !/^\/(api\/public\/|api\/relay\/|s\/|assets\/|favicon\.ico$)/.test(new URL(r.url).pathname),
      ),
    ).toEqual([]);

    const soon = await api<{ url: string }>(owner, 'POST', `/api/collections/${weddingId}/shares`, {
      kind: 'gallery',
      allowDownload: true,
      expiresAt: new Date(Date.now() + 6000).toISOString(),
    });
    expect((await viewer.goto(soon.json.url))?.status()).toBe(200);
    await viewer.getByTestId('expiry-banner').waitFor();
    await expect
      .poll(async () => (await viewer.goto(soon.json.url))?.status(), { timeout: 15_000, interval: 500 })
      .toBe(410);
    expect(await viewer.locator('h1').textContent()).toBe('Link expired');
  });

  it('hides and reports a dead link, and renders hostile titles as inert text', async () => {
    const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const items = publishItems(jpegs, 3, 'dead');
    const dead = await revokedLink(stack.graph, jpegs[2]!);
    for (const url of [dead.url, dead.delivery?.relaySource ?? '']) expect((await fetch(url)).status).toBe(404);
    items[2] = { ...items[2]!, originalUrl: dead.url, thumbnailUrl: null, delivery: dead.delivery ?? null };
    const colId = await publishCollection(owner, hostile, items);
    const share = await api<{ url: string }>(owner, 'POST', `/api/collections/${colId}/shares`, {
      title: `${hostile} party`,
    });
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(share.json.url);
    expect(await viewer.getByTestId('viewer-title').textContent()).toBe(`${hostile} party`);
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 15_000 }).toBe('2 items');
    expect(await viewer.locator('.tile').count()).toBe(2);
    // Reports are written after the portal's 202 (waitUntil), so the owner's list may lag the viewer by a moment.
    const reportsOf = async () =>
      (
        await api<{ reports: { itemId: string; reason: string; collectionId: string }[] }>(owner, 'GET', '/api/reports')
      ).json.reports.filter((r) => r.collectionId === colId);
    await expect.poll(async () => (await reportsOf()).length, { timeout: 15_000 }).toBe(1);
    expect(await reportsOf()).toEqual([expect.objectContaining({ reason: 'not_found' })]);
    await owner.goto(`${stack.dev.origin}/app/shares`);
    expect(await owner.locator(`[data-collection="${colId}"] strong`).textContent()).toBe(hostile);
    // The owner's list holds every report of theirs; earlier tests in this file may have added their own.
    // The report names the item by picture and capture time, with its collection, source id and reason.
    const ours = async () =>
      (await owner.getByTestId('reports').locator('li').allTextContents()).filter((t) => t.includes(hostile));
    // The page loads its lists after it shows: wait for the row, then read it.
    await expect.poll(async () => (await ours()).length, { timeout: 15_000 }).toBe(1);
    expect(await ours()).toEqual([expect.stringMatching(/^Photo · .*2024.* · dead-2 · not found · reported /)]);
    for (const page of [viewer, owner]) {
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
    }
  });
});
