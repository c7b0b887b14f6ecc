import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { quickXorHash } from '@hypomos/shared/import/quick-xor-hash';
import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../sources';
import { createOneDriveUploader, ONEDRIVE_FRAGMENT } from './onedrive';
import { type ResumableUploader, type UploadCheckpoint, UploadError } from './types';

let graph: GraphServer;
let uploader: ResumableUploader;
/** Bytes each PUT carried, to count what a resume sends twice. */
let putBytes = 0;
/** When set, the next PUT sends half its body and then breaks the connection. */
let resetNextPut = false;

const countingFetch: typeof fetch = async (input, init) => {
  if (init?.method === 'PUT') {
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
  graph = await startGraphServer();
  const token = graph.authority.issueAccessToken();
  uploader = createOneDriveUploader({
    http: createHttp({ fetch: countingFetch, getAccessToken: async () => token }),
    apiUrl: `${graph.url}/v1.0`,
  });
});
afterAll(() => graph.close());

/**
 * Compares megabytes by digest: toEqual on a multi-MiB Buffer walks every index as an object key and blocked the
 * event loop for over a minute, which starved the contract server living in this same process.
 */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const stored = (path: string) => graph.store.findByPath(path)?.content ?? new Uint8Array();

const bytesOf = (size: number, seed: number) => {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};
const target = (name: string, size: number) => ({
  sourceId: 's1',
  folderPath: 'Pictures/2026/2026-12-03',
  name,
  size,
  mimeType: 'image/jpeg',
});

async function sendAll(cp: UploadCheckpoint, file: Blob) {
  for (;;) {
    const r = await uploader.send(cp, file.slice(cp.offset, cp.offset + uploader.fragmentSize));
    if (r.state === 'done') return r.remote;
    cp = r.checkpoint;
  }
}

