import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairInTab, publicItems, putCollection, type ShareStack, startShareStack, waitShare } from './share-support';

/**
 * Google Drive delivery as a guest's browser meets it (issue 13). Since January 2024 Drive's download host refuses
 * other sites (it reads `Sec-Fetch-Site`, which Chromium sets itself), so the owner's extension publishes the Drive API
 * form with the portal's key (wrangler.toml DRIVE_API_KEY, handed over at pairing). A guest in a fresh profile loads
 * it as `<img>` and `fetch()`, while the `uc?export=download` form is refused, from the portal's loopback port
 * (same-site here) and from another host name (cross-site). The viewer's own choice among a descriptor's forms is
 * the viewer's (portal/src/viewer); this file checks the links the guest gets and what Chromium does with them.
 */
describe('Drive delivery: a guest loads Drive originals through the API form; uc?export=download is refused', () => {
  let stack: ShareStack;
  let guest: Page;
  let apiUrl = '';
  let fileId = '';
  let fileSize = 0;
  const driveRequests: { url: string; site: string | undefined; status: number }[] = [];

  beforeAll(async () => {
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('the extension publishes the Drive API form with the portal key; a file needing a resource key is told to the owner', async () => {
    const drive = stack.demo.drive;
    const falcon = drive.store.findByPath('Pictures/Nature/prairie_falcon.jpg')!;
    const anemones = drive.store.findByPath('Pictures/Nature/wood_anemones.jpg')!;
    // Two different photos: copies of one photo would be shared once (sharing/collapse-copies).
    const copy = (path: string, of: typeof falcon) =>
      drive.store.addFile({ path, bytes: of.content!, mimeType: 'image/jpeg', thumbnail: of.thumbnail });
    const plain = copy('Delivery/now.jpg', falcon);
    const old = copy('Delivery/2019.jpg', anemones);
    // Link-shared before 2021-09-13: Drive asks anonymous readers for its resource key.
    drive.requireResourceKey(old.id);
    fileId = plain.id;
    fileSize = falcon.content!.length;
    await stack.client.send({ type: 'sources.sync', sourceId: stack.sourceIds.gdrive });
    await stack.client.waitIdle([stack.sourceIds.gdrive]);
    const keys = [plain, old].map((n) => `${stack.sourceIds.gdrive}:${n.id}`);
    await putCollection(stack.client, {
      id: 'drive-delivery',
      kind: 'static',
      title: 'Drive',
      itemKeys: keys,
      filter: null,
    });
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'drive-delivery',
      kind: 'link',
      title: 'Drive delivery',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && !s.counts.pending);
    expect(share.counts).toEqual({ published: 2 });

    const items = await stack.client.send<{ itemKey: string; state: string; reason: string | null }[]>({
      type: 'sharing.items',
      shareId,
    });
    expect(items.find((i) => i.itemKey === keys[0])).toMatchObject({ state: 'published', reason: null });
    expect(items.find((i) => i.itemKey === keys[1])?.reason).toMatch(/resource key .* relay/);

    const published = await publicItems(stack, share.url!);
    apiUrl = published.map((p) => p.originalUrl).find((u) => u.includes(fileId))!;
    expect(apiUrl).toBe(`${drive.url}/drive/v3/files/${fileId}?alt=media&key=hypomos-dev-drive-api-key`);

    guest = await stack.guest.context.newPage();
    guest.on('response', (r) => void record(r));
    await guest.goto(share.url!);
    await expect.poll(() => guest.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  }, 240_000);

  async function record(r: Response) {
    const drivePorts = [new URL(stack.demo.drive.url).port, new URL(stack.demo.drive.downloadUrl).port];
    if (!drivePorts.includes(new URL(r.url()).port)) return;
    const headers = await r.request().allHeaders();
    driveRequests.push({ url: r.url(), site: headers['sec-fetch-site'], status: r.status() });
  }

  it('the guest loads the original through the API form: <img> with strict-origin referrer, fetch() with CORS and Range', async () => {
    const seen = await guest.evaluate(async (url) => {
      const img = new Image();
      img.referrerPolicy = 'strict-origin';
      const loaded = await new Promise<number>((resolve) => {
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => resolve(0);
        img.src = url;
      });
      const whole = await fetch(url, { referrerPolicy: 'strict-origin' });
      const part = await fetch(url, { headers: { Range: 'bytes=0-99' }, referrerPolicy: 'strict-origin' });
      return {
        loaded,
        status: whole.status,
        bytes: (await whole.arrayBuffer()).byteLength,
        partStatus: part.status,
        partBytes: (await part.arrayBuffer()).byteLength,
      };
    }, apiUrl);
    expect(seen).toEqual({ loaded: expect.any(Number), status: 200, bytes: fileSize, partStatus: 206, partBytes: 100 });
    expect(seen.loaded).toBeGreaterThan(0);
    // Chromium marked these requests as coming from another origin; the API answered them anyway.
    const api = () => driveRequests.filter((r) => r.url.includes('/drive/v3/files/') && r.url.includes(fileId));
    await expect.poll(() => api().length).toBeGreaterThanOrEqual(3);
    expect(api().every((r) => r.site !== 'same-origin' && r.site !== undefined && r.status < 300)).toBe(true);
  });

  it('uc?export=download is refused to the guest: 403 without CORS, from the same site and from another site', async () => {
    const drive = new URL(stack.demo.drive.url);
    const sameSite = `${drive.origin}/uc?id=${fileId}&export=download`;
    const crossSite = `http://localhost:${drive.port}/uc?id=${fileId}&export=download`;
    const outcome = await guest.evaluate(
      async (urls) =>
        Promise.all(
          urls.map(async (url) => {
            const img = new Image();
            const loaded = await new Promise<boolean>((resolve) => {
              img.onload = () => resolve(true);
              img.onerror = () => resolve(false);
              img.src = url;
            });
            const fetched = await fetch(url).then(
              (r) => `status ${r.status}`,
              (e: unknown) => (e instanceof TypeError ? 'TypeError' : String(e)),
            );
            return { loaded, fetched };
          }),
        ),
      [sameSite, crossSite],
    );
    // A fetch() without Access-Control-Allow-Origin is a network error to the page; the <img> does not load.
    expect(outcome).toEqual([
      { loaded: false, fetched: 'TypeError' },
      { loaded: false, fetched: 'TypeError' },
    ]);
    // Chromium set Sec-Fetch-Site itself; the download host refused both, and the <img> answers too (ORB hides them).
    const refused = stack.demo.drive.refusedCrossSite.filter((r) => r.url.includes(fileId));
    // Both links are tried at once, so the order of arrival varies.
    expect(refused.map((r) => r.secFetchSite).sort()).toEqual(['cross-site', 'cross-site', 'same-site', 'same-site']);
    // The same link still works outside a browser page (no Sec-Fetch-Site): the refusal is the browser's context.
    expect((await fetch(sameSite)).status).toBe(200);
  });
});
