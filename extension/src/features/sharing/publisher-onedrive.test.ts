import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { PublishItem } from '@hypomos/shared/api/collections';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import type { IndexItem } from '@hypomos/shared/index/item';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { ANYONE_LINKS_DISABLED, createProvider } from '../sources';
import { PortalClient } from './portal-client';
import { Publisher } from './publisher';
import { asPublished, SharingShare, toShareRow } from './rows';

/**
 * The publisher's OneDrive path, from the index to the portal request: real providers against the Graph contract
 * servers (personal, and a Business tenant that refuses "Anyone" links), a portal that checks every item against
 * the API schema. The viewer's side of these descriptors is tested by the portal and e2e suites.
 */
let personal: GraphServer;
let refusing: GraphServer;
beforeAll(async () => {
  [personal, refusing] = await Promise.all([
    startGraphServer(),
    startGraphServer({ driveType: 'business', allowAnonymousLinks: false }),
  ]);
  await Promise.all([seedFromFolder(personal), seedFromFolder(refusing)]);
}, 60_000);
afterAll(() => Promise.all([personal.close(), refusing.close()]));

const id = (n: number) => `id${String(n).padStart(10, '0')}`;

/** The portal's side of publishing, kept to what the publisher calls; items are validated as the worker does. */
function fakePortal() {
  const published: PublishItem[] = [];
  let n = 0;
  const now = new Date().toISOString();
  const fetch = async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200 });
    if (init?.method === 'PUT' && path.startsWith('/api/sources/')) return json({});
    if (path === '/api/collections')
      return json({
        id: id(++n),
        title: body.title,
        kind: body.kind,
        filterSummary: null,
        itemCount: 0,
        createdAt: now,
        updatedAt: now,
      });
    if (/^\/api\/collections\/[\w-]+\/items$/.test(path)) {
      const items = (body.items as unknown[]).map((i) => PublishItem.parse(i));
      published.push(...items);
      return json({
        results: items.map((i, index) => ({
          index,
          sourceId: i.sourceId,
          sourceItemId: i.sourceItemId,
          status: 'created',
          itemId: id(++n),
          reason: null,
        })),
        itemCount: published.length,
      });
    }
    if (/^\/api\/collections\/([\w-]+)\/shares$/.test(path)) {
      const share = {
        id: id(++n),
        collectionId: path.split('/')[3],
        kind: body.kind,
        title: body.title,
        expiresAt: null,
        hasPasscode: false,
        unlockFailures: 0,
        unlockLockedUntil: null,
        allowDownload: false,
        relayEnabled: true,
        status: 'active',
        createdAt: now,
      };
      return json({ share, token: 't'.repeat(32), url: `https://portal.example/s/${'t'.repeat(32)}` });
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: path } }), { status: 404 });
  };
  return { published, client: new PortalClient('https://portal.example', 'api-token', fetch) };
}

const source = (id: string, graph: GraphServer): SourceRow => ({
  id,
  kind: 'onedrive',
  name: id,
  config: { baseUrl: graph.url },
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
});

function indexItem(sourceId: string, graph: GraphServer, path: string): IndexItem {
  const node = graph.store.findByPath(path);
  if (!node) throw new Error(`not seeded: ${path}`);
  const slash = path.lastIndexOf('/');
  return makeIndexItem({
    sourceId,
    sourceKind: 'onedrive',
    providerItemId: node.id,
    name: path.slice(slash + 1),
    folder: path.slice(0, slash),
    mimeType: node.mimeType,
    mediaType: node.mimeType.startsWith('video/') ? 'video' : 'image',
  });
}

describe('Publisher, OneDrive', () => {
  it('publishes personal items with embed/download.aspx descriptors; an item of a tenant without "Anyone" links fails alone, in words', async () => {
    const db = new HypomosDb('publisher-onedrive', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.sources.bulkPut([source('od', personal), source('biz', refusing)]);
    const items = [
      indexItem('od', personal, 'Pictures/Travel/thompson-springs.jpg'),
      indexItem('od', personal, 'Videos/with-gps.mp4'),
      indexItem('biz', refusing, 'Pictures/Travel/thompson-springs.jpg'),
    ];
    await db.items.bulkPut(items);
    await db.collections.put({
      id: 'c1',
      kind: 'static',
      title: 'Trip',
      itemKeys: items.map((i) => i.key),
      filter: null,
      coverKey: null,
      createdAt: 0,
      updatedAt: 0,
    });
    await db.shares.put(
      toShareRow(
        SharingShare.parse({
          id: 's1',
          collectionId: 'c1',
          state: 'active',
          portalCollectionId: '',
          kind: 'link',
          title: 'Trip',
        }),
      ),
    );
    const portal = fakePortal();
    const publisher = new Publisher({
      db,
      client: async () => portal.client,
      providerFor: (s) =>
        createProvider(s, {
          fetch,
          getAccessToken: async () => (s.id === 'od' ? personal : refusing).authority.issueAccessToken(),
        }),
      now: Date.now,
      collectionKeys: async (c) => c.itemKeys,
    });

    expect(await publisher.run('s1')).toMatchObject({ published: 2, failed: 1 });

    const [image, video] = items.map((i) => portal.published.find((p) => p.sourceItemId === i.providerItemId));
    expect(image?.delivery).toMatchObject({ provider: 'onedrive', full: image?.originalUrl, download: null });
    expect(image?.originalUrl).toMatch(new RegExp(`^${personal.url}/embed\\?`));
    expect(video?.delivery).toMatchObject({ provider: 'onedrive', grid: [], full: null, download: null });
    for (const p of [image, video]) {
      expect(p?.delivery?.relaySource).toMatch(/\/_layouts\/15\/download\.aspx\?share=/);
      const bytes = await fetch(p?.delivery?.relaySource ?? '');
      expect(bytes.status).toBe(200);
    }
    const refused = asPublished((await db.published.get(['s1', items[2]!.key]))!);
    expect(refused.state).toBe('failed');
    expect(refused.reason).toBe(`Refused by the storage: ${ANYONE_LINKS_DISABLED}`);
    expect(refused.reason).not.toMatch(/accessDenied|403/);
    const share = await db.shares.get('s1');
    expect(share?.url).toMatch(/\/s\/t+$/);
  });
});