describe('OneDrive uploader against the Graph contract server', () => {
  it('uploads a file in 320 KiB-multiple fragments; the drive holds it with matching hashes', async () => {
    const bytes = bytesOf(ONEDRIVE_FRAGMENT * 2 + 12345, 1);
    const remote = await sendAll(await uploader.begin(target('a.jpg', bytes.length)), new Blob([bytes]));
    expect(remote).toMatchObject({ name: 'a.jpg', size: bytes.length, path: 'Pictures/2026/2026-12-03/a.jpg' });
    expect(remote.hashes.sha1).toBe(createHash('sha1').update(bytes).digest('hex').toUpperCase());
    expect(remote.hashes.quickXorHash).toBe(quickXorHash(bytes));
    expect(sha256(stored('Pictures/2026/2026-12-03/a.jpg'))).toBe(sha256(bytes));
  });

  it('resumes after a stop mid-file and sends at most one fragment twice', async () => {
    const bytes = bytesOf(ONEDRIVE_FRAGMENT * 3 + 7, 2);
    const file = new Blob([bytes]);
    const saved = await uploader.begin(target('b.jpg', bytes.length));
    // Two fragments arrive, but the checkpoint after the second was never written (the worker stopped).
    const first = await uploader.send(saved, file.slice(0, ONEDRIVE_FRAGMENT));
    if (first.state !== 'partial') throw new Error('expected partial');
    await uploader.send(first.checkpoint, file.slice(ONEDRIVE_FRAGMENT, 2 * ONEDRIVE_FRAGMENT));
    putBytes = 0;
    const resumed = await uploader.resume(first.checkpoint);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(2 * ONEDRIVE_FRAGMENT);
    await sendAll(resumed, file);
    expect(putBytes - (bytes.length - 2 * ONEDRIVE_FRAGMENT)).toBeLessThanOrEqual(ONEDRIVE_FRAGMENT);
    expect(graph.store.findByPath('Pictures/2026/2026-12-03/b.jpg')?.content?.length).toBe(bytes.length);
  });

  it('a connection reset mid-fragment loses that fragment only; resume goes on', async () => {
    const bytes = bytesOf(ONEDRIVE_FRAGMENT * 2, 3);
    const file = new Blob([bytes]);
    const cp = await uploader.begin(target('c.jpg', bytes.length));
    resetNextPut = true;
    await expect(uploader.send(cp, file.slice(0, ONEDRIVE_FRAGMENT))).rejects.toMatchObject({ kind: 'network' });
    const resumed = await uploader.resume(cp);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(0);
    expect((await sendAll(resumed, file)).size).toBe(bytes.length);
  });

  it('an expired session resumes as "expired" and a send to it is session_expired', async () => {
    const cp = await uploader.begin(target('d.jpg', 10));
    graph.uploads.expireAll();
    expect(await uploader.resume(cp)).toBe('expired');
    await expect(uploader.send(cp, new Blob([bytesOf(10, 4)]))).rejects.toMatchObject({ code: 'session_expired' });
  });

  it('a last fragment whose answer was lost resumes as complete: no second, renamed copy', async () => {
    const bytes = bytesOf(ONEDRIVE_FRAGMENT + 100, 9);
    const file = new Blob([bytes]);
    const saved = await uploader.begin(target('k.jpg', bytes.length));
    const first = await uploader.send(saved, file.slice(0, ONEDRIVE_FRAGMENT));
    if (first.state !== 'partial') throw new Error('expected partial');
    // The last fragment lands; the worker stops before it saves the result.
    await uploader.send(first.checkpoint, file.slice(ONEDRIVE_FRAGMENT));
    const resumed = await uploader.resume(first.checkpoint);
    if (resumed === 'expired') throw new Error('expected the finished file');
    expect(resumed.offset).toBe(bytes.length);
    const result = await uploader.send(resumed, file.slice(bytes.length));
    expect(result).toMatchObject({ state: 'done', remote: { name: 'k.jpg', size: bytes.length } });
    expect(graph.store.findByPath('Pictures/2026/2026-12-03/k 1.jpg')).toBeUndefined();
  });

  it('a name already taken is renamed, never overwritten', async () => {
    const first = bytesOf(100, 5);
    await sendAll(await uploader.begin(target('h.jpg', first.length)), new Blob([first]));
    const second = bytesOf(200, 6);
    const remote = await sendAll(await uploader.begin(target('h.jpg', second.length)), new Blob([second]));
    expect(remote).toMatchObject({ name: 'h 1.jpg', path: 'Pictures/2026/2026-12-03/h 1.jpg' });
    expect(sha256(stored('Pictures/2026/2026-12-03/h.jpg'))).toBe(sha256(first));
    expect(sha256(stored('Pictures/2026/2026-12-03/h 1.jpg'))).toBe(sha256(second));
  });

  it('a full drive stops with quota_full (507) on the last fragment; the fragments before it are kept', async () => {
    const bytes = bytesOf(ONEDRIVE_FRAGMENT + 10, 7);
    const file = new Blob([bytes]);
    const first = await uploader.send(
      await uploader.begin(target('e.jpg', bytes.length)),
      file.slice(0, ONEDRIVE_FRAGMENT),
    );
    if (first.state !== 'partial') throw new Error('expected partial');
    graph.setQuotaBytes(1);
    try {
      const err = await uploader.send(first.checkpoint, file.slice(ONEDRIVE_FRAGMENT)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UploadError);
      expect(err).toMatchObject({ code: 'quota_full', status: 507 });
    } finally {
      graph.setQuotaBytes(null);
    }
    const resumed = await uploader.resume(first.checkpoint);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(ONEDRIVE_FRAGMENT);
    expect((await sendAll(resumed, file)).size).toBe(bytes.length);
  });

  it('honours Retry-After: a throttled fragment is a throttled ProviderError with the delay', async () => {
    const cp = await uploader.begin(target('f.jpg', 10));
    graph.faults.push({ match: /^\/_upload\//, method: 'PUT', status: 429, retryAfter: '2' });
    await expect(uploader.send(cp, new Blob([bytesOf(10, 6)]))).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 2000,
    });
    expect((await uploader.send(cp, new Blob([bytesOf(10, 6)]))).state).toBe('done');
  });

  it('honours Retry-After on the API host too: a 503 with a fractional delay, then the session resumes', async () => {
    graph.faults.push({ match: /createUploadSession$/, method: 'POST', status: 503, retryAfter: '0.5' });
    await expect(uploader.begin(target('t.jpg', 10))).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 500 });
    const bytes = bytesOf(ONEDRIVE_FRAGMENT + 10, 8);
    const cp = await uploader.begin(target('t.jpg', bytes.length));
    graph.faults.push({ match: /^\/_upload\//, method: 'PUT', status: 503, retryAfter: '1.5' });
    await expect(uploader.send(cp, new Blob([bytes]).slice(0, ONEDRIVE_FRAGMENT))).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 1500,
    });
    const resumed = await uploader.resume(cp);
    if (resumed === 'expired') throw new Error('expected a live session');
    expect(resumed.offset).toBe(0);
    expect((await sendAll(resumed, new Blob([bytes]))).size).toBe(bytes.length);
  });

  it('cancel deletes the session: later calls find nothing', async () => {
    const cp = await uploader.begin(target('g.jpg', 10));
    await uploader.cancel(cp);
    expect(await uploader.resume(cp)).toBe('expired');
    expect(graph.store.findByPath('Pictures/2026/2026-12-03/g.jpg')).toBeUndefined();
  });
});
