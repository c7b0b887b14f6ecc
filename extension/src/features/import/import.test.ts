import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Azurite, startAzurite } from '@hypomos/dev-services/azurite';
import { DEFAULT_PATTERN } from '@hypomos/shared/import/destination';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import type { IndexItem } from '@hypomos/shared/index/item';
import { ProviderError } from '@hypomos/shared/providers/provider';
import { toGray } from '@hypomos/shared/vision/image';
import { hamming, pHash } from '@hypomos/shared/vision/phash';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { createProvider, type ScannerDeps, syncSource } from '../sources';
import type { ImportDeps, PickedFile } from './deps';
import { hashFile } from './hash-file';
import { prepareImport } from './prepare';
import { cancelImport, ImportRun } from './queue';
import { ImportStore } from './store';
import { uploaderFor } from './uploaders';
import type { ResumableUploader, SendResult, UploadCheckpoint, UploadTarget } from './upload/types';
import { UploadError } from './upload/types';

// Real photos (public domain, immich-app/test-assets) from the shared corpora.
const corpus = resolve(import.meta.dirname, '../../../../../shared/corpora/immich-test-assets');
const PHOTOS = [
  'albums/nature/cyclamen_persicum.jpg',
  'albums/nature/el_torcal_rocks.jpg',
  'albums/nature/prairie_falcon.jpg',
  'albums/nature/silver_fir.jpg',
  'metadata/dates/datetimeoriginal-gps.jpg',
];
const bytesOf = (p: string) => new Uint8Array(readFileSync(resolve(corpus, p)));
const picked = (p: string, name = p.split('/').pop() as string): PickedFile => ({
  file: new File([bytesOf(p)], name, { type: 'image/jpeg', lastModified: Date.UTC(2026, 0, 2) }),
  relPath: `DCIM/${name}`,
});
const hex = (algo: string, b: Uint8Array) => createHash(algo).update(b).digest('hex');

/** A file the browser can no longer read (removed card, revoked permission): slices reject as Chromium's do. */
class UnreadableFile extends File {
  override slice(): Blob {
    const failing = new Blob([]);
    failing.arrayBuffer = () => Promise.reject(new DOMException('The file could not be read', 'NotReadableError'));
    return failing;
  }
}

let dbCount = 0;
function setup(uploader: ResumableUploader | ((s: SourceRow) => Promise<ResumableUploader>), parallel = 3) {
  const db = new HypomosDb(`import-test-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const sleeps: number[] = [];
  let ids = 0;
  const deps: ImportDeps = {
    db,
    store: new ImportStore(db),
    clock: { now: () => 1_780_000_000_000, sleep: async (ms) => void sleeps.push(ms), id: () => `job${ids++}` },
    hashFile,
    extractMetadata,
    uploaderFor: typeof uploader === 'function' ? uploader : async () => uploader,
    parallel,
  };
  return { db, deps, sleeps };
}

const blobSource = (containerUrl: string): SourceRow => ({
  id: 'blob1',
  kind: 'azblob',
  name: 'Photos (Blob)',
  config: { containerUrl },
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
});

/** An in-memory destination that behaves as the interface promises; hooks make it fail on cue. */
class MemoryUploader implements ResumableUploader {
  readonly fragmentSize = 16 * 1024;
  readonly sessions = new Map<string, { target: UploadTarget; bytes: Uint8Array[]; length: number }>();
  readonly stored = new Map<string, Uint8Array>();
  readonly cancelled: string[] = [];
  received = 0;
  sends = 0;
  onSend: (cp: UploadCheckpoint, n: number) => void = () => undefined;
  lie = false;
  /** The connection drops after the fragment arrived: the answer is lost, the bytes are kept. */
  resetAfterStoring: (n: number) => boolean = () => false;
  private n = 0;

  async begin(target: UploadTarget): Promise<UploadCheckpoint> {
    const url = `mem://${this.n++}`;
    this.sessions.set(url, { target, bytes: [], length: 0 });
    return { kind: 'onedrive', sessionUrl: url, offset: 0, size: target.size, name: target.name };
  }
  async resume(cp: UploadCheckpoint) {
    const s = this.sessions.get(cp.sessionUrl as string);
    return s ? { ...cp, offset: s.length } : ('expired' as const);
  }
  async send(cp: UploadCheckpoint, chunk: Blob, signal?: AbortSignal): Promise<SendResult> {
    this.onSend(cp, ++this.sends);
    const bytes = new Uint8Array(await chunk.arrayBuffer());
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const s = this.sessions.get(cp.sessionUrl as string);
    if (!s) throw new UploadError('session_expired', 'not_found', 'no session', 404);
    if (cp.offset !== s.length) throw new ProviderError('bad_response', `expected ${s.length}, got ${cp.offset}`);
    this.received += bytes.length;
    s.bytes.push(bytes);
    s.length += bytes.length;
    if (this.resetAfterStoring(this.sends)) throw new ProviderError('network', 'connection reset');
    if (s.length < cp.size) return { state: 'partial', checkpoint: { ...cp, offset: s.length } };
    const all = new Uint8Array(await new Blob(s.bytes as BlobPart[]).arrayBuffer());
    const path = `${s.target.folderPath}/${s.target.name}`;
    this.stored.set(path, all);
    this.sessions.delete(cp.sessionUrl as string);
    const sha1 = this.lie ? hex('sha1', new Uint8Array([1])) : hex('sha1', all);
    return {
      state: 'done',
      remote: { providerId: `id-${path}`, path, name: s.target.name, size: all.length, hashes: { sha1 } },
    };
  }
  async cancel(cp: UploadCheckpoint) {
    this.cancelled.push(cp.sessionUrl as string);
    this.sessions.delete(cp.sessionUrl as string);
  }
}

