import { createHash } from 'node:crypto';
import type { AzuriteContainer } from '@hypomos/dev-services/azurite';
import type { GraphServer } from '@hypomos/dev-services/graph/server';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import type { ItemKey } from '@hypomos/shared/index/item';
import { corpusFile } from '@hypomos/shared/metadata/test-readers';
import type { PlannedMove } from '@hypomos/shared/tiering/plan';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { sourceRow, startTestClouds, type TestClouds } from '../../testing/clouds';
import { asPublished, type PortalClient } from '../sharing';
import { createProvider, type ProviderDeps, type ScannerDeps, syncSource } from '../sources';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import { moveEndpointFor } from './endpoints';
import { type MoveEndpoint, type MoverDeps, runMove } from './mover';
import { republishMoved } from './republish';
import type { MoveRow } from './rows';
import { readTieringSettings } from './settings';
import { aliasKeys, enqueueMoves } from './store';
import { requestUndo, undoBlockers } from './undo';

const photo = corpusFile('exifr-fixtures/canon-dslr.jpg');
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const BLOCK = 256 * 1024;

let clouds: TestClouds;
let graph: GraphServer;
let container: AzuriteContainer;
let deps: ProviderDeps;
let dbCount = 0;

beforeAll(async () => {
  clouds = await startTestClouds('cold');
  ({ graph, container, deps } = clouds);
}, 60_000);
afterAll(() => clouds?.close());

interface World {
  db: HypomosDb;
  key: ItemKey;
  nodeId: string;
  published: { sourceId: string; sourceItemId: string; originalUrl: string }[];
  faults: Map<string, number>;
  /** Calls that succeed before the named one fails ('blob.send' → 3: the 4th send fails). */
  passFirst: Map<string, number>;
  /** Provider calls this life of the worker makes before it is stopped; null: no stop. */
  budget: number | null;
}

