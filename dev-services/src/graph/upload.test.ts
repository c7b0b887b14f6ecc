import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphServer, startGraphServer } from './server';

/** The refusals of Graph upload sessions (driveitem-createuploadsession), spoken to in raw HTTP. */
let graph: GraphServer;
let auth: Record<string, string>;
const KIB_320 = 320 * 1024;

beforeAll(async () => {
  graph = await startGraphServer();
  auth = { Authorization: `Bearer ${graph.authority.issueAccessToken()}` };
});
afterAll(() => graph.close());

async function createSession(path: string, conflictBehavior = 'rename') {
  const res = await fetch(`${graph.url}/v1.0/me/drive/root:/${path}:/createUploadSession`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': conflictBehavior } }),
  });
  return { status: res.status, body: (await res.json()) as { uploadUrl: string; expirationDateTime: string } };
}
const put = (
  url: string,
  start: number,
  total: number,
  bytes: Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
) =>
  fetch(url, {
    method: 'PUT',
    headers: { 'Content-Range': `bytes ${start}-${start + bytes.length - 1}/${total}`, ...headers },
    body: bytes,
  });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('Graph contract server: upload sessions', () => {
  it('answers 202 with nextExpectedRanges, then 201 with the driveItem; GET on the uploadUrl tells where to resume', async () => {
    const { status, body } = await createSession('Up/one.jpg');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['expirationDateTime', 'uploadUrl']);
    expect(new URL(body.uploadUrl).host).not.toBe(new URL(graph.url).host);
    const total = KIB_320 + 5;
    const first = await put(body.uploadUrl, 0, total, new Uint8Array(KIB_320));
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ nextExpectedRanges: [`${KIB_320}-`] });
    expect(await (await fetch(body.uploadUrl)).json()).toMatchObject({ nextExpectedRanges: [`${KIB_320}-`] });
    const last = await put(body.uploadUrl, KIB_320, total, new Uint8Array(5));
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ name: 'one.jpg', size: total, file: { hashes: {} } });
  });

  it('refuses an Authorization header on the uploadUrl (401)', async () => {
    const { body } = await createSession('Up/auth.jpg');
    const res = await put(body.uploadUrl, 0, 10, new Uint8Array(10), auth);
    expect(res.status).toBe(401);
  });

  it('refuses fragments that are not 320 KiB multiples (except the last) and overlapping ones (416)', async () => {
    const { body } = await createSession('Up/ranges.jpg');
    const total = 3 * KIB_320;
    expect((await put(body.uploadUrl, 0, total, new Uint8Array(KIB_320 + 1))).status).toBe(400);
    expect((await put(body.uploadUrl, 0, total, new Uint8Array(KIB_320))).status).toBe(202);
    expect((await put(body.uploadUrl, 0, total, new Uint8Array(KIB_320))).status).toBe(416);
    expect((await put(body.uploadUrl, 2 * KIB_320, total, new Uint8Array(KIB_320))).status).toBe(416);
  });

  it('conflictBehavior fail: 409 nameAlreadyExists; rename: a new name, the old file untouched', async () => {
    const { body } = await createSession('Up/taken.jpg');
    expect((await put(body.uploadUrl, 0, 3, new Uint8Array([1, 2, 3]))).status).toBe(201);
    const refused = await createSession('Up/taken.jpg', 'fail');
    expect(refused.status).toBe(409);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('nameAlreadyExists');
    const renamed = await createSession('Up/taken.jpg', 'rename');
    const done = await put(renamed.body.uploadUrl, 0, 2, new Uint8Array([9, 9]));
    expect(await done.json()).toMatchObject({ name: 'taken 1.jpg' });
    expect([...(graph.store.findByPath('Up/taken.jpg')?.content ?? [])]).toEqual([1, 2, 3]);
  });

  it('a full drive answers 507 quotaLimitReached on the last fragment and keeps the session', async () => {
    const { body } = await createSession('Up/full.jpg');
    graph.setQuotaBytes(1);
    try {
      const res = await put(body.uploadUrl, 0, 4, new Uint8Array(4));
      expect(res.status).toBe(507);
      expect(await code(res)).toBe('quotaLimitReached');
    } finally {
      graph.setQuotaBytes(null);
    }
    expect((await put(body.uploadUrl, 0, 4, new Uint8Array(4))).status).toBe(201);
  });

  it('DELETE cancels (204); a cancelled or expired session answers 404', async () => {
    const cancelled = await createSession('Up/cancel.jpg');
    expect((await fetch(cancelled.body.uploadUrl, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(cancelled.body.uploadUrl)).status).toBe(404);
    const expired = await createSession('Up/expired.jpg');
    graph.uploads.expireAll();
    const res = await put(expired.body.uploadUrl, 0, 1, new Uint8Array(1));
    expect(res.status).toBe(404);
    expect(await code(res)).toBe('itemNotFound');
  });
});
