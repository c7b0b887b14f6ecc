import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { itemKey } from '@hypomos/shared/index/item';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import { ProviderError } from '@hypomos/shared/providers/provider';
import { providerItem } from '@hypomos/shared/scan/factories';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { DEFAULT_IGNORED_FOLDER_NAMES, folderNameTags } from '../../tags';
import type { ScannerDeps } from './context';
import { MemoryProvider } from './memory-provider';
import { syncSource, unfinishedSources } from './sync';

// Real photos (public domain, immich-app/test-assets) from the shared corpora.
const corpus = resolve(import.meta.dirname, '../../../../../../shared/corpora/immich-test-assets');
const photos = [
  'albums/nature/cyclamen_persicum.jpg',
  'albums/nature/el_torcal_rocks.jpg',
  'albums/nature/prairie_falcon.jpg',
  'albums/nature/silver_fir.jpg',
  'metadata/gps-position/thompson-springs.jpg',
  'metadata/dates/datetimeoriginal-gps.jpg',
  'metadata/faces/portrait-orientation-6.jpg',
];
const bytesOf = (p: string) => new Uint8Array(readFileSync(resolve(corpus, p)));

const source: SourceRow = {
  id: 'od1',
  kind: 'onedrive',
  name: 'OneDrive',
  config: {},
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
};
let dbCount = 0;

function setup(opts: { pageSize?: number } = {}) {
  const factory = new IDBFactory();
  const name = `scanner-test-${dbCount++}`;
  const db = new HypomosDb(name, { indexedDB: factory, IDBKeyRange });
  const provider = new MemoryProvider();
  provider.pageSize = opts.pageSize ?? 3;
  const sleeps: number[] = [];
  const t = 1_700_000_000_000;
  const deps: ScannerDeps = {
    db,
    providerFor: async () => provider,
    extractMetadata,
    blurhash: async (thumb) => `bh${thumb.length}`,
    clock: { now: () => t, sleep: async (ms) => void sleeps.push(ms) },
    concurrency: 3,
    batchSize: 4,
  };
  for (const [i, p] of photos.entries()) {
    const item = providerItem({
      id: `p${i}`,
      name: p.split('/').pop()!,
      folder: p.split('/').slice(0, -1).join('/'),
      bytes: bytesOf(p).length,
    });
    provider.put(item, bytesOf(p), new Uint8Array(10 + i));
  }
  provider.put(providerItem({ id: 'doc', name: 'notes.pdf', mimeType: 'application/pdf' }), new Uint8Array(5));
  /** A new "service worker": a fresh connection to the same database, nothing kept in memory. */
  const restart = () => {
    const fresh = new HypomosDb(name, { indexedDB: factory, IDBKeyRange });
    return { ...deps, db: fresh };
  };
  return { db, provider, deps, sleeps, restart };
}

/** The index as comparable data: key → the fields a listing and a read determine. */
async function snapshot(db: HypomosDb) {
  const items = await db.items.orderBy('key').toArray();
  return items.map(({ key, name, folder, etag, make, lat, blurhash, bytesRead }) => ({
    key,
    name,
    folder,
    etag,
    make,
    lat,
    blurhash,
    bytesRead,
  }));
}

/** The index a first full scan of the provider's current state gives, in a fresh database. */
async function cleanScanOf(provider: MemoryProvider) {
  const clean = setup();
  await clean.db.sources.put(source);
  const deps = { ...clean.deps, providerFor: async () => provider };
  expect((await syncSource(deps, 'od1', 'run')).ok).toBe(true);
  return snapshot(clean.db);
}