/** A library with one OneDrive photo, tagged, in a collection shared by link; faults fail endpoint calls once. */
async function world(name: string): Promise<World> {
  const db = new HypomosDb(`tiering-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.sources.bulkPut([
    sourceRow('od', 'onedrive', { baseUrl: graph.url }),
    sourceRow('blob', 'azblob', { containerUrl: container.url }),
  ]);
  const node = graph.store.addFile({
    path: `Pictures/2019/${name}`,
    bytes: Buffer.from(photo),
    mimeType: 'image/jpeg',
  });
  const item = makeIndexItem({
    providerItemId: node.id,
    sourceId: 'od',
    sourceKind: 'onedrive',
    name,
    folder: 'Pictures/2019',
    bytes: photo.length,
    mimeType: 'image/jpeg',
    mediaType: 'image',
    contentHashes: { sha1: sha1(photo) },
    tags: ['beach'],
  });
  await db.items.put(item);
  await db.stats.put({ key: item.key, views: 3, likes: 1, skips: 0, opens: 2, lastViewedAt: 5 });
  await db.shares.put({ id: 's1', collectionId: 'c1', state: 'active', portalCollectionId: 'pc1', kind: 'link' });
  const odProvider = await createProvider(sourceRow('od', 'onedrive', { baseUrl: graph.url }), deps);
  const ref = { sourceId: 'od', id: node.id, path: `Pictures/2019/${name}`, media: 'image' as const };
  const link = await odProvider.createLink(ref, null, { scope: 's1', portalOrigin: 'http://portal.test' });
  await db.published.put({ shareId: 's1', itemKey: item.key, state: 'published', at: 0, ref, link });
  return { db, key: item.key, nodeId: node.id, published: [], faults: new Map(), passFirst: new Map(), budget: null };
}

/** Fails the named endpoint call once per entry in `w.faults` (e.g. 'blob.send'), as a flaky provider would. */
function flaky(w: World, sourceId: string, e: MoveEndpoint): MoveEndpoint {
  const fail = (name: string) => {
    if (w.budget !== null && w.budget-- <= 0) throw new Error('worker stopped');
    const pass = w.passFirst.get(`${sourceId}.${name}`) ?? 0;
    if (pass > 0) return void w.passFirst.set(`${sourceId}.${name}`, pass - 1);
    const left = w.faults.get(`${sourceId}.${name}`) ?? 0;
    if (left > 0) {
      w.faults.set(`${sourceId}.${name}`, left - 1);
      throw new Error(`injected failure of ${sourceId}.${name}`);
    }
  };
  const guard =
    <A extends unknown[], R>(name: string, call: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      fail(name);
      return call(...a);
    };
  const u = e.uploader;
  return {
    ...e,
    readRange: guard('readRange', e.readRange),
    trash: guard('trash', e.trash),
    restore: e.restore && guard('restore', e.restore),
    setTier: e.setTier && guard('setTier', e.setTier),
    uploader: {
      fragmentSize: u.fragmentSize,
      begin: guard('begin', u.begin.bind(u)),
      resume: guard('resume', u.resume.bind(u)),
      send: guard('send', u.send.bind(u)),
      cancel: (cp) => u.cancel(cp),
    },
  };
}

function moverDeps(w: World, onProgress?: (row: MoveRow) => void): MoverDeps {
  const client = {
    origin: 'http://portal.test',
    publish: async (_collection: string, items: { sourceId: string; sourceItemId: string; originalUrl: string }[]) => {
      if ((w.faults.get('portal.publish') ?? 0) > 0) {
        w.faults.set('portal.publish', w.faults.get('portal.publish')! - 1);
        throw new Error('injected failure of portal.publish');
      }
      w.published.push(...items);
      return { results: items.map((_, index) => ({ index, status: 'updated', itemId: 'p1' })) };
    },
  } as unknown as PortalClient;
  return {
    db: w.db,
    now: Date.now,
    endpoint: async (id) => {
      const row = (await w.db.sources.get(id))!;
      return flaky(w, id, await moveEndpointFor(row, deps, { blobBlockSize: BLOCK }));
    },
    republish: (key) =>
      republishMoved({ db: w.db, client: async () => client, providerFor: (s) => createProvider(s, deps) }, key),
    onProgress,
  };
}

const toCold = (w: World): PlannedMove => ({
  key: w.key,
  from: 'od',
  to: 'blob',
  direction: 'to-cold',
  bytes: photo.length,
  tier: 'Cold',
  needsRehydration: false,
});

async function blobState(path: string) {
  const sas = await container.sas('rl', new Date(Date.now() + 600_000));
  const url = `${container.url}/${path.split('/').map(encodeURIComponent).join('/')}?${sas}`;
  const res = await fetch(url);
  return {
    status: res.status,
    // Get Blob Properties (HEAD) reports the access tier; Get Blob does not.
    tier: (await fetch(url, { method: 'HEAD' })).headers.get('x-ms-access-tier'),
    md5: res.ok ? md5(new Uint8Array(await res.arrayBuffer())) : null,
  };
}

async function blobNames(prefix: string) {
  const sas = await container.sas('rl', new Date(Date.now() + 600_000));
  const xml = await (
    await fetch(`${container.url}?restype=container&comp=list&prefix=${encodeURIComponent(prefix)}&${sas}`)
  ).text();
  return [...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
}

/** Exactly one live copy (the blob), the index on it under the same key, and the share carrying a link to it. */
async function expectMovedToCold(w: World, name: string) {
  const path = `Pictures/2019/${name}`;
  expect(await blobNames(`Pictures/2019/${name.replace(/\.jpg$/, '')}`)).toEqual([path]);
  expect(await blobState(path)).toEqual({ status: 200, tier: 'Cold', md5: md5(photo) });
  // In the recycle bin (or purged from it): not live.
  expect(graph.store.getAny(w.nodeId)?.trashed).toBe(true);
  const item = (await w.db.items.get(w.key))!;
  expect(item).toMatchObject({
    key: w.key,
    sourceId: 'blob',
    sourceKind: 'azblob',
    providerItemId: path,
    tags: ['beach'],
  });
  expect(await w.db.stats.get(w.key)).toMatchObject({ views: 3, likes: 1 });
  expect(await w.db.items.count()).toBe(1);
  const row = asPublished((await w.db.published.get(['s1', w.key]))!);
  expect(row.ref).toMatchObject({ sourceId: 'blob', id: path });
  expect(row.portalRef).toEqual({ sourceId: 'od', sourceItemId: w.nodeId });
  expect(row.link?.url).toContain(container.url);
  // The guest's tile: the portal item keeps its identity and gets a link that serves the bytes.
  const last = w.published.at(-1)!;
  expect(last).toMatchObject({ sourceId: 'od', sourceItemId: w.nodeId });
  const served = await fetch(last.originalUrl);
  expect(served.status).toBe(200);
  expect(md5(new Uint8Array(await served.arrayBuffer()))).toBe(md5(photo));
  expect(await aliasKeys(w.db, 'blob', [path])).toEqual(new Map([[path, w.key]]));
}

describe('runMove hot → cold (Graph contract server → azurite)', () => {
  it('copies in bounded blocks, verifies, switches keeping the key, republishes, then trashes the source', async () => {
    const w = await world('plain.jpg');
    const [row] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
    const done = await runMove(moverDeps(w), row!);
    expect(done.state).toBe('done');
    expect(done.browserBytes).toBe(photo.length);
    expect(done.log.map((l) => l.state)).toEqual([
      'queued',
      'copying',
      'copied',
      'verified',
      'switched',
      'republished',
      'done',
    ]);
    await expectMovedToCold(w, 'plain.jpg');
    // Planned again while nothing is unfinished: the item is on the cold source now, so nothing is queued.
    expect(await enqueueMoves(w.db, 'r2', [toCold(w)], Date.now())).toEqual([]);
  });

  const calls = ['od.readRange', 'blob.begin', 'blob.send', 'blob.setTier', 'portal.publish', 'od.trash'];
  for (const call of calls) {
    it(`fails ${call} once: the move stops, and the retry ends with one copy, the index and the share on it`, async () => {
      const name = `fail-${call.replace('.', '-')}.jpg`;
      const w = await world(name);
      w.faults.set(call, 1);
      // The 4th block fails, so the copy is half done when it stops.
      if (call === 'blob.send') w.passFirst.set(call, 3);
      const [row] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
      const failed = await runMove(moverDeps(w), row!);
      expect(failed.state).toBe('failed');
      expect(failed.error).toContain(`injected failure of ${call}`);
      // Until the switch, the index and the share still point at the source, which is still there.
      const item = (await w.db.items.get(w.key))!;
      expect(graph.store.get(w.nodeId)?.trashed).toBe(false);
      if (item.sourceId === 'od')
        expect(asPublished((await w.db.published.get(['s1', w.key]))!).ref?.sourceId).toBe('od');
      const done = await runMove(moverDeps(w), (await w.db.tierMoves.get(row!.id))!);
      expect(done.state).toBe('done');
      await expectMovedToCold(w, name);
    });
  }

  it('stopped after any provider call (a service worker killed), the next life resumes; one copy at the end', {
    timeout: 60_000,
  }, async () => {
    const w = await world('stopped.jpg');
    const [row] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
    let lives = 0;
    for (;;) {
      const current = (await w.db.tierMoves.get(row!.id))!;
      if (current.state === 'done') break;
      // Each life of the worker gets one provider call more before it is stopped.
      w.budget = ++lives;
      await runMove(moverDeps(w), current);
      expect(lives).toBeLessThan(40);
    }
    w.budget = null;
    const log = (await w.db.tierMoves.get(row!.id))!.log;
    expect(log.filter((l) => l.note.includes('worker stopped')).length).toBe(lives - 1);
    // Stopped in the middle of the copy at least once: the upload resumed from its checkpoint.
    expect(log.some((l) => l.state === 'failed' && l.note.includes('copy was complete'))).toBe(true);
    await expectMovedToCold(w, 'stopped.jpg');
    // Each republish reached the portal once: a resumed move does not publish twice.
    expect(w.published).toHaveLength(1);
  });

  it('scans after the move find the item under its old key: a hot delta does not remove it, a cold scan does not add it again', {
    timeout: 60_000,
  }, async () => {
    const w = await world('scanned.jpg');
    const scanner: ScannerDeps = {
      db: w.db,
      providerFor: (s) => createProvider(s, deps),
      extractMetadata,
      blurhash: async () => null,
      clock: { now: Date.now, sleep: async () => undefined },
      keyAliases: aliasKeys,
    };
    expect((await syncSource(scanner, 'od', 'run')).ok).toBe(true);
    const before = (await w.db.items.get(w.key))!;
    await w.db.items.update(w.key, { tags: ['beach'] });
    const [row] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
    expect((await runMove(moverDeps(w), row!)).state).toBe('done');
    // OneDrive's delta now reports the file deleted (it is in the recycle bin); the blob is new to the cold scan.
    expect((await syncSource(scanner, 'od', 'run')).ok).toBe(true);
    expect((await syncSource(scanner, 'blob', 'run')).ok).toBe(true);
    const path = 'Pictures/2019/scanned.jpg';
    const copies = await w.db.items.filter((i) => i.providerItemId === path || i.providerItemId === w.nodeId).toArray();
    expect(copies.map((i) => [i.key, i.sourceId, i.tags])).toEqual([[w.key, 'blob', ['beach']]]);
    expect(copies[0]).toMatchObject({ takenAt: before.takenAt, make: before.make });
    expect(await w.db.removals.count()).toBe(0);
  });

  it('a pinned item comes back: Blob → OneDrive, same key, the share relinked, the blob deleted', {
    timeout: 60_000,
  }, async () => {
    const w = await world('back.jpg');
    const [cold] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
    expect((await runMove(moverDeps(w), cold!)).state).toBe('done');
    const path = 'Pictures/2019/back.jpg';
    const [warm] = await enqueueMoves(
      w.db,
      'r2',
      [
        {
          key: w.key,
          from: 'blob',
          to: 'od',
          direction: 'to-warm',
          bytes: photo.length,
          tier: null,
          needsRehydration: false,
        },
      ],
      Date.now(),
    );
    w.faults.set('od.send', 1);
    expect((await runMove(moverDeps(w), warm!)).state).toBe('failed');
    const done = await runMove(moverDeps(w), (await w.db.tierMoves.get(warm!.id))!);
    expect(done.state).toBe('done');
    expect((await blobState(path)).status).toBe(404);
    const node = graph.store.get(done.toId!)!;
    expect([node.trashed, node.name, graph.store.get(w.nodeId)?.trashed]).toEqual([false, 'back.jpg', true]);
    expect(md5(node.content!)).toBe(md5(photo));
    const item = (await w.db.items.get(w.key))!;
    expect(item).toMatchObject({ sourceId: 'od', providerItemId: node.id, tags: ['beach'] });
    expect(item.contentHashes.quickxor).toBeTruthy();
    const row = asPublished((await w.db.published.get(['s1', w.key]))!);
    expect(row.ref).toMatchObject({ sourceId: 'od', id: node.id });
    // Still the identity the portal first knew: the tile the guest sees is updated, not added.
    expect(w.published.at(-1)).toMatchObject({ sourceId: 'od', sourceItemId: w.nodeId });
    expect(await aliasKeys(w.db, 'od', [node.id])).toEqual(new Map([[node.id, w.key]]));
  });
});

/** A photo moved to cold by a finished move, ready to be undone. */
async function movedToCold(name: string) {
  const w = await world(name);
  const [row] = await enqueueMoves(w.db, 'r1', [toCold(w)], Date.now());
  expect((await runMove(moverDeps(w), row!)).state).toBe('done');
  return { w, id: row!.id, path: `Pictures/2019/${name}` };
}

/** The share's current link serves the photo's bytes (what a guest's tile loads). */
async function guestSeesIt(w: World) {
  const last = w.published.at(-1)!;
  expect(last).toMatchObject({ sourceId: 'od', sourceItemId: w.nodeId });
  const served = await fetch(last.originalUrl);
  expect(served.status).toBe(200);
  expect(md5(new Uint8Array(await served.arrayBuffer()))).toBe(md5(photo));
}

/** The original live again in OneDrive under its id, the index and the share on it, the blob gone, kept warm. */
async function expectUndone(w: World, path: string) {
  const node = graph.store.get(w.nodeId)!;
  expect([node.trashed, md5(node.content!)]).toEqual([false, md5(photo)]);
  expect(await blobNames(path)).toEqual([]);
  expect((await blobState(path)).status).toBe(404);
  expect(await w.db.items.count()).toBe(1);
  expect(await w.db.items.get(w.key)).toMatchObject({
    key: w.key,
    sourceId: 'od',
    sourceKind: 'onedrive',
    providerItemId: w.nodeId,
    folder: 'Pictures/2019',
    name: path.split('/').at(-1),
    tags: ['beach'],
    contentHashes: { sha1: sha1(photo) },
  });
  expect(await w.db.stats.get(w.key)).toMatchObject({ views: 3, likes: 1 });
  const row = asPublished((await w.db.published.get(['s1', w.key]))!);
  expect(row.ref).toMatchObject({ sourceId: 'od', id: w.nodeId });
  expect(row.portalRef).toEqual({ sourceId: 'od', sourceItemId: w.nodeId });
  expect(row.link?.url).not.toContain(container.url);
  await guestSeesIt(w);
  expect(await aliasKeys(w.db, 'blob', [path])).toEqual(new Map());
  // Kept warm: the next plan leaves it on OneDrive instead of moving it straight back.
  expect((await readTieringSettings(w.db)).pins.itemKeys).toEqual([w.key]);
}

describe('undoing a move from the log (azurite → the Graph contract server recycle bin)', () => {
  it('restores the original, switches the index back, republishes to it, and only then deletes the cold copy', {
    timeout: 60_000,
  }, async () => {
    const { w, id, path } = await movedToCold('undo.jpg');
    expect((await undoBlockers(w.db, [(await w.db.tierMoves.get(id))!])).get(id)).toBeNull();
    // Where the index and the share point when each provider call of the undo starts and the republish ends.
    const events: string[] = [];
    const where = async () =>
      `index ${(await w.db.items.get(w.key))?.sourceId}, share ${asPublished((await w.db.published.get(['s1', w.key]))!).ref?.sourceId}`;
    const base = moverDeps(w);
    const deps: MoverDeps = {
      ...base,
      endpoint: async (sourceId) => {
        const e = await base.endpoint(sourceId);
        return {
          ...e,
          restore: async (ref) => {
            events.push(`restore ${sourceId} (${await where()})`);
            return e.restore!(ref);
          },
          trash: async (ref) => {
            events.push(`trash ${sourceId} (${await where()})`);
            return e.trash(ref);
          },
        };
      },
      republish: async (key) => {
        events.push(`republish (${await where()})`);
        await base.republish(key);
        events.push(`republished (${await where()})`);
      },
    };
    const done = await runMove(deps, await requestUndo(w.db, id, Date.now()));
    expect(done.state).toBe('undone');
    expect(events).toEqual([
      'restore od (index blob, share blob)',
      'republish (index od, share blob)',
      'republished (index od, share od)',
      'trash blob (index od, share od)',
    ]);
    expect(done.log.map((l) => l.state).slice(-5)).toEqual([
      'undo-queued',
      'undo-restored',
      'undo-switched',
      'undo-republished',
      'undone',
    ]);
    await expectUndone(w, path);
    // Undone once: the entry offers no second undo.
    expect((await undoBlockers(w.db, [done])).size).toBe(0);
    await expect(requestUndo(w.db, id, Date.now())).rejects.toThrow(/undone, not done/);
  });

  const steps = ['undo-queued', 'undo-restored', 'undo-switched', 'undo-republished'] as const;
  for (const stopAt of steps) {
    it(`stopped at ${stopAt}, the next life finishes the undo; the share shows the photo throughout`, {
      timeout: 60_000,
    }, async () => {
      const { w, id, path } = await movedToCold(`stop-${stopAt}.jpg`);
      const deps = moverDeps(w, (r) => {
        if (r.state === stopAt) throw new Error('worker stopped');
      });
      let row = await requestUndo(w.db, id, Date.now());
      if (stopAt !== 'undo-queued') row = await runMove(deps, row);
      // undo-queued: stopped before the first step ran (the row as a killed worker leaves it).
      else row = (await w.db.tierMoves.get(id))!;
      expect(row.state).toBe(stopAt === 'undo-queued' ? 'undo-queued' : 'failed');
      if (row.state === 'failed') expect(row.failedAt).toBe(stopAt);
      // Nothing is lost while stopped: the cold copy is still there, and the share's link serves the photo.
      expect((await blobState(path)).status).toBe(200);
      const item = (await w.db.items.get(w.key))!;
      expect(item.sourceId).toBe(stopAt === 'undo-queued' || stopAt === 'undo-restored' ? 'blob' : 'od');
      const served = await fetch(asPublished((await w.db.published.get(['s1', w.key]))!).link!.url);
      expect(served.status).toBe(200);
      const done = await runMove(moverDeps(w), (await w.db.tierMoves.get(id))!);
      expect(done.state).toBe('undone');
      await expectUndone(w, path);
      // Republished once to the original, however often the undo was stopped.
      expect(w.published.filter((p) => p.originalUrl.includes(graph.url))).toHaveLength(1);
    });
  }

  it('a step that already reached the provider before the stop is not repeated: restore and delete count as done', {
    timeout: 60_000,
  }, async () => {
    const { w, id, path } = await movedToCold('twice.jpg');
    // Stopped after driveitem-restore answered but before the checkpoint: the original is live, the row says queued.
    graph.store.restore(w.nodeId);
    const row = await requestUndo(w.db, id, Date.now());
    const stopAfterRepublish = moverDeps(w, (r) => {
      if (r.state === 'undo-republished') throw new Error('worker stopped');
    });
    expect((await runMove(stopAfterRepublish, row)).failedAt).toBe('undo-republished');
    // Stopped after Delete Blob answered but before the checkpoint.
    await container.remove(path);
    expect((await runMove(moverDeps(w), (await w.db.tierMoves.get(id))!)).state).toBe('undone');
    await expectUndone(w, path);
  });

  for (const call of ['od.restore', 'portal.publish', 'blob.trash']) {
    it(`fails ${call} once: the undo stops, and the retry finishes it`, { timeout: 60_000 }, async () => {
      const { w, id, path } = await movedToCold(`undo-fail-${call.replace('.', '-')}.jpg`);
      w.faults.set(call, 1);
      const failed = await runMove(moverDeps(w), await requestUndo(w.db, id, Date.now()));
      expect([failed.state, failed.error]).toEqual(['failed', `injected failure of ${call}`]);
      expect(failed.log.at(-1)?.note).toMatch(/^Stopped before (restoring|republishing|deleting)/);
      expect((await blobState(path)).status).toBe(200);
      expect((await runMove(moverDeps(w), failed)).state).toBe('undone');
      await expectUndone(w, path);
    });
  }

  it('the original is no longer in the recycle bin: a clear failure, the move stands, nothing deleted', {
    timeout: 60_000,
  }, async () => {
    const { w, id, path } = await movedToCold('purged.jpg');
    const publishedBefore = w.published.length;
    // Emptied from the OneDrive recycle bin (or expired there): driveitem-restore answers 404.
    graph.store.remove(w.nodeId);
    const end = await runMove(moverDeps(w), await requestUndo(w.db, id, Date.now()));
    expect(end.state).toBe('done');
    expect(end.error).toMatch(/^Could not undo: the original is no longer in the OneDrive recycle bin/);
    expect(end.log.at(-1)?.note).toBe(end.error);
    await expectMovedToCold(w, 'purged.jpg');
    expect(w.published).toHaveLength(publishedBefore);
    expect((await readTieringSettings(w.db)).pins.itemKeys).toEqual([]);
    // The log says why instead of offering the undo again.
    expect((await undoBlockers(w.db, [end])).get(id)).toMatch(/^the original is no longer in the OneDrive/);
    await expect(requestUndo(w.db, id, Date.now())).rejects.toThrow(/no longer in the OneDrive recycle bin/);
    expect((await blobState(path)).status).toBe(200);
  });

  it('an item moved again later cannot be undone from the older entry; the newer one says why it cannot either', {
    timeout: 60_000,
  }, async () => {
    const { w, id } = await movedToCold('again.jpg');
    const [warm] = await enqueueMoves(
      w.db,
      'r2',
      [
        {
          key: w.key,
          from: 'blob',
          to: 'od',
          direction: 'to-warm',
          bytes: photo.length,
          tier: null,
          needsRehydration: false,
        },
      ],
      Date.now() + 1,
    );
    expect((await runMove(moverDeps(w), warm!)).state).toBe('done');
    const rows = await w.db.tierMoves.bulkGet([id, warm!.id]);
    const why = await undoBlockers(w.db, rows as MoveRow[]);
    expect(why.get(id)).toBe('Moved again later: undo the newer move first');
    expect(why.get(warm!.id)).toBe('Azure Blob has no recycle bin to restore the original from');
    await expect(requestUndo(w.db, id, Date.now())).rejects.toThrow('Moved again later');
    expect(graph.store.get(w.nodeId)?.trashed).toBe(true);
  });
});
