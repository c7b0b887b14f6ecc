import { type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import type { Provider } from '@hypomos/shared/providers/provider';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { applyFolderTags } from '../../tags';
import { createGoogleDriveProvider } from '../providers/gdrive';
import { createHttp } from '../providers/http';
import { createOneDriveProvider } from '../providers/onedrive';
import type { ScannerDeps } from './context';
import { syncSource } from './sync';

/**
 * Scanner scenarios against the contract servers, with the real providers and the real scanner over IndexedDB
 * (fake-indexeddb): after each change at the source and a sync, the index must equal a clean full scan of the same
 * server state (a fresh database and a fresh provider). Every sync gets a fresh provider, as a restarted service
 * worker would.
 */
let dbCount = 0;
const clock = { now: () => Date.now(), sleep: async () => {} };

function sourceOf(kind: 'onedrive' | 'gdrive'): SourceRow {
  return {
    id: `${kind}1`,
    kind,
    name: kind,
    config: {},
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: true,
    ignoredFolderNames: [],
  };
}

/** A scanner over its own database; `makeProvider` is called for every sync. */
function scanner(source: SourceRow, makeProvider: () => Provider) {
  const db = new HypomosDb(`scenario-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const deps: ScannerDeps = {
    db,
    providerFor: async () => makeProvider(),
    extractMetadata,
    blurhash: async (thumb) => `bh${thumb.length > 0}`,
    clock,
    concurrency: 2,
    batchSize: 8,
  };
  return {
    db,
    async sync() {
      if (!(await db.sources.get(source.id))) await db.sources.put(source);
      const outcome = await syncSource(deps, source.id, 'run');
      expect(outcome.error).toBeNull();
    },
    /** "Tag from folder names" (the Tags settings' button) over the whole source. */
    tagFolders: () => applyFolderTags(db, source),
    async index() {
      const items = await db.items.orderBy('key').toArray();
      return items.map(({ key, name, folder, etag, make, takenAt, lat, tags, error }) => ({
        key,
        name,
        folder,
        etag,
        make,
        takenAt,
        lat,
        tags: [...tags].sort(),
        error,
      }));
    },
  };
}

/**
 * Syncs `live` and checks its index against a clean full scan of the same server state (folder tags applied to
 * both). `retag`: files came back from the bin, new to the index, so the user's "tag from folder names" runs again.
 */
async function expectSameAsCleanScan(
  live: ReturnType<typeof scanner>,
  clean: () => ReturnType<typeof scanner>,
  retag = false,
) {
  await live.sync();
  if (retag) await live.tagFolders();
  const fresh = clean();
  await fresh.sync();
  await fresh.tagFolders();
  const expected = await fresh.index();
  expect(expected.length).toBeGreaterThan(0);
  expect(await live.index()).toEqual(expected);
  return expected;
}

describe.each(['personal', 'business'] as const)('OneDrive (%s) scenarios', (driveType) => {
  let graph: GraphServer;
  let token = '';
  const source = sourceOf('onedrive');
  const provider = () =>
    createOneDriveProvider({
      http: createHttp({ fetch, getAccessToken: async () => token }),
      apiUrl: `${graph.url}/v1.0`,
      pageSize: 4,
    });
  let live: ReturnType<typeof scanner>;
  const clean = () => scanner(source, provider);

  beforeAll(async () => {
    graph = await startGraphServer({ driveType });
    await seedFromFolder(graph);
    token = graph.authority.issueAccessToken();
    live = scanner(source, provider);
    await live.sync();
    await live.tagFolders();
  }, 120_000);
  afterAll(() => graph.close());

  it('a renamed folder, and a folder moved elsewhere: everything below is re-pathed and re-tagged', async () => {
    const travel = graph.store.findByPath('Pictures/Travel')!;
    graph.store.move(travel.id, { name: 'Trips 2011' });
    const index = await expectSameAsCleanScan(live, clean);
    expect(index.filter((i) => i.folder === 'Pictures/Trips 2011').length).toBe(4);
    expect(index.find((i) => i.name === 'Apple iPhone 4.jpg')?.tags).toEqual(['Trips 2011']);
    // A folder that holds only folders, moved under another one.
    const pictures = graph.store.findByPath('Pictures')!;
    graph.store.move(pictures.id, { parentPath: 'Archive/Old' });
    const moved = await expectSameAsCleanScan(live, clean);
    expect(moved.every((i) => i.folder.startsWith('Archive/Old/Pictures/') || i.folder === 'Videos')).toBe(true);
  }, 120_000);

  it('a file deleted to the bin and restored comes back; a trashed folder takes its files along', async () => {
    const file = graph.store.findByPath('Videos/with-gps.mp4')!;
    graph.store.trash(file.id);
    const without = await expectSameAsCleanScan(live, clean);
    expect(without.some((i) => i.name === 'with-gps.mp4')).toBe(false);
    graph.store.restore(file.id);
    const back = await expectSameAsCleanScan(live, clean, true);
    expect(back.some((i) => i.name === 'with-gps.mp4')).toBe(true);
    const videos = graph.store.findByPath('Videos')!;
    graph.store.trash(videos.id);
    await expectSameAsCleanScan(live, clean);
    graph.store.restore(videos.id);
    await expectSameAsCleanScan(live, clean, true);
  }, 120_000);
});

describe('Google Drive scenarios', () => {
  let drive: DriveServer;
  let token = '';
  const source = sourceOf('gdrive');
  const provider = () =>
    createGoogleDriveProvider({
      http: createHttp({ fetch, getAccessToken: async () => token }),
      apiUrl: drive.url,
      publicUrl: drive.url,
      pageSize: 3,
    });
  let live: ReturnType<typeof scanner>;
  const clean = () => scanner(source, provider);

  beforeAll(async () => {
    drive = await startDriveServer();
    await seedFromFolder(drive);
    token = drive.authority.issueAccessToken();
    live = scanner(source, provider);
  }, 120_000);
  afterAll(() => drive.close());

  it('a list page token Drive stops accepting mid-listing: the listing starts over and completes', async () => {
    // Expire every page token once the listing is under way (after its first files.list page).
    let pages = 0;
    const expiring = () => {
      const p = provider();
      const changes = p.changes.bind(p);
      p.changes = async (cursor) => {
        const page = await changes(cursor);
        if (++pages === 1) drive.expirePageTokens();
        return page;
      };
      return p;
    };
    const first = scanner(source, expiring);
    await first.sync();
    expect(pages).toBeGreaterThan(6);
    live = first;
    await live.tagFolders();
    const fresh = clean();
    await fresh.sync();
    await fresh.tagFolders();
    expect(await live.index()).toEqual(await fresh.index());
  }, 120_000);

  it('a shared drive: its files are indexed under the drive name and follow a move inside it', async () => {
    const team = drive.addSharedDrive('Team');
    const iphone = drive.store.findByPath('Pictures/Travel/Apple iPhone 4.jpg')!;
    drive.store.addFile(
      { path: 'Trip/a.jpg', bytes: iphone.content!, mimeType: 'image/jpeg', facts: iphone.facts },
      team.id,
    );
    const index = await expectSameAsCleanScan(live, clean, true);
    expect(index.find((i) => i.folder === 'Team/Trip')).toMatchObject({ name: 'a.jpg', make: 'Apple' });
    const trip = drive.store.live().find((n) => n.name === 'Trip' && n.parentId === team.id)!;
    drive.store.move(trip.id, { name: 'Trip 2011' });
    const moved = await expectSameAsCleanScan(live, clean);
    expect(moved.find((i) => i.name === 'a.jpg')?.folder).toBe('Team/Trip 2011');
  }, 120_000);

  it('renamed and moved folders, a trashed and restored folder: the index follows', async () => {
    const nature = drive.store.findByPath('Pictures/Nature')!;
    drive.store.move(nature.id, { name: 'Wild' });
    const renamed = await expectSameAsCleanScan(live, clean);
    expect(renamed.filter((i) => i.folder === 'Pictures/Wild').length).toBeGreaterThan(0);
    const cameras = drive.store.findByPath('Pictures/Cameras')!;
    drive.store.move(cameras.id, { parentPath: 'Gear' });
    await expectSameAsCleanScan(live, clean);
    drive.store.trash(nature.id);
    const trashed = await expectSameAsCleanScan(live, clean);
    expect(trashed.some((i) => i.folder.startsWith('Pictures/Wild'))).toBe(false);
    drive.store.restore(nature.id);
    await expectSameAsCleanScan(live, clean, true);
  }, 120_000);
});
