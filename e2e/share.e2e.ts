import { readFile } from 'node:fs/promises';
import { REVOKE_UNDO_MS } from '../shared/src/api/shares';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpora } from './vision-support';
import { killServiceWorker, launchChromium } from './harness/chromium';
import {
  contributeThroughApi,
  createEvent,
  decide,
  pairInTab,
  publicItems,
  putCollection,
  rawTable,
  recordMedia,
  type ShareStack,
  signIn,
  startShareStack,
  waitShare,
} from './share-support';

/**
 * Share without copying, end to end: owner (extension profile) and guest (plain profile), the worker under wrangler
 * dev with local D1, the oidc-provider, and the Graph/Drive contract servers + azurite holding the originals.
 * The servers are shared by the tests of this file; each test makes its own collection and share.
 */
describe("sharing: publish, view from the owner's links, deletion, expiry, events, family", () => {
  let stack: ShareStack;
  const send = <T>(m: Record<string, unknown>) => stack.client.send<T>(m);
  const settled = (s: { counts: Record<string, number>; url: string | null }) =>
    !s.counts.pending && !s.counts.withdrawing;

  beforeAll(async () => {
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('pairing stored an API token the portal accepts', async () => {
    expect(await send({ type: 'sharing.portal' })).toMatchObject({ origin: stack.portal.origin, paired: true });
  });

  it("story: dynamic collection shared, guest sees originals from the owner's links, a deletion at the source reaches the guest", async () => {
    const od = stack.sourceIds.onedrive;
    await putCollection(stack.client, {
      id: 'dyn-onedrive',
      kind: 'dynamic',
      title: 'My OneDrive',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [od] },
    });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'dyn-onedrive',
      kind: 'link',
      title: 'Story',
    });
    const indexed = (await stack.client.rawItems(od)).length;
    const share = await waitShare(
      stack.client,
      shareId,
      (s) => !!s.url && settled(s) && (s.counts.published ?? 0) + (s.counts.failed ?? 0) === indexed,
    );
    expect(share.counts).toEqual({ published: indexed });

    const viewer = await stack.guest.context.newPage();
    const media = recordMedia(viewer);
    const workerRequests: string[] = [];
    viewer.on('request', (r) => {
      if (r.url().startsWith(stack.portal.origin)) workerRequests.push(r.url());
    });
    await viewer.goto(share.url!);
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    // Embed links (on the Graph origin) redirect to the content host, which serves the bytes.
    const graph = new URL(stack.demo.graph.contentUrl).origin;
    expect(media.length).toBeGreaterThan(3);
    expect(media.filter((m) => m.origin !== graph)).toEqual([]);
    expect(workerRequests.every((u) => !/\.(jpe?g|png|webp|mp4|mov)$/i.test(new URL(u).pathname))).toBe(true);

    // The owner deletes a file at the source; after the next sync it is gone for the guest and its link is dead.
    const victim = stack.demo.graph.store.findByPath('Pictures/Nature/el_torcal_rocks.jpg')!;
    const row = (
      await rawTable<{ shareId: string; itemKey: string; link: { url: string } }>(stack.client, 'published')
    ).find((p) => p.shareId === shareId && p.itemKey === `${od}:${victim.id}`)!;
    expect((await publicItems(stack, share.url!)).map((i) => i.originalUrl)).toContain(row.link.url);
    // OneDrive personal images go out as embed links (the shares API answers 401 to anonymous callers, the view
    // link's webUrl is a viewer page); the guest's images arrived through their redirect to the content host.
    expect(row.link.url).toMatch(new RegExp(`^${stack.demo.graph.url}/embed\\?cid=`));
    expect(media.every((m) => new URL(m.url).pathname.startsWith('/_download/'))).toBe(true);
    stack.demo.graph.store.remove(victim.id);
    // In the same sync a new photo matches the dynamic collection: it goes out without the owner doing anything.
    stack.demo.graph.store.addFile({
      path: 'Pictures/New/angry.jpg',
      bytes: await readFile(`${corpora}/faces-face-api-js/angry.jpg`),
      mimeType: 'image/jpeg',
    });
    // A second copy of a photo already shared matches too, but the guest sees the photo once.
    const falcon = stack.demo.graph.store.findByPath('Pictures/Nature/prairie_falcon.jpg')!;
    const copy = stack.demo.graph.store.addFile({
      path: 'Pictures/New/falcon again.jpg',
      bytes: falcon.content!,
      mimeType: 'image/jpeg',
    });
    await send({ type: 'sources.sync' });
    await stack.client.waitIdle(Object.values(stack.sourceIds));
    const after = await waitShare(
      stack.client,
      shareId,
      (s) => s.counts.withdrawn === 1 && s.counts.published === indexed && settled(s),
    );
    expect(after.counts).toEqual({ published: indexed, withdrawn: 1 });
    const seen = await publicItems(stack, share.url!);
    expect(seen).toHaveLength(indexed);
    expect(seen.map((i) => i.originalUrl)).not.toContain(row.link.url);
    const sharedKeys = (await rawTable<{ shareId: string; itemKey: string; state: string }>(stack.client, 'published'))
      .filter((p) => p.shareId === shareId && p.state === 'published')
      .map((p) => p.itemKey);
    expect(sharedKeys).toContain(`${od}:${falcon.id}`);
    expect(sharedKeys).not.toContain(`${od}:${copy.id}`);
    expect([403, 404]).toContain((await fetch(row.link.url)).status);
    await viewer.reload();
    await expect.poll(() => viewer.locator('.tile').count(), { timeout: 20_000 }).toBe(indexed);
    // Once deleted, always flagged: the same content put back at the source is marked unwanted and never goes out.
    expect((await rawTable<{ sha256: string | null }>(stack.client, 'tombstones')).length).toBeGreaterThanOrEqual(1);
    const back = stack.demo.graph.store.addFile({
      path: 'Pictures/Again/el_torcal_rocks copy.jpg',
      bytes: victim.content!,
      mimeType: 'image/jpeg',
    });
    await send({ type: 'sources.sync' });
    await stack.client.waitIdle(Object.values(stack.sourceIds));
    await expect
      .poll(async () => (await stack.client.rawItems(od)).find((i) => i.providerItemId === back.id)?.unwanted, {
        timeout: 20_000,
      })
      .toBe(true);
    expect((await waitShare(stack.client, shareId, settled)).counts).toEqual({ published: indexed, withdrawn: 1 });
  });

  it('a provider refusing one link fails only that item, with its reason', async () => {
    const od = stack.sourceIds.onedrive;
    const items = (await stack.client.rawItems(od)).slice(0, 3) as { key: string; providerItemId: string }[];
    // The demo Blob has the account key: its link names the share's stored access policy, and the portal's CORS rule
    // is set on azurite, so the descriptor offers download.
    const [blob] = (await stack.client.rawItems(stack.sourceIds.azblob)) as { key: string }[];
    await putCollection(stack.client, {
      id: 'three',
      kind: 'static',
      title: 'Three',
      itemKeys: [...items.map((i) => i.key), blob!.key],
      filter: null,
    });
    // Deleted at the source but not yet synced: Graph answers 404 to createLink for this one item.
    stack.demo.graph.store.remove(items[1]!.providerItemId);
    // Graph throttles the first two createLink calls (429, Retry-After 0.3 s): the pool waits and asks again.
    const throttle = { match: /\/createLink$/, method: 'POST', status: 429, retryAfter: '0.3', times: 2 };
    stack.demo.graph.faults.push(throttle);
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'three',
      kind: 'link',
      title: 'Three',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && settled(s));
    expect(stack.demo.graph.faults.hits.filter((f) => f.match === throttle.match)).toHaveLength(2);
    expect(share.counts).toEqual({ published: 3, failed: 1 });
    const states = await send<{ itemKey: string; state: string; reason: string | null }[]>({
      type: 'sharing.items',
      shareId,
    });
    expect(states.find((s) => s.itemKey === items[1]!.key)).toMatchObject({
      state: 'failed',
      reason: 'The file is gone at the source',
    });
    expect(states.find((s) => s.itemKey === blob!.key)).toMatchObject({ state: 'published', reason: null });
    const published = await publicItems(stack, share.url!);
    expect(published).toHaveLength(3);
    const blobLink = published.find((i) => i.originalUrl.startsWith(stack.demo.azurite.url))!;
    expect(new URL(blobLink.originalUrl).searchParams.get('si')).toMatch(/^hypomos-/);
    expect(blobLink.delivery).toMatchObject({
      provider: 'azblob',
      full: blobLink.originalUrl,
      download: blobLink.originalUrl,
    });
    // The guest's browser on the portal origin may read it: azurite answers with the portal in Allow-Origin.
    const cors = await fetch(blobLink.originalUrl, { headers: { Origin: stack.portal.origin } });
    expect(cors.headers.get('access-control-allow-origin')).toBe(stack.portal.origin);
  });

  it('a service worker stopped mid-publish resumes and publishes nothing twice', async () => {
    // Photos only Drive holds: the demo's Drive and OneDrive hold the same files, which a share publishes once (from
    // OneDrive), and this test needs Drive links made while OneDrive's wait.
    for (const name of ['bbt1', 'bbt2', 'bbt3', 'bbt4', 'bbt5'])
      stack.demo.drive.store.addFile({
        path: `Faces/${name}.jpg`,
        bytes: await readFile(`${corpora}/faces-face-api-js/${name}.jpg`),
        mimeType: 'image/jpeg',
      });
    // A sync also drops the file the previous test deleted at the source, which the index still lists.
    await send({ type: 'sources.sync' });
    await stack.client.waitIdle(Object.values(stack.sourceIds));
    const driveOnly = (await stack.client.rawItems(stack.sourceIds.gdrive)).filter((i) => i.folder === 'Faces');
    expect(driveOnly).toHaveLength(5);
    // Unwanted items (the flagged copy from the story) never go out, so they are left out of the count.
    const keys = [...driveOnly, ...(await stack.client.rawItems(stack.sourceIds.onedrive))]
      .filter((i) => !i.unwanted && i.name !== 'falcon again.jpg') // the story's second copy is shared once
      .map((i) => i.key as string);
    await putCollection(stack.client, { id: 'resume', kind: 'static', title: 'Resume', itemKeys: keys, filter: null });
    // Graph throttles OneDrive's first createLink for 2 s: the Drive links are made (and checkpointed) while the
    // OneDrive ones wait, so the stop below lands between links, with the batch not yet sent to the portal.
    stack.demo.graph.faults.push({ match: /\/createLink$/, method: 'POST', status: 429, retryAfter: '2' });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'resume',
      kind: 'link',
      title: 'Resume',
    });
    type Row = { shareId: string; itemKey: string; state: string; link?: { linkId: string; url: string } | null };
    const ours = async () => (await rawTable<Row>(stack.client, 'published')).filter((r) => r.shareId === shareId);
    let before: Row[] = [];
    await expect
      .poll(
        async () => {
          before = await ours();
          return before.some((r) => r.link) && before.some((r) => r.state === 'pending' && !r.link);
        },
        { timeout: 30_000, interval: 20 },
      )
      .toBe(true);
    await killServiceWorker(stack.owner);
    const share = await waitShare(
      stack.client,
      shareId,
      (s) => !!s.url && settled(s) && (s.counts.published ?? 0) + (s.counts.failed ?? 0) === keys.length,
      150_000,
    );
    expect(share).toMatchObject({ counts: { published: keys.length }, lastError: null });
    const seen = await publicItems(stack, share.url!);
    expect(seen).toHaveLength(keys.length);
    expect(new Set(seen.map((i) => i.id)).size).toBe(keys.length);
    // Links checkpointed before the stop were reused, not made again; no file holds a second anonymous link.
    const after = new Map((await ours()).map((r) => [r.itemKey, r.link?.linkId]));
    for (const r of before.filter((b) => b.link)) expect(after.get(r.itemKey)).toBe(r.link!.linkId);
    const onedriveIds = keys
      .filter((k) => k.startsWith(`${stack.sourceIds.onedrive}:`))
      .map((k) => k.slice(stack.sourceIds.onedrive.length + 1));
    expect(onedriveIds.length).toBeGreaterThan(0);
    for (const id of onedriveIds) {
      const node = stack.demo.graph.store.get(id)!;
      const live = node.permissions.filter((p) => !p.revoked && p.expiresAt === null);
      // One view link each, and one embed link for an image (OneDrive personal delivery).
      expect(live.map((p) => p.type).sort()).toEqual(node.mimeType.startsWith('image/') ? ['embed', 'view'] : ['view']);
    }
  }, 200_000);

  it('a gallery that expires stops being served and its provider links are revoked', async () => {
    // Files no other share holds: Drive serves a file publicly while any of its anyone-permissions is left.
    // Two different photos (identical copies would be shared once) that no earlier test deleted (a tombstone).
    for (const name of ['disgusted', 'fearful'])
      stack.demo.drive.store.addFile({
        path: `Gallery/${name}.jpg`,
        bytes: await readFile(`${corpora}/faces-face-api-js/${name}.jpg`),
        mimeType: 'image/jpeg',
      });
    await send({ type: 'sources.sync', sourceId: stack.sourceIds.gdrive });
    await stack.client.waitIdle([stack.sourceIds.gdrive]);
    const items = (await stack.client.rawItems(stack.sourceIds.gdrive)).filter((i) => i.folder === 'Gallery') as {
      key: string;
    }[];
    expect(items).toHaveLength(2);
    await putCollection(stack.client, {
      id: 'gallery',
      kind: 'static',
      title: 'Gallery',
      itemKeys: items.map((i) => i.key),
      filter: null,
    });
    const expiresAt = Date.now() + 15_000;
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'gallery',
      kind: 'gallery',
      title: 'Gallery',
      expiresAt,
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && settled(s));
    expect(share.counts).toEqual({ published: 2 });
    const links = (await rawTable<{ shareId: string; link: { url: string } }>(stack.client, 'published'))
      .filter((p) => p.shareId === shareId)
      .map((p) => p.link.url);
    for (const url of links) expect((await fetch(url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() + 500)));
    // The alarm's pass, asked for now instead of waiting up to five minutes.
    expect(await send({ type: 'sharing.expireDue' })).toEqual({ ended: [shareId] });
    const token = new URL(share.url!).pathname.split('/').pop();
    expect((await fetch(`${stack.portal.origin}/api/public/shares/${token}`)).status).toBe(410);
    for (const url of links) expect([403, 404]).toContain((await fetch(url)).status);
    expect((await waitShare(stack.client, shareId, () => true)).state).toBe('expired');
  }, 120_000);

  it('a link revoked in the portal owner pages shows revoked in the dashboard, and its provider links are revoked', async () => {
    const falcon = stack.demo.drive.store.findByPath('Pictures/Nature/prairie_falcon.jpg')!;
    stack.demo.drive.store.addFile({ path: 'Revoked/c.jpg', bytes: falcon.content!, mimeType: 'image/jpeg' });
    await send({ type: 'sources.sync', sourceId: stack.sourceIds.gdrive });
    await stack.client.waitIdle([stack.sourceIds.gdrive]);
    const item = (await stack.client.rawItems(stack.sourceIds.gdrive)).find((i) => i.folder === 'Revoked') as {
      key: string;
    };
    await putCollection(stack.client, {
      id: 'revoked-at-portal',
      kind: 'static',
      title: 'Revoked at the portal',
      itemKeys: [item.key],
      filter: null,
    });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'revoked-at-portal',
      kind: 'link',
      title: 'Revoked at the portal',
    });
    await waitShare(stack.client, shareId, (s) => !!s.url && settled(s));
    const row = (await rawTable<{ id: string; portalShareId: string }>(stack.client, 'shares')).find(
      (s) => s.id === shareId,
    )!;
    const link = (await rawTable<{ shareId: string; link: { url: string } }>(stack.client, 'published')).find(
      (p) => p.shareId === shareId,
    )!.link.url;
    expect((await fetch(link)).status).toBe(200);

    // Alice revokes the link in the portal (another browser), not in the extension.
    const elsewhere = await launchChromium({ extension: false });
    try {
      const portal = await elsewhere.context.newPage();
      await signIn(portal, stack, 'alice');
      const status = await portal.evaluate(async (id) => {
        const me = await (await fetch('/api/me')).json();
        return (await fetch(`/api/shares/${id}`, { method: 'DELETE', headers: { 'x-csrf-token': me.csrfToken } }))
          .status;
      }, row.portalShareId);
      expect(status).toBe(200);
    } finally {
      await elsewhere.close();
    }

    // Opening the share panel asks the portal. The revocation can be undone there for REVOKE_UNDO_MS, so the link
    // stays until then; after it, the card says revoked and the Drive link is gone too.
    const dashboard = await stack.owner.openPage('dashboard.html#/collections/revoked-at-portal');
    await dashboard.getByRole('button', { name: 'Share', exact: true }).click();
    const card = dashboard.locator(`[data-testid="share-card"][data-share-id="${shareId}"]`);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: REVOKE_UNDO_MS + 30_000 }).toBe('revoked');
    expect(await card.getByTestId('share-state').textContent()).toBe('Revoked');
    await expect.poll(async () => (await fetch(link)).status, { timeout: 30_000 }).not.toBe(200);
    await dashboard.close();
  }, 180_000);

  it("revoking a share ends its Blob links at once, before their expiry, through the share's stored access policy", async () => {
    const blobs = ((await stack.client.rawItems(stack.sourceIds.azblob)) as { key: string }[]).slice(1, 3);
    await putCollection(stack.client, {
      id: 'blob-pair',
      kind: 'static',
      title: 'Blob pair',
      itemKeys: blobs.map((b) => b.key),
      filter: null,
    });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'blob-pair',
      kind: 'link',
      title: 'Blob pair',
    });
    const share = await waitShare(stack.client, shareId, (s) => !!s.url && settled(s));
    expect(share.counts).toEqual({ published: 2 });
    const links = (
      await rawTable<{ shareId: string; link: { url: string; expiresAt: number } }>(stack.client, 'published')
    )
      .filter((p) => p.shareId === shareId)
      .map((p) => p.link);
    for (const link of links) {
      expect(link.expiresAt).toBeGreaterThan(Date.now() + 24 * 3600_000);
      expect((await fetch(link.url)).status).toBe(200);
    }
    await send({ type: 'sharing.revoke', shareId });
    for (const link of links) expect((await fetch(link.url)).status).toBe(403);
  });

  it('family: a dynamic collection shared with a named account, accepted in the inbox', async () => {
    const page = await stack.guest.context.newPage();
    // Recipients are invited by e-mail; the invitation binds to Bob's account when he opens his inbox.
    await signIn(page, stack, 'bob');
    await putCollection(stack.client, {
      id: 'family',
      kind: 'dynamic',
      title: 'Family',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [stack.sourceIds.gdrive] },
    });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'family',
      kind: 'family',
      title: 'Family',
      recipients: ['bob@example.org'],
    });
    const share = await waitShare(stack.client, shareId, (s) => settled(s) && s.lastRunAt !== null);
    expect(share.lastError).toBeNull();
    const inbox = await page.evaluate(
      async () =>
        (await (await fetch('/api/inbox')).json()) as { entries: { id: string; title: string; status: string }[] },
    );
    const entry = inbox.entries.find((e) => e.title === 'Family')!;
    expect(entry.status).toBe('pending');
    const accepted = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/me')).json();
      const r = await fetch(`/api/inbox/${id}/accept`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      return r.status;
    }, entry.id);
    expect(accepted).toBe(200);
    const items = await page.evaluate(
      async (id) => (await (await fetch(`/api/inbox/${id}/items`)).json()) as { items: unknown[] },
      entry.id,
    );
    expect(items.items).toHaveLength(share.counts.published!);
  });

  it('event: two contributors (the extension by the event link, a second account through the API), the organizer decides, guests see only approved items', async () => {
    const organizer = await stack.guest.context.newPage();
    await signIn(organizer, stack, 'carol');
    const event = await createEvent(organizer, 'Party');
    const items = (await stack.client.rawItems(stack.sourceIds.gdrive)).slice(0, 3) as { key: string }[];
    await putCollection(stack.client, {
      id: 'party',
      kind: 'static',
      title: 'My party photos',
      itemKeys: items.map((i) => i.key),
      filter: null,
    });
    const { shareId } = await send<{ shareId: string }>({
      type: 'sharing.joinEvent',
      input: event.url,
      collectionId: 'party',
    });
    await waitShare(stack.client, shareId, (s) => settled(s) && s.counts.published === 3);

    // Bob contributes from his own browser profile through the API (his own collection, his own links).
    const bobBrowser = await launchChromium({ extension: false });
    try {
      const bob = await bobBrowser.context.newPage();
      await signIn(bob, stack, 'bob');
      const link = (await rawTable<{ shareId: string; link: { url: string } }>(stack.client, 'published')).find(
        (p) => p.shareId === shareId,
      )!.link.url;
      const status = await contributeThroughApi(bob, {
        eventToken: event.token,
        sourceId: 'bob-drive',
        sourceName: 'Bob Drive',
        collectionTitle: 'Bob at the party',
        itemIds: ['b1'],
        link,
      });
      expect(status).toBe(201);
    } finally {
      await bobBrowser.close();
    }

    // The contributor's extension cannot read the organizer's queue.
    await expect(send({ type: 'sharing.eventQueue', eventId: event.event.id })).rejects.toThrow();
    type Queue = { entries: { itemId: string; contributorName: string }[] };
    const pending = await organizer.evaluate(
      async (id) => (await (await fetch(`/api/events/${id}/queue?state=pending`)).json()) as Queue,
      event.event.id,
    );
    expect(pending.entries.map((e) => e.contributorName).sort()).toEqual([
      'Alice Organizer',
      'Alice Organizer',
      'Alice Organizer',
      'Bob Guest',
    ]);
    const publicEvent = async () =>
      (
        (await (await fetch(`${stack.portal.origin}/api/public/events/${event.token}/items`)).json()) as {
          items: { id: string; contributorName: string }[];
        }
      ).items;
    expect(await publicEvent()).toHaveLength(0);
    const alices = pending.entries.filter((e) => e.contributorName.startsWith('Alice'));
    const bobs = pending.entries.find((e) => e.contributorName === 'Bob Guest')!;
    await decide(organizer, event.event.id, [
      { itemId: alices[0]!.itemId, decision: 'approve' },
      { itemId: bobs.itemId, decision: 'approve' },
      { itemId: alices[1]!.itemId, decision: 'reject' },
    ]);
    const visible = await publicEvent();
    expect(visible.map((i) => i.id).sort()).toEqual([alices[0]!.itemId, bobs.itemId].sort());
    expect(visible.map((i) => i.contributorName).sort()).toEqual(['Alice Organizer', 'Bob Guest']);
  });
  it("a service worker stopped mid-approval: the organizer's decisions from the extension land all or none, and a retry converges", async () => {
    // Alice (the paired extension) organizes; Carol contributes three items through the API from a plain profile.
    const alicePage = await stack.owner.context.newPage();
    await signIn(alicePage, stack, 'alice');
    const event = await createEvent(alicePage, 'Reunion');
    await alicePage.close();
    const link = (await rawTable<{ link: { url: string } | null }>(stack.client, 'published')).find((p) => p.link)!
      .link!.url;
    const carol = await stack.guest.context.newPage();
    await signIn(carol, stack, 'carol');
    const contributed = await contributeThroughApi(carol, {
      eventToken: event.token,
      sourceId: 'carol-drive',
      sourceName: 'Carol Drive',
      collectionTitle: 'Carol at the reunion',
      itemIds: ['c1', 'c2', 'c3'],
      link,
    });
    expect(contributed).toBe(201);
    await carol.close();

    const queue = (
      await send<{ entries: { itemId: string }[] }>({ type: 'sharing.eventQueue', eventId: event.event.id })
    ).entries;
    expect(queue).toHaveLength(3);
    const approveAll = {
      type: 'sharing.decide',
      eventId: event.event.id,
      decisions: queue.map((q) => ({ itemId: q.itemId, decision: 'approve' })),
    };
    const visible = async () =>
      (
        (await (await fetch(`${stack.portal.origin}/api/public/events/${event.token}/items`)).json()) as {
          items: unknown[];
        }
      ).items.length;
    // The worker is stopped while the decision is on its way: the portal gets the whole batch or none of it.
    const first = send(approveAll).then(
      () => 'answered',
      (e: unknown) => `failed: ${e}`,
    );
    await killServiceWorker(stack.owner);
    await first;
    expect([0, 3]).toContain(await visible());
    // The organizer presses again (the queue page would show what is still pending): the same end state either way.
    const pending = (
      await send<{ entries: { itemId: string }[] }>({ type: 'sharing.eventQueue', eventId: event.event.id })
    ).entries;
    if (pending.length > 0)
      await send({ ...approveAll, decisions: pending.map((q) => ({ itemId: q.itemId, decision: 'approve' })) });
    expect(await visible()).toBe(3);
    expect(
      (await send<{ entries: unknown[] }>({ type: 'sharing.eventQueue', eventId: event.event.id })).entries,
    ).toHaveLength(0);
  });
});