const memorySource: SourceRow = { ...blobSource(''), id: 'mem', kind: 'onedrive', name: 'OneDrive' };

describe('import engine with an in-memory destination', () => {
  it('plans new, duplicate, repeated, unwanted, empty and unreadable files before sending anything', async () => {
    const up = new MemoryUploader();
    const { db, deps } = setup(up);
    await db.sources.put(memorySource);
    const falcon = bytesOf('albums/nature/prairie_falcon.jpg');
    const fir = bytesOf('albums/nature/silver_fir.jpg');
    // The falcon is already in another cloud (its MD5, as Drive reports it); the fir was deleted as unwanted.
    await db.items.put({
      key: 'gd1:f',
      sourceId: 'gd1',
      folder: 'Birds',
      name: 'falcon.jpg',
      contentHashes: { md5: hex('md5', falcon) },
      sha256: null,
      unwanted: false,
    } as never);
    await db.sources.put({ ...memorySource, id: 'gd1', kind: 'gdrive', name: 'My Drive' });
    await db.tombstones.put({ id: 't1', sha256: hex('sha256', fir), phash: null, deletedAt: 0 });
    const files = [
      picked('albums/nature/cyclamen_persicum.jpg'),
      picked('albums/nature/prairie_falcon.jpg'),
      picked('albums/nature/silver_fir.jpg'),
      picked('albums/nature/cyclamen_persicum.jpg', 'copy of cyclamen.jpg'),
      { file: new File([], 'empty.jpg', { type: 'image/jpeg' }), relPath: 'empty.jpg' },
      { file: new UnreadableFile([new Uint8Array(10)], 'gone.jpg', { type: 'image/jpeg' }), relPath: 'gone.jpg' },
    ];
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'DCIM',
      dirHandle: null,
    });
    const rows = await deps.store.files(job.jobId);
    expect(rows.map((r) => [r.name, r.planKind, r.state])).toEqual([
      ['cyclamen_persicum.jpg', 'new', 'queued'],
      ['prairie_falcon.jpg', 'duplicate', 'skipped'],
      ['silver_fir.jpg', 'unwanted', 'skipped'],
      ['copy of cyclamen.jpg', 'repeat', 'skipped'],
      ['empty.jpg', 'empty', 'failed'],
      ['gone.jpg', 'unreadable', 'failed'],
    ]);
    expect(rows[1]?.planNote).toBe('Already in your library (My Drive: Birds/falcon.jpg)');
    expect(rows[5]?.error).toMatch(/could not be read/);
    expect(up.sends).toBe(0);

    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('finished');
    expect([...up.stored.keys()]).toEqual([
      expect.stringMatching(/^Pictures\/\d{4}\/\d{4}-\d\d-\d\d\/cyclamen_persicum\.jpg$/),
    ]);
  });

  it('keeps a row for every picked file past the first batch of rows written', async () => {
    const { db, deps } = setup(new MemoryUploader());
    await db.sources.put(memorySource);
    const head = bytesOf('metadata/dates/datetimeoriginal-gps.jpg');
    // Distinct tails, so no file is planned as picked twice; 250 files span three batches of 100 rows.
    const files = Array.from({ length: 250 }, (_, i): PickedFile => {
      const file = new File([head, `#${i}`], `IMG_${i}.JPG`, { type: 'image/jpeg', lastModified: 0 });
      return { file, relPath: `DCIM/IMG_${i}.JPG` };
    });
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    const rows = await deps.store.files(job.jobId);
    expect(rows.map((r) => r.seq)).toEqual(files.map((_, i) => i));
    expect(rows.every((r) => r.state === 'queued')).toBe(true);
  });

  it('gives each imported photo the perceptual hash of its thumbnail, close to the one vision takes of the photo', async () => {
    const up = new MemoryUploader();
    const { db, deps } = setup(up);
    await db.sources.put(memorySource);
    const gray = async (bytes: Uint8Array) => {
      const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return toGray({ width: info.width, height: info.height, data: new Uint8ClampedArray(data) });
    };
    deps.smallThumbnail = async (file) =>
      new Uint8Array(
        await sharp(new Uint8Array(await file.arrayBuffer()))
          .resize(320, 320, { fit: 'inside' })
          .jpeg()
          .toBuffer(),
      );
    deps.perceptualHash = async (thumb) => pHash(await gray(thumb));
    const files = PHOTOS.slice(0, 3).map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('finished');
    const rows = await deps.store.files(job.jobId);
    const hashes = await Promise.all(rows.map(async (r) => (await db.items.get(r.itemKey as never))?.phash));
    for (const [i, phash] of hashes.entries()) {
      expect(phash).toMatch(/^[0-9a-f]{16}$/);
      // Vision hashes a larger decode of the same photo; a near-duplicate search finds within a few bits.
      expect(hamming(phash as string, pHash(await gray(bytesOf(PHOTOS[i] as string))))).toBeLessThanOrEqual(4);
    }
    expect(new Set(hashes).size).toBe(3);
  });

  it('resumes after a stop mid-file at the next missing fragment, re-sending nothing already acknowledged', async () => {
    const up = new MemoryUploader();
    const { db, deps } = setup(up, 2);
    await db.sources.put(memorySource);
    const files = PHOTOS.map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'DCIM',
      dirHandle: null,
    });
    const fileOf = async (r: { seq: number }) => files[r.seq]?.file ?? null;
    const first = new ImportRun(deps, job.jobId, fileOf);
    up.onSend = (_cp, n) => n === 9 && first.pause();
    expect(await first.run()).toBe('paused');
    const rows = await deps.store.files(job.jobId);
    expect(rows.filter((r) => r.state === 'sending' && r.checkpoint).length).toBeGreaterThan(0);
    expect(up.received).toBeLessThan(files.reduce((s, f) => s + f.file.size, 0));
    expect((await deps.store.job(job.jobId))?.state).toBe('paused');

    // A reload: a new store and run over the same database; nothing kept in memory.
    up.onSend = () => undefined;
    const second = new ImportRun({ ...deps, store: new ImportStore(db) }, job.jobId, fileOf);
    expect(await second.run()).toBe('finished');
    const total = files.reduce((s, f) => s + f.file.size, 0);
    expect(up.received).toBe(total);
    const done = await deps.store.files(job.jobId);
    expect(done.every((r) => r.state === 'done')).toBe(true);
    expect(done.reduce((s, r) => s + r.bytesResent, 0)).toBe(0);
    for (const [i, r] of done.entries()) {
      expect(hex('sha256', up.stored.get(`${r.folder}/${r.targetName}`) as Uint8Array)).toBe(
        hex('sha256', bytesOf(PHOTOS[i] as string)),
      );
      const item = await db.items.get(r.itemKey as never);
      expect(item?.sha256).toBe(r.hashes?.sha256);
    }
  });

  it('marks a file whose destination hash differs as failed and never indexes it', async () => {
    const up = new MemoryUploader();
    up.lie = true;
    const { db, deps } = setup(up);
    await db.sources.put(memorySource);
    const files = [picked(PHOTOS[0] as string)];
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    await new ImportRun(deps, job.jobId, async () => files[0]?.file ?? null).run();
    const [row] = await deps.store.files(job.jobId);
    expect(row?.state).toBe('failed');
    expect(row?.error).toMatch(/Not imported: the destination's sha1 differs/);
    expect(await db.items.count()).toBe(0);
  });

  it('waits as long as Retry-After says, and stops the job with a message when the destination is full', async () => {
    const up = new MemoryUploader();
    const { db, deps, sleeps } = setup(up, 1);
    await db.sources.put(memorySource);
    const files = PHOTOS.slice(0, 3).map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    const sizes = files.map((f) => Math.ceil(f.file.size / up.fragmentSize));
    up.onSend = (_cp, n) => {
      if (n === 2) throw new ProviderError('throttled', '429', 2500, 429);
      // The second file's first fragment meets a full drive (after one throttled retry of the first file).
      if (n === (sizes[0] as number) + 2)
        throw new UploadError('quota_full', 'forbidden', 'insufficient storage (507)', 507);
    };
    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('stopped');
    expect(sleeps).toEqual([2500]);
    const stopped = await deps.store.job(job.jobId);
    expect(stopped?.error).toMatch(/The destination is full.*Files sent so far are kept/);
    const rows = await deps.store.files(job.jobId);
    expect(rows.map((r) => r.state)).toEqual(['done', 'sending', 'queued']);
    expect(await db.items.count()).toBe(1);
  });

  it('after a connection reset mid-file, asks the destination where to go on and re-sends nothing it kept', async () => {
    const up = new MemoryUploader();
    const { db, deps, sleeps } = setup(up, 2);
    await db.sources.put(memorySource);
    const files = PHOTOS.slice(0, 3).map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    up.resetAfterStoring = (n) => n % 3 === 0;
    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('finished');
    const rows = await deps.store.files(job.jobId);
    expect(rows.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect(up.received).toBe(files.reduce((s, f) => s + f.file.size, 0));
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.every((ms) => ms === 1000)).toBe(true);
  });

  it('fails one file on a refused name and sends the rest; cancel deletes the unfinished session', async () => {
    const up = new MemoryUploader();
    const { db, deps } = setup(up, 1);
    await db.sources.put(memorySource);
    const files = PHOTOS.slice(0, 3).map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: 'mem',
      pattern: DEFAULT_PATTERN,
      label: 'x',
      dirHandle: null,
    });
    const run = new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null);
    up.onSend = (cp, _n) => {
      if (cp.name === 'cyclamen_persicum.jpg')
        throw new UploadError('name_refused', 'bad_response', 'invalidRequest: name', 400);
      if (cp.name === 'prairie_falcon.jpg' && cp.offset > 0) run.cancel();
    };
    expect(await run.run()).toBe('cancelled');
    const rows = await deps.store.files(job.jobId);
    expect(rows[0]).toMatchObject({ state: 'failed', error: expect.stringMatching(/refused the name/) });
    expect(rows.slice(1).map((r) => r.state)).toEqual(['done', 'cancelled']);
    expect(up.cancelled).toHaveLength(2);
    expect(up.sessions.size).toBe(0);
    expect((await deps.store.job(job.jobId))?.state).toBe('cancelled');
    await cancelImport(deps, job.jobId);
  });
});