describe('scanner', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(async () => {
    env = setup();
    await env.db.sources.put(source);
  });

  it('fully scans, reading only the head of each photo, and skips other files', async () => {
    expect(await syncSource(env.deps, 'od1', 'run')).toEqual({ sourceId: 'od1', ok: true, error: null });
    const items = await env.db.items.toArray();
    expect(items.map((i) => i.providerItemId).sort()).toEqual(photos.map((_, i) => `p${i}`));
    // Each file is read once at most, and most only as far as the 64 KiB head.
    expect(items.every((i) => i.bytesRead > 0 && i.bytesRead <= Math.max(64 * 1024, i.bytes ?? 0))).toBe(true);
    expect(items.filter((i) => i.bytesRead <= 64 * 1024).length).toBeGreaterThanOrEqual(photos.length - 1);
    expect(items.find((i) => i.providerItemId === 'p4')).toMatchObject({ hasGps: 1, blurhash: 'bh14' });
    const state = await env.db.syncState.get('od1');
    expect(state).toMatchObject({ phase: 'idle', seen: photos.length, indexed: photos.length, failedCount: 0 });
    expect(state?.deltaCursor).toMatch(/^delta:/);
    expect(await env.db.pending.count()).toBe(0);
  });

  it('after adds, changes, moves and deletions at the source the index matches the listing, and unchanged files are not read again', async () => {
    await syncSource(env.deps, 'od1', 'run');
    const p = env.provider;
    p.delete('p1');
    p.put(
      providerItem({
        id: 'p2',
        name: 'prairie_falcon.jpg',
        folder: 'albums/nature',
        etag: '"p2-2"',
        bytes: bytesOf(photos[2]!).length,
      }),
      bytesOf(photos[2]!),
    );
    p.put(
      providerItem({ id: 'p3', name: 'fir.jpg', folder: 'Moved', bytes: bytesOf(photos[3]!).length }),
      bytesOf(photos[3]!),
    );
    p.put(providerItem({ id: 'new', name: 'new.jpg', bytes: bytesOf(photos[0]!).length }), bytesOf(photos[0]!));
    p.calls.length = 0;
    await syncSource(env.deps, 'od1', 'run');
    const read = new Set(p.calls.filter((c) => c.op === 'readRange').map((c) => c.id));
    expect([...read].sort()).toEqual(['new', 'p2']);
    const keys = (await env.db.items.orderBy('key').primaryKeys()).sort();
    const expected = p
      .listing()
      .filter((i) => i.name.endsWith('.jpg'))
      .map((i) => `od1:${i.id}`)
      .sort();
    expect(keys).toEqual(expected);
    expect(await env.db.items.get(itemKey('od1', 'p3'))).toMatchObject({ name: 'fir.jpg', folder: 'Moved' });
    expect((await env.db.items.get(itemKey('od1', 'p2')))?.etag).toBe('"p2-2"');
    expect((await env.db.removals.toArray()).flatMap((r) => r.keys)).toEqual(['od1:p1']);
  });

  it('a folder renamed or moved at the source re-paths everything below it (folder tags follow), no reads', async () => {
    await env.db.sources.put({ ...source, autoTagFolders: true });
    await syncSource(env.deps, 'od1', 'run');
    await env.db.items.toCollection().modify((i) => {
      i.tags = [...folderNameTags(i.folder, DEFAULT_IGNORED_FOLDER_NAMES), 'mine'];
    });
    const p = env.provider;
    p.moveFolder('albums/nature', 'trips/Nature 2020');
    // 'metadata' holds only folders: its files are two levels down.
    p.moveFolder('metadata', 'archive/meta');
    p.calls.length = 0;
    expect((await syncSource(env.deps, 'od1', 'run')).ok).toBe(true);
    expect(p.calls.filter((c) => c.op === 'readRange')).toEqual([]);
    expect(await env.db.items.get(itemKey('od1', 'p0'))).toMatchObject({
      folder: 'trips/Nature 2020',
      tags: ['mine', 'trips', 'Nature 2020'],
    });
    expect((await env.db.items.get(itemKey('od1', 'p4')))?.folder).toBe('archive/meta/gps-position');
    expect(await snapshot(env.db)).toEqual(await cleanScanOf(p));
  });

  it('a deleted folder takes everything below it out of the index', async () => {
    await syncSource(env.deps, 'od1', 'run');
    env.provider.deleteFolder('albums');
    expect((await syncSource(env.deps, 'od1', 'run')).ok).toBe(true);
    expect((await env.db.removals.toArray()).flatMap((r) => r.keys).sort()).toEqual([
      'od1:p0',
      'od1:p1',
      'od1:p2',
      'od1:p3',
    ]);
    expect(await snapshot(env.db)).toEqual(await cleanScanOf(env.provider));
  });

  it('a worker stopped mid-listing and mid-read resumes to the same index as an uninterrupted scan', async () => {
    const clean = setup();
    await clean.db.sources.put(source);
    await syncSource(clean.deps, 'od1', 'run');

    // A stopped worker: its database connection is gone mid-call, nothing after that commits.
    const p = env.provider;
    const stopWorkerOn = <K extends 'changes' | 'readRange'>(op: K, nth: number, db: HypomosDb) => {
      const original = p[op].bind(p) as (...args: unknown[]) => Promise<unknown>;
      let calls = 0;
      (p as unknown as Record<K, unknown>)[op] = async (...args: unknown[]) => {
        if (++calls === nth) {
          db.close();
          (p as unknown as Record<K, unknown>)[op] = original;
          throw new Error('worker stopped');
        }
        return original(...args);
      };
    };
    stopWorkerOn('changes', 2, env.db);
    await expect(syncSource(env.deps, 'od1', 'run')).rejects.toThrow();
    const second = env.restart();
    expect(await unfinishedSources(second)).toEqual(['od1']);
    expect(await second.db.pending.count()).toBe(2); // page 1: doc (not media), p0, p1
    stopWorkerOn('readRange', 5, second.db);
    await expect(syncSource(second, 'od1', 'resume')).rejects.toThrow();
    const third = env.restart();
    expect(await unfinishedSources(third)).toEqual(['od1']);
    expect((await syncSource(third, 'od1', 'resume')).ok).toBe(true);
    expect(await unfinishedSources(third)).toEqual([]);
    expect(await snapshot(third.db)).toEqual(await snapshot(clean.db));
    expect(await third.db.items.count()).toBe(photos.length);
    expect((await third.db.syncState.get('od1'))?.indexed).toBe(photos.length);
  });

  it('honours a fractional Retry-After on listing and on Range reads', async () => {
    env.provider.failNext('changes', new ProviderError('throttled', '429', 1500, 429));
    env.provider.failNext('readRange', new ProviderError('throttled', '503', 250, 503));
    expect((await syncSource(env.deps, 'od1', 'run')).ok).toBe(true);
    expect(env.sleeps).toEqual([1500, 250]);
    expect(await env.db.items.count()).toBe(photos.length);
  });

  it('a 410 on the delta checkpoint rescans and drops what the rescan did not see', async () => {
    await syncSource(env.deps, 'od1', 'run');
    env.provider.delete('p5');
    env.provider.delete('p6');
    env.provider.forgetHistory();
    env.provider.calls.length = 0;
    expect((await syncSource(env.deps, 'od1', 'run')).ok).toBe(true);
    expect(env.provider.calls.filter((c) => c.op === 'readRange')).toEqual([]);
    expect((await env.db.items.orderBy('key').primaryKeys()).sort()).toEqual([
      'od1:p0',
      'od1:p1',
      'od1:p2',
      'od1:p3',
      'od1:p4',
    ]);
    expect((await env.db.removals.toArray()).flatMap((r) => r.keys).sort()).toEqual(['od1:p5', 'od1:p6']);
    expect(await env.db.scanSeen.count()).toBe(0);
  });

  it('records an item whose reads keep failing, goes on with the rest, and retries it at the next sync', async () => {
    for (let i = 0; i < 4; i++)
      env.provider.failNext('readRange', new ProviderError('network', 'connection reset'), 'p3');
    expect((await syncSource(env.deps, 'od1', 'run')).ok).toBe(true);
    expect(await env.db.items.count()).toBe(photos.length - 1);
    const [failed] = await env.db.failed.toArray();
    expect(failed).toMatchObject({ reason: 'connection reset', transient: true });
    await syncSource(env.deps, 'od1', 'run');
    expect(await env.db.items.count()).toBe(photos.length);
    expect(await env.db.failed.count()).toBe(0);
  });

  it('records a file it cannot parse and does not read it again until it changes', async () => {
    env.provider.put(providerItem({ id: 'bad', name: 'bad.jpg', bytes: 4 }), new Uint8Array([1, 2, 3, 4]));
    await syncSource(env.deps, 'od1', 'run');
    const failed = await env.db.failed.get('od1:bad');
    expect(failed).toMatchObject({ etag: '"bad-1"', transient: false });
    expect(failed?.reason).toMatch(/\w/);
    expect((await env.db.items.get(itemKey('od1', 'bad')))?.error).toBe(failed?.reason);
    env.provider.forgetHistory();
    env.provider.calls.length = 0;
    await syncSource(env.deps, 'od1', 'run');
    expect(env.provider.calls.filter((c) => c.op === 'readRange')).toEqual([]);
    env.provider.put(
      providerItem({ id: 'bad', name: 'bad.jpg', etag: '"bad-2"', bytes: bytesOf(photos[0]!).length }),
      bytesOf(photos[0]!),
    );
    await syncSource(env.deps, 'od1', 'run');
    expect(await env.db.failed.get('od1:bad')).toBeUndefined();
    expect((await env.db.items.get(itemKey('od1', 'bad')))?.error).toBeNull();
  });

  it('stops on 401 after the provider could not refresh, keeping the queue for later', async () => {
    env.provider.failNext('readRange', new ProviderError('unauthorized', 'invalid_grant', null, 401));
    const outcome = await syncSource(env.deps, 'od1', 'run');
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/connect this source again/);
    expect(await env.db.pending.count()).toBeGreaterThan(0);
    expect((await syncSource(env.deps, 'od1', 'resume')).ok).toBe(true);
    expect(await env.db.items.count()).toBe(photos.length);
  });
});
