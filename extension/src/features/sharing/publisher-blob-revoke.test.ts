import { type Azurite, type AzuriteContainer, startAzurite } from '@hypomos/dev-services/azurite';
import { PublishItem } from '@hypomos/shared/api/collections';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { parseContainerAcl } from '@hypomos/shared/providers/azure-access-policy';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { createProvider } from '../sources';
import { PortalClient } from './portal-client';
import { Publisher } from './publisher';

/**
 * Withdrawing one Blob item of a share (issue 13): its link names the share's stored access policy, and a container
 * holds only five, so there is no policy per item. The share moves to a new policy generation, its other items are
 * re-signed and re-published, and the old generation is deleted: in the real azurite, the withdrawn blob's old URL
 * answers 403 while the other items load from their new links. The portal is an in-memory stand-in.
 */
let azurite: Azurite;
let container: AzuriteContainer;
const names = ['a/one.jpg', 'a/two.jpg', 'a/three.jpg'];
beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('photos');
  for (const n of names) await container.upload(n, new TextEncoder().encode(`jpeg ${n}`), 'image/jpeg');
}, 60_000);
afterAll(() => azurite?.close());

/** What the portal serves now, by blob name: publish upserts by (source, item id), remove drops. */
function fakePortal() {
  const serving = new Map<string, string>();
  let failPublishes = 0;
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
      if (failPublishes > 0) {
        failPublishes--;
        return Response.json({ error: { code: 'unavailable', message: 'down' } }, { status: 503 });
      }
      const results = (body.items as unknown[]).map((raw, index) => {
        const p = PublishItem.parse(raw);
        const known = serving.has(p.sourceItemId);
        serving.set(p.sourceItemId, p.originalUrl);
        const status = known ? 'updated' : 'created';
        return {
          index,
          sourceId: p.sourceId,
          sourceItemId: p.sourceItemId,
          status,
          itemId: `item-${p.sourceItemId.replace(/\W/g, '-')}`,
          reason: null,
        };
      });
      return Response.json({ results, itemCount: serving.size });
    }
    if (path === '/api/collections/collection01/items/remove') {
      const results = (body.items as { sourceId: string; sourceItemId: string }[]).map((r, index) => {
        const had = serving.delete(r.sourceItemId);
        return { ...r, index, status: had ? 'removed' : 'rejected', itemId: null, reason: had ? null : 'not_found' };
      });
      return Response.json({ results, itemCount: serving.size });
    }
    return Response.json({ error: { code: 'not_found', message: path } }, { status: 404 });
  };
  return {
    serving,
    failNextPublish: () => {
      failPublishes = 1;
    },
    client: new PortalClient('https://portal.example', 'tok', fetch),
  };
}

async function blobShare(dbName: string) {
  const db = new HypomosDb(dbName, { indexedDB: new IDBFactory(), IDBKeyRange });
  const source: SourceRow = {
    id: 'az1',
    kind: 'azblob',
    name: 'Blob',
    config: { containerUrl: container.url },
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
  await db.sources.put(source);
  const items = names.map((n) =>
    makeIndexItem({
      sourceId: 'az1',
      sourceKind: 'azblob',
      providerItemId: n,
      name: n.slice(2),
      mimeType: 'image/jpeg',
    }),
  );
  await db.items.bulkPut(items);
  await db.collections.put({
    id: 'col',
    kind: 'static',
    title: 'Trip',
    itemKeys: items.map((i) => i.key),
    filter: null,
    coverKey: null,
    createdAt: 0,
    updatedAt: 0,
  });
  await db.shares.put({
    id: dbName,
    collectionId: 'col',
    state: 'active',
    portalCollectionId: '',
    kind: 'family',
  } as never);
  const portal = fakePortal();
  const publisher = new Publisher({
    db,
    client: async () => portal.client,
    providerFor: (s) =>
      createProvider(s, { fetch, getAzureSecrets: async () => ({ sas: null, accountKey: azurite.accountKey }) }),
    now: Date.now,
    collectionKeys: async () => items.map((i) => i.key),
  });
  return { db, portal, publisher, items };
}

const status = async (url: string) => (await fetch(url)).status;
const policyIds = async () =>
  parseContainerAcl(await (await azurite.ownerRequest('GET', '/photos?restype=container&comp=acl')).text()).map(
    (p) => p.id,
  );

describe('withdrawing one Blob item of a share ends its link before the share ends', () => {
  it('rotates the share to a new policy: the withdrawn URL answers 403, the others load from new links', async () => {
    const { db, portal, publisher, items } = await blobShare('share-rotate');
    expect(await publisher.run('share-rotate')).toMatchObject({ published: 3, failed: 0 });
    const before = new Map(portal.serving);
    for (const url of before.values()) {
      expect(new URL(url).searchParams.get('si')).toBe('hypomos-share-rotate');
      expect(await status(url)).toBe(200);
    }

    await db.items.update(items[1]!.key, { unwanted: true });
    expect(await publisher.run('share-rotate')).toMatchObject({ withdrawn: 1, published: 2, failed: 0 });
    expect([...portal.serving.keys()].sort()).toEqual(['a/one.jpg', 'a/three.jpg']);
    expect(await status(before.get('a/two.jpg')!)).toBe(403);
    for (const [name, url] of portal.serving) {
      expect(new URL(url).searchParams.get('si')).toBe('hypomos-share-rotate-v1');
      expect(await status(url)).toBe(200);
      // The old links of the remaining items ended with the old generation too: guests hold only the new ones.
      expect(await status(before.get(name)!)).toBe(403);
    }
    expect(await policyIds()).toEqual(['hypomos-share-rotate-v1']);
    const share = await db.shares.get('share-rotate');
    expect(share?.rotatedSources).toEqual([]);
  });

  it('a run stopped after the rotation ends the old generation at the next run, never before re-signing', async () => {
    const { db, portal, publisher, items } = await blobShare('share-stop');
    await publisher.run('share-stop');
    const withdrawnUrl = portal.serving.get('a/three.jpg')!;
    await db.items.update(items[2]!.key, { unwanted: true });
    // The portal fails while the re-signed links go out: the old generation must stay, or guests lose every item.
    portal.failNextPublish();
    await expect(publisher.run('share-stop')).rejects.toThrow();
    expect(await policyIds()).toEqual(expect.arrayContaining(['hypomos-share-stop', 'hypomos-share-stop-v1']));
    expect(await status(portal.serving.get('a/one.jpg')!)).toBe(200);
    expect((await db.shares.get('share-stop'))?.rotatedSources).toEqual(['az1']);

    expect(await publisher.run('share-stop')).toMatchObject({ published: 2, failed: 0 });
    expect(await status(withdrawnUrl)).toBe(403);
    for (const url of portal.serving.values()) expect(await status(url)).toBe(200);
    expect((await policyIds()).filter((id) => id.startsWith('hypomos-share-stop'))).toEqual(['hypomos-share-stop-v1']);
  });
});
