import { DEV_DRIVE_API_KEY, type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { PublishItem } from '@hypomos/shared/api/collections';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { deliveryHostsAllowed } from '@hypomos/shared/sharing/delivery';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexItem } from '@hypomos/shared/index/item';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { PortalClient } from './portal-client';
import { Publisher } from './publisher';
import { createProvider, RESOURCE_KEY_NOTICE } from '../sources';

/**
 * The publisher's path for Drive items: a link made by the real Drive provider against the contract server, with the
 * portal key from pairing, reaches the portal as a delivery descriptor; a file that needs a resource key is
 * published with a word for the owner. The portal is a small in-memory stand-in that checks what the worker checks.
 */
let drive: DriveServer;
beforeAll(async () => {
  drive = await startDriveServer();
  await seedFromFolder(drive);
}, 60_000);
afterAll(() => drive.close());

const DEV_SOURCES = { devSources: ['http://127.0.0.1:*'] };

/** Answers the four calls a `family` share run makes; keeps what was published. */
function fakePortal() {
  const published: PublishItem[] = [];
  const fetch = async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    const now = new Date().toISOString();
    if (path.startsWith('/api/sources/')) return Response.json({});
    if (path === '/api/collections')
      return Response.json(
        {
          id: 'collection01',
          title: body.title,
          kind: body.kind,
          filterSummary: null,
          itemCount: 0,
          createdAt: now,
          updatedAt: now,
        },
        { status: 201 },
      );
    if (path === '/api/collections/collection01/items') {
      const results = (body.items as unknown[]).map((raw, index) => {
        const p = PublishItem.safeParse(raw);
        const ok = p.success && (!p.data.delivery || deliveryHostsAllowed(p.data.delivery, DEV_SOURCES));
        if (ok) published.push(p.data);
        return {
          index,
          sourceId: p.success ? p.data.sourceId : null,
          sourceItemId: p.success ? p.data.sourceItemId : null,
          status: ok ? 'created' : 'rejected',
          itemId: ok ? `item000000${index}` : null,
          reason: ok ? null : 'invalid',
        };
      });
      return Response.json({ results, itemCount: published.length });
    }
    return Response.json({ error: { code: 'not_found', message: path } }, { status: 404 });
  };
  return { published, client: new PortalClient('https://portal.example', 'tok', fetch) };
}

/** A Drive source, a static collection of `items` and its family share, published to the in-memory portal. */
async function familyShare(dbName: string, items: IndexItem[]) {
  const db = new HypomosDb(dbName, { indexedDB: new IDBFactory(), IDBKeyRange });
  const source: SourceRow = {
    id: 'gd1',
    kind: 'gdrive',
    name: 'Drive',
    config: { baseUrl: drive.url },
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
  await db.sources.put(source);
  await db.items.bulkPut(items);
  const keys = items.map((i) => i.key);
  await db.collections.put({
    id: 'col',
    kind: 'static',
    title: 'Trip',
    itemKeys: keys,
    filter: null,
    coverKey: null,
    createdAt: 0,
    updatedAt: 0,
  });
  await db.shares.put({
    id: 'sh',
    collectionId: 'col',
    state: 'active',
    portalCollectionId: '',
    kind: 'family',
  } as never);
  const portal = fakePortal();
  const token = drive.authority.issueAccessToken();
  const publisher = new Publisher({
    db,
    client: async () => portal.client,
    providerFor: (s) =>
      createProvider(s, { fetch, getAccessToken: async () => token, driveApiKey: async () => DEV_DRIVE_API_KEY }),
    now: Date.now,
    collectionKeys: async () => keys,
  });
  return { db, portal, publisher };
}

describe('Publisher: Drive items reach the portal as delivery descriptors', () => {
  it('publishes the API form with the portal key, and tells the owner about a file that needs a resource key', async () => {
    const plain = drive.store.findByPath('Pictures/Travel/Apple iPhone 4.jpg')!;
    const old = drive.store.findByPath('Pictures/Travel/thompson-springs.jpg')!;
    const resourceKey = drive.requireResourceKey(old.id);
    const items = [plain, old].map((n) =>
      makeIndexItem({ sourceId: 'gd1', sourceKind: 'gdrive', providerItemId: n.id, mimeType: 'image/jpeg' }),
    );
    const { db, portal, publisher } = await familyShare('publisher-delivery', items);

    expect(await publisher.run('sh')).toMatchObject({ published: 2, failed: 0 });
    const api = (id: string) => `${drive.url}/drive/v3/files/${id}?alt=media&key=${DEV_DRIVE_API_KEY}`;
    const byId = new Map(portal.published.map((p) => [p.sourceItemId, p]));
    expect(byId.get(plain.id)).toMatchObject({
      originalUrl: api(plain.id),
      delivery: { provider: 'gdrive', full: api(plain.id), download: api(plain.id), referrer: 'strict-origin' },
    });
    expect(byId.get(old.id)?.delivery).toMatchObject({
      full: null,
      relayHeaders: { 'x-goog-drive-resource-keys': `${old.id}/${resourceKey}` },
    });
    const rows = await db.published.toArray();
    expect(rows.find((r) => r.itemKey === items[0]!.key)).toMatchObject({ state: 'published', reason: null });
    expect(rows.find((r) => r.itemKey === items[1]!.key)).toMatchObject({
      state: 'published',
      reason: RESOURCE_KEY_NOTICE,
    });
  });

  it('shares the same photo held in two clouds once, from the copy guests are served best', async () => {
    const inDrive = drive.store.findByPath('Pictures/Travel/Apple iPhone 4.jpg')!;
    const sha256 = 'a'.repeat(64);
    const driveCopy = makeIndexItem({
      sourceId: 'gd1',
      sourceKind: 'gdrive',
      providerItemId: inDrive.id,
      mimeType: 'image/jpeg',
      sha256,
    });
    // The local copy would go through the owner's relay; no provider is ever asked for it.
    const localCopy = makeIndexItem({ sourceId: 'nas', sourceKind: 'local', providerItemId: 'Travel/a.jpg', sha256 });
    const { db, portal, publisher } = await familyShare('publisher-copies', [localCopy, driveCopy]);

    expect(await publisher.run('sh')).toMatchObject({ published: 1, failed: 0 });
    expect(portal.published.map((p) => p.sourceItemId)).toEqual([inDrive.id]);
    expect((await db.published.toArray()).map((r) => r.itemKey)).toEqual([driveCopy.key]);
  });
});