describe('import engine into Azure Blob (azurite)', { timeout: 30_000 }, () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(() => azurite?.close());

  it('imports real photos 3 at a time, files them by capture date, and indexes them with the etag, hashes and size a listing of the container reports', async () => {
    const container = await azurite.createContainer('import-engine');
    const source = blobSource(container.url);
    const secrets = { accountKey: azurite.accountKey };
    const { db, deps } = setup((s) => uploaderFor(s, { fetch, getAzureSecrets: async () => secrets }));
    await db.sources.put(source);
    const files = PHOTOS.map((p) => picked(p));
    // A name OneDrive would refuse gets a safe one, whatever the destination.
    files.push(picked('metadata/gps-position/thompson-springs.jpg', 'IMG:0001?.jpg'));
    const job = await prepareImport(deps, files, {
      sourceId: source.id,
      pattern: DEFAULT_PATTERN,
      label: 'DCIM',
      dirHandle: null,
    });
    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('finished');
    const rows = await deps.store.files(job.jobId);
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(files.length);
    expect(rows.at(-1)?.targetName).toBe('IMG_0001_.jpg');

    const provider = await createProvider(source, { fetch, getAzureSecrets: async () => secrets });
    const listed = (await provider.changes(null)).upserts;
    expect(listed).toHaveLength(files.length);
    const dated = rows.find((r) => r.name === 'datetimeoriginal-gps.jpg');
    const item = await db.items.get(dated?.itemKey as never);
    const blob = listed.find((l) => l.id === item?.providerItemId);
    expect(item).toMatchObject({
      sourceId: source.id,
      folder: dated?.folder,
      etag: blob?.etag,
      contentHashes: blob?.hashes,
      bytes: blob?.bytes,
    });
    // The folder comes from the photo's own capture time, which the index keeps too.
    const day = new Date(item?.takenAt as number).toISOString().slice(0, 10);
    expect(item?.folder).toBe(`Pictures/${day.slice(0, 4)}/${day}`);
    expect(item?.lat).not.toBeNull();

    // A second import of the same folder sends nothing: every photo is now in the library.
    const again = await prepareImport(deps, files, {
      sourceId: source.id,
      pattern: DEFAULT_PATTERN,
      label: 'DCIM',
      dirHandle: null,
    });
    const plan = await deps.store.files(again.jobId);
    expect(plan.map((r) => r.planKind)).toEqual(files.map(() => 'duplicate'));
    expect(plan[0]?.planNote).toMatch(/^Already in your library \(Photos \(Blob\): Pictures\//);
  });

  it('leaves the index as a fresh scan of the destination builds it, and the next sync of the source reads nothing', async () => {
    const container = await azurite.createContainer('import-vs-scan');
    const source = blobSource(container.url);
    const secrets = { accountKey: azurite.accountKey };
    const providerDeps = { fetch, getAzureSecrets: async () => secrets };
    const { db, deps } = setup((s) => uploaderFor(s, providerDeps));
    await db.sources.put(source);
    const files = PHOTOS.map((p) => picked(p));
    const job = await prepareImport(deps, files, {
      sourceId: source.id,
      pattern: DEFAULT_PATTERN,
      label: 'DCIM',
      dirHandle: null,
    });
    expect(await new ImportRun(deps, job.jobId, async (r) => files[r.seq]?.file ?? null).run()).toBe('finished');

    const scannerOf = (d: HypomosDb): ScannerDeps => ({
      db: d,
      providerFor: (s) => createProvider(s, providerDeps),
      extractMetadata,
      blurhash: async () => null,
      clock: { now: () => 1_780_000_000_000, sleep: async () => undefined },
    });
    const fresh = new HypomosDb(`import-test-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    await fresh.sources.put(source);
    expect((await syncSource(scannerOf(fresh), source.id, 'run')).ok).toBe(true);
    // What only the scan can know differs: how many bytes it read, and the whole-file SHA-256 only the import
    // hashed (a scan reads the head). Everything else must be the same.
    const comparable = ({ bytesRead: _, sha256: __, ...rest }: IndexItem) => rest;
    const imported = (await db.items.orderBy('key').toArray()).map(comparable);
    const scanned = (await fresh.items.orderBy('key').toArray()).map(comparable);
    expect(imported).toHaveLength(files.length);
    expect(imported).toEqual(scanned);

    // The importing library's own next sync finds every item unchanged and reads none of them again.
    const before = await db.items.toArray();
    expect((await syncSource(scannerOf(db), source.id, 'run')).ok).toBe(true);
    expect(await db.items.toArray()).toEqual(before);
  });
});
