import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveServer, startDriveServer } from './server';

/** Drive resumable uploads (guides/manage-uploads#resumable), spoken to in raw HTTP. */
let drive: DriveServer;
let auth: Record<string, string>;
const KIB_256 = 256 * 1024;

beforeAll(async () => {
  drive = await startDriveServer();
  auth = { Authorization: `Bearer ${drive.authority.issueAccessToken()}` };
});
afterAll(() => drive.close());

async function initiate(name: string, headers: Record<string, string> = {}, query = '') {
  return fetch(`${drive.url}/upload/drive/v3/files?uploadType=resumable${query}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json; charset=UTF-8', ...headers },
    body: JSON.stringify({ name, mimeType: 'image/jpeg' }),
  });
}
async function sessionUri(name: string, query = '&fields=id,name,size,md5Checksum,sha256Checksum') {
  const res = await initiate(name, {}, query);
  expect(res.status).toBe(200);
  return res.headers.get('location') as string;
}
const put = (uri: string, contentRange: string, body?: Uint8Array<ArrayBuffer>) =>
  fetch(uri, { method: 'PUT', headers: { 'Content-Range': contentRange }, body });
const reason = async (res: Response) =>
  ((await res.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason;

describe('Drive contract server: resumable uploads', () => {
  it('answers 308 with Range per chunk, then 200 with the file and its checksums', async () => {
    const uri = await sessionUri('one.jpg');
    const bytes = new Uint8Array(KIB_256 + 7).map((_, i) => i & 0xff);
    const total = bytes.length;
    const status = await put(uri, `bytes */${total}`);
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBeNull();
    const first = await put(uri, `bytes 0-${KIB_256 - 1}/${total}`, bytes.slice(0, KIB_256));
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${KIB_256 - 1}`);
    expect((await put(uri, `bytes */${total}`)).headers.get('range')).toBe(`bytes=0-${KIB_256 - 1}`);
    const last = await put(uri, `bytes ${KIB_256}-${total - 1}/${total}`, bytes.slice(KIB_256));
    expect(last.status).toBe(200);
    expect(await last.json()).toEqual({
      id: expect.any(String),
      name: 'one.jpg',
      size: String(total),
      md5Checksum: createHash('md5').update(bytes).digest('hex'),
      sha256Checksum: createHash('sha256').update(bytes).digest('hex'),
    });
    expect((await put(uri, `bytes */${total}`)).status).toBe(200);
  });

  it('without fields the finished upload answers kind, id, name and mimeType only', async () => {
    const uri = await sessionUri('plain.jpg', '');
    const res = await put(uri, 'bytes 0-2/3', new Uint8Array([1, 2, 3]));
    expect(Object.keys(await res.json()).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
  });

  it('refuses chunks that are not 256 KiB multiples (except the last) and offsets past what it holds', async () => {
    const uri = await sessionUri('ranges.jpg');
    const total = 3 * KIB_256;
    expect((await put(uri, `bytes 0-${KIB_256}/${total}`, new Uint8Array(KIB_256 + 1))).status).toBe(400);
    const gap = await put(uri, `bytes ${KIB_256}-${2 * KIB_256 - 1}/${total}`, new Uint8Array(KIB_256));
    expect(gap.status).toBe(400);
    expect(((await gap.json()) as { error: { message: string } }).error.message).toMatch(/exceeds already uploaded/);
  });

  it('needs a token to start, none on the session URI', async () => {
    const anonymous = await fetch(`${drive.url}/upload/drive/v3/files?uploadType=resumable`, { method: 'POST' });
    // Drive's answer to a call with neither token nor API key (see anonymous() in server.ts).
    expect(anonymous.status).toBe(403);
    const uri = await sessionUri('tokenless.jpg');
    expect((await put(uri, 'bytes 0-0/1', new Uint8Array([1]))).status).toBe(200);
  });

  it('a full drive answers 403 storageQuotaExceeded, at the start when the size is declared and at the last byte', async () => {
    const uri = await sessionUri('full.jpg');
    drive.setQuotaBytes(1);
    try {
      const declared = await initiate('big.jpg', { 'X-Upload-Content-Length': '1000' });
      expect(declared.status).toBe(403);
      expect(await reason(declared)).toBe('storageQuotaExceeded');
      const last = await put(uri, 'bytes 0-3/4', new Uint8Array(4));
      expect(last.status).toBe(403);
      expect(await reason(last)).toBe('storageQuotaExceeded');
    } finally {
      drive.setQuotaBytes(null);
    }
    expect((await put(uri, 'bytes 0-3/4', new Uint8Array(4))).status).toBe(200);
  });

  it('DELETE cancels with 499; a cancelled or expired session answers 404', async () => {
    const cancelled = await sessionUri('cancel.jpg');
    expect((await fetch(cancelled, { method: 'DELETE' })).status).toBe(499);
    expect((await put(cancelled, 'bytes */1')).status).toBe(404);
    const expired = await sessionUri('expired.jpg');
    drive.uploads.expireAll();
    expect((await put(expired, 'bytes 0-0/1', new Uint8Array(1))).status).toBe(404);
  });

  it('files.create makes folders; a taken name makes another one', async () => {
    const create = () =>
      fetch(`${drive.url}/drive/v3/files?fields=id,name,mimeType`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Pictures', mimeType: 'application/vnd.google-apps.folder' }),
      }).then((r) => r.json() as Promise<{ id: string; mimeType: string }>);
    const [a, b] = [await create(), await create()];
    expect(a.mimeType).toBe('application/vnd.google-apps.folder');
    expect(a.id).not.toBe(b.id);
  });
});
