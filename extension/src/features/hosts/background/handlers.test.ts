import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import { providerItem } from '@hypomos/shared/scan/factories';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { ApprovalState } from '@hypomos/shared/api/events';
import { beforeEach, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { MessageRouter } from '../../messages';
import { applyApprovals } from '../../sharing';
import { MemoryProvider, syncSource } from '../../sources';
import { registerHostHandlers } from './handlers';
import { createHostIndexer } from './indexer';

// Real photos (public domain, immich-app/test-assets) from the shared corpora.
const corpus = resolve(import.meta.dirname, '../../../../../../shared/corpora/immich-test-assets');
const photos = {
  aaa: 'albums/nature/cyclamen_persicum.jpg',
  bbb: 'albums/nature/el_torcal_rocks.jpg',
  ccc: 'metadata/dates/datetimeoriginal-gps.jpg',
};
const own = { id: 'ext', origin: 'chrome-extension://ext' };
const contentScript = { id: 'ext', url: 'https://drive.google.com/drive/folders/F1', tab: { id: 7 } };
const popup = { id: 'ext', url: 'chrome-extension://ext/popup.html' };
const TOKEN = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo';
const source: SourceRow = {
  id: 'gd1',
  kind: 'gdrive',
  name: 'Drive',
  config: {},
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
};
let n = 0;

async function setup() {
  const db = new HypomosDb(`hosts-test-${n++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const provider = new MemoryProvider();
  for (const [id, path] of Object.entries(photos)) {
    const bytes = new Uint8Array(readFileSync(resolve(corpus, path)));
    const folder = id === 'ccc' ? 'Trips' : 'Holidays';
    provider.put(
      providerItem({
        id,
        name: path.split('/').pop() ?? id,
        folder,
        parentId: folder === 'Trips' ? 'F2' : 'F1',
        bytes: bytes.length,
      }),
      bytes,
    );
  }
  await db.sources.put(source);
  const scannerDeps = {
    db,
    providerFor: async () => provider,
    extractMetadata,
    blurhash: async () => null,
    clock: { now: () => 1, sleep: async () => {} },
  };
  const indexer = createHostIndexer({
    db,
    providerFor: async () => provider,
    drain: async (id) => {
      const outcome = await syncSource(scannerDeps, id, 'resume');
      if (!outcome.ok) throw new Error(outcome.error ?? 'sync failed');
    },
  });
  const router = new MessageRouter(own);
  let ids = 0;
  registerHostHandlers(router, { db, indexer, newId: () => `id${ids++}`, now: () => 1000 });
  const ask = async (message: unknown, sender: object = contentScript) => router.dispatch(message, sender);
  return { db, provider, ask };
}

// The first photo with GPS loads the offline geocoder's data (seconds, once per worker).
describe('host handlers (background)', { timeout: 30_000 }, () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('indexes exactly the selected items, with a reason for an id the source does not have', async () => {
    const reply = await t.ask({ type: 'hosts.indexSelection', host: 'gdrive', itemIds: ['aaa', 'zz9'] });
    expect(reply).toEqual({
      ok: true,
      value: {
        sourceId: 'gd1',
        outcomes: [
          { id: 'aaa', ok: true, reason: null },
          { id: 'zz9', ok: false, reason: 'not a photo or video in this source (or not found)' },
        ],
      },
    });
    const items = await t.db.items.toArray();
    expect(items.map((i) => i.key)).toEqual(['gd1:aaa']);
    expect(items[0]?.width).toBeGreaterThan(0);
  });

  it('indexes a folder named by id (from the URL) or by path', async () => {
    expect(await t.ask({ type: 'hosts.indexFolder', host: 'gdrive', folder: { id: 'F1', path: null } })).toMatchObject({
      ok: true,
      value: { queued: 2 },
    });
    expect((await t.db.items.toArray()).map((i) => i.key).sort()).toEqual(['gd1:aaa', 'gd1:bbb']);
    expect(
      await t.ask({ type: 'hosts.indexFolder', host: 'gdrive', folder: { id: null, path: 'Trips' } }),
    ).toMatchObject({ ok: true, value: { queued: 1 } });
    expect(await t.db.items.count()).toBe(3);
  });

  it('adds to a new static collection once per item, and refuses dynamic collections', async () => {
    const first = await t.ask({
      type: 'hosts.addToCollection',
      host: 'gdrive',
      itemIds: ['aaa', 'bbb'],
      target: { newTitle: 'Spain' },
    });
    expect(first).toMatchObject({ ok: true, value: { collectionId: 'id0', title: 'Spain', added: 2 } });
    const again = await t.ask({
      type: 'hosts.addToCollection',
      host: 'gdrive',
      itemIds: ['bbb', 'ccc'],
      target: { collectionId: 'id0' },
    });
    expect(again).toMatchObject({ ok: true, value: { added: 1 } });
    expect((await t.db.collections.get('id0'))?.itemKeys).toEqual(['gd1:aaa', 'gd1:bbb', 'gd1:ccc']);
    await t.db.collections.put({
      id: 'dyn',
      kind: 'dynamic',
      title: 'Family',
      itemKeys: [],
      filter: {},
      coverKey: null,
      createdAt: 0,
      updatedAt: 0,
    });
    const dynamic = await t.ask({
      type: 'hosts.addToCollection',
      host: 'gdrive',
      itemIds: ['aaa'],
      target: { collectionId: 'dyn' },
    });
    expect(dynamic).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('dynamic collection') },
    });
  });

  it('shares to an event as pending contributions, once per item, and badges them', async () => {
    const bad = await t.ask({
      type: 'hosts.shareToEvent',
      host: 'gdrive',
      itemIds: ['aaa'],
      token: 'https://portal.example/s/nope',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await t.ask({ type: 'hosts.shareToEvent', host: 'gdrive', itemIds: ['aaa'], token: TOKEN })).toMatchObject({
      ok: true,
      value: { pending: 1 },
    });
    await t.ask({
      type: 'hosts.shareToEvent',
      host: 'gdrive',
      itemIds: ['aaa', 'bbb'],
      token: `https://portal.example/e/${TOKEN}`,
    });
    expect(await t.db.shares.count()).toBe(1);
    expect((await t.db.published.toArray()).map((p) => [p.itemKey, p.state])).toEqual([
      ['gd1:aaa', 'pending'],
      ['gd1:bbb', 'pending'],
    ]);
    await t.ask({ type: 'hosts.indexSelection', host: 'gdrive', itemIds: ['ccc'] });
    const status = await t.ask({ type: 'hosts.rowStatus', host: 'gdrive', itemIds: ['aaa', 'ccc', 'unknown'] });
    expect(status).toEqual({ ok: true, value: { statuses: { aaa: 'pending', ccc: 'indexed', unknown: null } } });
    // The publisher's portal answer, then the organizer's decisions as the publisher reads them back.
    await t.db.published.update(['id1', 'gd1:aaa'], { state: 'published', portalItemId: 'portal-aaa' });
    const badgeAfter = async (state: ApprovalState) => {
      await applyApprovals(t.db, 'id1', [{ itemId: 'portal-aaa', state }]);
      return t.ask({ type: 'hosts.rowStatus', host: 'gdrive', itemIds: ['aaa'] });
    };
    expect(await badgeAfter('pending')).toEqual({ ok: true, value: { statuses: { aaa: 'pending' } } });
    expect(await badgeAfter('approved')).toEqual({ ok: true, value: { statuses: { aaa: 'approved' } } });
    expect(await badgeAfter('rejected')).toEqual({ ok: true, value: { statuses: { aaa: 'rejected' } } });
    expect(await badgeAfter('withdrawn')).toEqual({ ok: true, value: { statuses: { aaa: 'withdrawn' } } });
  });

  it('accepts only our content scripts on the hosts and our own pages', async () => {
    const message = { type: 'hosts.addToCollection', host: 'gdrive', itemIds: ['aaa'], target: { newTitle: 'x' } };
    for (const sender of [
      { id: 'ext', url: 'https://evil.example/drive.google.com', tab: { id: 1 } },
      { id: 'ext', url: 'http://drive.google.com/drive/my-drive', tab: { id: 1 } },
      { id: 'other-extension', url: 'https://drive.google.com/drive/my-drive', tab: { id: 1 } },
      { id: 'ext', url: 'https://drive.google.com/drive/my-drive' },
    ]) {
      expect(await t.ask(message, sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await t.ask(message, popup)).toMatchObject({ ok: true });
    expect(await t.ask({ type: 'popup.status' }, contentScript)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await t.ask({ type: 'popup.status' }, popup)).toMatchObject({
      ok: true,
      value: { items: 1, collections: 1, sources: [{ id: 'gd1', items: 1 }] },
    });
  });

  it('rejects malformed requests before touching the index', async () => {
    for (const message of [
      { type: 'hosts.indexSelection', host: 'gdrive', itemIds: [] },
      { type: 'hosts.indexSelection', host: 'dropbox', itemIds: ['aaa'] },
      { type: 'hosts.indexSelection', host: 'gdrive', itemIds: ['<img src=x>'] },
      { type: 'hosts.indexFolder', host: 'gdrive', folder: { id: null, path: null } },
    ]) {
      expect(await t.ask(message)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await t.db.items.count()).toBe(0);
  });

  it('says which source is missing', async () => {
    expect(await t.ask({ type: 'hosts.indexSelection', host: 'onedrive', itemIds: ['aaa'] })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'Connect your OneDrive in the Hypomos dashboard first.' },
    });
  });
});
