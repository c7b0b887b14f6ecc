import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { verifyRemote } from '@hypomos/shared/import/dedup-keys';
import { quickXorHash } from '@hypomos/shared/import/quick-xor-hash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../sources';
import { createGoogleDriveUploader, GDRIVE_CHUNK } from './gdrive';
import { type ResumableUploader, type UploadCheckpoint, UploadError } from './types';

let drive: DriveServer;
let uploader: ResumableUploader;
/** Body bytes each PUT carried, to count what a resume sends twice. */
let putBytes = 0;
/** When set, the next PUT with a body sends half of it and then breaks the connection. */
let resetNextPut = false;

const countingFetch: typeof fetch = async (input, init) => {
  if (init?.method === 'PUT' && init.body) {
    const body = new Uint8Array(await (init.body as Blob).arrayBuffer());
    putBytes += body.length;
    if (resetNextPut) {
      resetNextPut = false;
      await halfThenReset(String(input), new Headers(init.headers), body);
      throw new TypeError('fetch failed: socket hang up');
    }
    return fetch(input, { ...init, body });
  }
  return fetch(input, init);
};

/** A PUT whose connection dies after half the body, as a dropped Wi-Fi does. */
function halfThenReset(url: string, headers: Headers, body: Uint8Array) {
  return new Promise<void>((resolve) => {
    const req = httpRequest(url, {
      method: 'PUT',
      headers: { ...Object.fromEntries(headers), 'content-length': String(body.length) },
    });
    req.on('error', () => resolve());
    req.write(body.subarray(0, body.length >> 1), () => {
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
  });
}

beforeAll(async () => {
  drive = await startDriveServer();
  const token = drive.authority.issueAccessToken();
  uploader = createGoogleDriveUploader({
    http: createHttp({ fetch: countingFetch, getAccessToken: async () => token }),
    apiUrl: drive.url,
  });
});
afterAll(() => drive.close());

const FOLDER = 'Pictures/2026/2026-12-03';
const bytesOf = (size: number, seed: number) => {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};
const target = (name: string, size: number) => ({
  sourceId: 's1',
  folderPath: FOLDER,
  name,
  size,
  mimeType: 'image/jpeg',
});
const digest = (algo: string, bytes: Uint8Array) => createHash(algo).update(bytes).digest('hex');
const localHashes = (bytes: Uint8Array) => ({
  sha1: digest('sha1', bytes),
  md5: digest('md5', bytes),
  sha256: digest('sha256', bytes),
  quickXor: quickXorHash(bytes),
});
/** Files of that name in the target folder, by content digest (compared by digest: toEqual on MiBs is slow). */
const storedAs = (name: string) =>
  drive.store
    .live()
    .filter((n) => n.name === name && drive.store.folderPath(n) === FOLDER)
    .map((n) => n.sha256);

async function sendAll(cp: UploadCheckpoint, file: Blob) {
  for (;;) {
    const r = await uploader.send(cp, file.slice(cp.offset, cp.offset + uploader.fragmentSize));
    if (r.state === 'done') return r.remote;
    cp = r.checkpoint;
  }
}

describe('Google Drive uploader against the Drive contract server', () => {
  it('uploads in 256 KiB-multiple chunks into folders it creates; the checksums verify the local bytes', async () => {
    const bytes = bytesOf(GDRIVE_CHUNK * 2 + 12345, 1);
    const remote = await sendAll(await uploader.begin(target('a.jpg', bytes.length)), new Blob([bytes]));
    expect(remote).toMatchObject({ name: 'a.jpg', size: bytes.length, path: `${FOLDER}/a.jpg` });
    expect(verifyRemote(remote.hashes, localHashes(bytes))).toEqual({ ok: true, by: ['md5', 'sha256'] });
    expect(verifyRemote(remote.hashes, localHashes(bytesOf(bytes.length, 2)))).toMatchObject({ ok: false });
    expect(storedAs('a.jpg')).toEqual([digest('sha256', bytes)]);
  });

  it('parallel uploads into a new folder create it once', async () => {
    const folder = 'Pictures/2026/2026-12-04';
    const files = ['p.jpg', 'q.jpg', 'r.jpg'].map((name, i) => ({ name, bytes: bytesOf(10 + i, i) }));
    await Promise.all(
      files.map(async (f) =>
        sendAll(await uploader.begin({ ...target(f.name, f.bytes.length), folderPath: folder }), new Blob([f.bytes])),
      ),
    );
    expect(drive.store.live().filter((n) => n.folder && n.name === '2026-12-04')).toHaveLength(1);
  });

  it('resumes after a stop mid-file and sends at most one chunk twice', async () => {
    const bytes = bytesOf(GDRIVE_CHUNK * 3 + 7, 3);
    const file = new Blob([bytes]);
    const saved = await uploader.begin(target('b.jpg', bytes.length));
    putBytes = 0;
    // The first chunk's checkpoint is saved; the second lands but the worker stops before saving its checkpoint.
    const first = await uploader.send(saved, file.slice(0, GDRIVE_CHUNK));
    if (first.state !== 'partial') throw new Error('expected partial');
    await uploader.send(first.checkpoint, file.slice(GDRIVE_CHUNK, 2 * GDRIVE_CHUNK));
    // The next chunk's connection breaks halfway.
    const resumed = await uploader.resume(first.checkpoint);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(2 * GDRIVE_CHUNK);
    resetNextPut = true;
    await expect(
      uploader.send(resumed, file.slice(resumed.offset, resumed.offset + GDRIVE_CHUNK)),
    ).rejects.toMatchObject({
      kind: 'network',
    });
    const again = await uploader.resume(resumed);
    if (again === 'expired') throw new Error('expected a live session');
    expect(again.offset).toBe(2 * GDRIVE_CHUNK);
    expect((await sendAll(again, file)).size).toBe(bytes.length);
    expect(putBytes - bytes.length).toBeLessThanOrEqual(GDRIVE_CHUNK);
    expect(storedAs('b.jpg')).toEqual([digest('sha256', bytes)]);
  });

  it('a last chunk whose answer was lost resumes as complete and returns the file', async () => {
    const bytes = bytesOf(100, 4);
    const cp = await uploader.begin(target('c.jpg', bytes.length));
    await uploader.send(cp, new Blob([bytes]));
    const resumed = await uploader.resume(cp);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(bytes.length);
    const result = await uploader.send(resumed, new Blob([]));
    expect(result).toMatchObject({ state: 'done', remote: { name: 'c.jpg', size: 100 } });
    expect(storedAs('c.jpg')).toHaveLength(1);
  });

  it('a name already taken makes a second file; the first is never overwritten', async () => {
    const [first, second] = [bytesOf(50, 5), bytesOf(60, 6)];
    await sendAll(await uploader.begin(target('h.jpg', first.length)), new Blob([first]));
    await sendAll(await uploader.begin(target('h.jpg', second.length)), new Blob([second]));
    expect(storedAs('h.jpg').sort()).toEqual([digest('sha256', first), digest('sha256', second)].sort());
  });

  it('a full drive stops with quota_full: at begin when the size cannot fit, at the last chunk otherwise', async () => {
    const bytes = bytesOf(GDRIVE_CHUNK + 10, 7);
    const file = new Blob([bytes]);
    const first = await uploader.send(await uploader.begin(target('e.jpg', bytes.length)), file.slice(0, GDRIVE_CHUNK));
    if (first.state !== 'partial') throw new Error('expected partial');
    drive.setQuotaBytes(1);
    try {
      const atBegin = await uploader.begin(target('f.jpg', 1000)).catch((e: unknown) => e);
      expect(atBegin).toBeInstanceOf(UploadError);
      expect(atBegin).toMatchObject({ code: 'quota_full', status: 403 });
      const atEnd = await uploader.send(first.checkpoint, file.slice(GDRIVE_CHUNK)).catch((e: unknown) => e);
      expect(atEnd).toMatchObject({ code: 'quota_full', status: 403 });
    } finally {
      drive.setQuotaBytes(null);
    }
    // What was sent before is kept: the session goes on from the last chunk.
    const resumed = await uploader.resume(first.checkpoint);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(GDRIVE_CHUNK);
    expect((await sendAll(resumed, file)).size).toBe(bytes.length);
  });

  it('an expired session resumes as "expired", a send to it is session_expired, and begin starts the file over', async () => {
    const bytes = bytesOf(10, 8);
    const cp = await uploader.begin(target('d.jpg', bytes.length));
    drive.uploads.expireAll();
    expect(await uploader.resume(cp)).toBe('expired');
    await expect(uploader.send(cp, new Blob([bytes]))).rejects.toMatchObject({ code: 'session_expired' });
    expect((await sendAll(await uploader.begin(target('d.jpg', bytes.length)), new Blob([bytes]))).size).toBe(10);
  });

  it('honours Retry-After: 429 and 503 on a chunk and 403 rateLimitExceeded on begin are throttled with the delay', async () => {
    const session = /^\/upload\/drive\/v3\/files\?uploadType=resumable&upload_id=/;
    drive.faults.push({
      match: /^\/upload\/drive\/v3\/files\?uploadType=resumable&fields=/,
      method: 'POST',
      status: 403,
      retryAfter: '0.5',
    });
    await expect(uploader.begin(target('t.jpg', 10))).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 500 });
    const bytes = bytesOf(GDRIVE_CHUNK + 10, 9);
    const file = new Blob([bytes]);
    const cp = await uploader.begin(target('t.jpg', bytes.length));
    drive.faults.push({ match: session, method: 'PUT', status: 429, retryAfter: '2' });
    await expect(uploader.send(cp, file.slice(0, GDRIVE_CHUNK))).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 2000,
    });
    drive.faults.push({ match: session, method: 'PUT', status: 503, retryAfter: '1.5' });
    await expect(uploader.send(cp, file.slice(0, GDRIVE_CHUNK))).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 1500,
    });
    // The guide: after a 503, ask the session how far it got before sending again.
    const resumed = await uploader.resume(cp);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(0);
    expect((await sendAll(resumed, file)).size).toBe(bytes.length);
  });

  it('cancel deletes the session: later calls find nothing and no file appears', async () => {
    const cp = await uploader.begin(target('g.jpg', 10));
    await uploader.cancel(cp);
    expect(await uploader.resume(cp)).toBe('expired');
    expect(storedAs('g.jpg')).toEqual([]);
  });
});
