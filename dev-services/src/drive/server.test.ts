import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFromFolder } from '../seed/index';
import { DEV_DRIVE_API_KEY, type DriveServer, startDriveServer } from './server';

/** Loosely typed JSON for reading answers in assertions. */
type Json = Record<string, unknown>;

let drive: DriveServer;
let auth: Record<string, string>;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${drive.url}/drive/v3${path}`, { ...init, headers: { ...auth, ...init.headers } });
const FIELDS =
  'nextPageToken,files(id,name,mimeType,parents,md5Checksum,sha256Checksum,thumbnailLink,imageMediaMetadata(width,height,time,cameraMake,cameraModel,location,rotation),videoMediaMetadata)';

beforeAll(async () => {
  drive = await startDriveServer();
  await seedFromFolder(drive);
  auth = { Authorization: `Bearer ${drive.authority.issueAccessToken()}` };
}, 60_000);
afterAll(() => drive.close());

describe('Drive v3 contract server', () => {
  it('lists files in pages with the requested fields only', async () => {
    const files: Json[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const q = new URLSearchParams({
        q: "trashed = false and mimeType != 'application/vnd.google-apps.folder'",
        fields: FIELDS,
        pageSize: '5',
      });
      if (token) q.set('pageToken', token);
      const res = await api(`/files?${q}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { files: Json[]; nextPageToken?: string };
      files.push(...body.files);
      token = body.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(files).toHaveLength(14);
    const iphone = files.find((f) => f.name === 'Apple iPhone 4.jpg');
    expect(Object.keys(iphone ?? {}).sort()).toEqual(
      [
        'id',
        'imageMediaMetadata',
        'md5Checksum',
        'mimeType',
        'name',
        'parents',
        'sha256Checksum',
        'thumbnailLink',
      ].sort(),
    );
    expect(iphone).toMatchObject({
      imageMediaMetadata: { width: 1296, height: 968, time: '2011:01:13 14:33:39', cameraMake: 'Apple' },
    });
    expect(files.find((f) => f.name === 'portrait-orientation-6.jpg')).toMatchObject({
      imageMediaMetadata: { rotation: 1 },
    });
    expect(files.find((f) => f.name === 'with-gps.mp4')).toMatchObject({
      videoMediaMetadata: { width: 1920, height: 1080, durationMillis: '171' },
    });
  });

  it('rejects unknown fields, missing fields, unknown parameters and bad queries', async () => {
    const bad = await api('/files?fields=files(id,nmae)');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: 'Invalid field selection files.nmae' } });
    expect((await api('/files')).status).toBe(400);
    expect((await api('/files?fields=files(id)&orderBy=name')).status).toBe(400);
    expect((await api(`/files?fields=files(id)&q=${encodeURIComponent('starred = true')}`)).status).toBe(400);
    expect((await fetch(`${drive.url}/drive/v3/files?fields=files(id)`)).status).toBe(403);
    const stale = await fetch(`${drive.url}/drive/v3/files?fields=files(id)`, {
      headers: { Authorization: 'Bearer x' },
    });
    expect(stale.status).toBe(401);
  });

  it('files.update trashes a file (trashed: true, still readable by id, reported by changes) and untrashes it', async () => {
    const target = drive.store.addFile({ path: 'Bin/hk.jpg', bytes: Buffer.from([9, 9]), mimeType: 'image/jpeg' });
    const start = ((await (await api('/changes/startPageToken')).json()) as { startPageToken: string }).startPageToken;
    const patch = (body: unknown) =>
      api(`/files/${target.id}?fields=id,trashed&supportsAllDrives=true`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const trashed = await patch({ trashed: true });
    expect(trashed.status).toBe(200);
    expect(await trashed.json()).toEqual({ id: target.id, trashed: true });
    expect(await (await api(`/files/${target.id}?fields=trashed`)).json()).toEqual({ trashed: true });
    const changes = (await (
      await api(`/changes?pageToken=${start}&fields=${encodeURIComponent('changes(fileId,removed,file(trashed))')}`)
    ).json()) as { changes: Json[] };
    expect(changes.changes).toContainEqual({ fileId: target.id, removed: false, file: { trashed: true } });
    expect(await (await patch({ trashed: false })).json()).toEqual({ id: target.id, trashed: false });
    expect((await patch({ name: 'renamed.jpg' })).status).toBe(400);
  });

  it('reports changes since a start page token, including removals and trashing', async () => {
    const start = ((await (await api('/changes/startPageToken')).json()) as { startPageToken: string }).startPageToken;
    const gone = drive.store.findByPath('Pictures/Nature/tanners_ridge.jpg');
    const binned = drive.store.findByPath('Pictures/Nature/prairie_falcon.jpg');
    if (!gone || !binned) throw new Error('seed missing');
    drive.store.remove(gone.id);
    drive.store.trash(binned.id);
    const res = await api(
      `/changes?pageToken=${start}&fields=${encodeURIComponent('newStartPageToken,nextPageToken,changes(fileId,removed,file(id,name,trashed))')}`,
    );
    const body = (await res.json()) as { changes: Json[]; newStartPageToken: string };
    expect(body.changes).toContainEqual({ fileId: gone.id, removed: true });
    expect(body.changes).toContainEqual({
      fileId: binned.id,
      removed: false,
      file: { id: binned.id, name: 'prairie_falcon.jpg', trashed: true },
    });
    expect(body.newStartPageToken).toBeTruthy();
  });

  it('downloads with Range and shares through an anyone permission until it is deleted', async () => {
    const item = drive.store.findByPath('Pictures/Travel/thompson-springs.jpg');
    const ranged = await api(`/files/${item?.id}?alt=media`, { headers: { Range: 'bytes=0-15' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(16);
    const publicUrl = `${drive.url}/uc?id=${item?.id}&export=download`;
    const keyed = `${drive.url}/drive/v3/files/${item?.id}?alt=media&key=${DEV_DRIVE_API_KEY}`;
    expect((await fetch(publicUrl)).status).toBe(404);
    expect((await fetch(keyed)).status).toBe(404);
    const post = (body: unknown) =>
      api(`/files/${item?.id}/permissions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ role: 'reader', type: 'anyone', expirationTime: '2030-01-01T00:00:00Z' })).status).toBe(400);
    const created = await post({ role: 'reader', type: 'anyone' });
    expect(created.status).toBe(200);
    const permission = (await created.json()) as { id: string };
    expect((await fetch(publicUrl, { headers: { Range: 'bytes=0-1' } })).status).toBe(206);
    const open = await fetch(keyed, { headers: { Range: 'bytes=0-1' } });
    expect(open.status).toBe(206);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect((await api(`/files/${item?.id}/permissions/${permission.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(publicUrl)).status).toBe(404);
    expect((await fetch(keyed)).status).toBe(404);
  });

  it('injects 403 rateLimitExceeded and 429 with Retry-After', async () => {
    drive.faults.push({ match: /\/files/, status: 403 });
    drive.faults.push({ match: /\/files/, status: 429, retryAfter: '1.5' });
    const first = await api('/files?fields=files(id)');
    expect(await first.json()).toMatchObject({
      error: { errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded' }] },
    });
    const second = await api('/files?fields=files(id)');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1.5');
  });
});
