import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveServer, startDriveServer } from '../drive/server';
import { seedFromFolder } from '../seed/index';

/**
 * Conformance: Google's Drive API v3 discovery document (www.googleapis.com/discovery/v1/apis/drive/v3/rest: the
 * schemas FileList, ChangeList, Change, StartPageToken, File and the methods' parameters, also rendered at
 * developers.google.com/workspace/drive/api/reference/rest/v3) and the "Retrieve changes" guide, replayed against
 * our Drive contract server. Each test names what it transcribes.
 */
const DISCOVERY = 'https://www.googleapis.com/discovery/v1/apis/drive/v3/rest';
const CHANGES_GUIDE = 'https://developers.google.com/workspace/drive/api/guides/manage-changes';

type Json = Record<string, unknown>;
let drive: DriveServer;
let auth: { Authorization: string };
const FIELDS =
  'nextPageToken,newStartPageToken,kind,changes(kind,changeType,fileId,removed,time,file(id,name,trashed,mimeType,parents))';

beforeAll(async () => {
  drive = await startDriveServer();
  await seedFromFolder(drive);
  auth = { Authorization: `Bearer ${drive.authority.issueAccessToken()}` };
}, 60_000);
afterAll(() => drive.close());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${drive.url}/drive/v3${path}`, { ...init, headers: { ...auth, ...init.headers } });
const json = async (res: Response) => (await res.json()) as Json;
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const startToken = async () => String((await json(await api('/changes/startPageToken'))).startPageToken);
/** Every change from `token` on, following nextPageToken to newStartPageToken (the guide's loop). */
async function changesSince(token: string, pageSize = '100') {
  const changes: Json[] = [];
  let pageToken = token;
  for (;;) {
    const res = await api(`/changes?${q({ pageToken, pageSize, fields: FIELDS })}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    changes.push(...(body.changes as Json[]));
    if (body.newStartPageToken) return { changes, next: String(body.newStartPageToken) };
    pageToken = String(body.nextPageToken);
  }
}
const nodeOf = (path: string) => {
  const n = drive.store.findByPath(path);
  if (!n) throw new Error(`not seeded: ${path}`);
  return n;
};

describe('Drive v3 conformance', () => {
  it(`${DISCOVERY} StartPageToken: {kind: "drive#startPageToken", startPageToken}`, async () => {
    const body = await json(await api('/changes/startPageToken'));
    expect(body).toEqual({ kind: 'drive#startPageToken', startPageToken: expect.any(String) });
  });

  it(`${CHANGES_GUIDE}: changes.list pages with nextPageToken and ends with newStartPageToken; Change is a drive#change`, async () => {
    const token = await startToken();
    drive.addFile({ path: 'Conformance/a.jpg', bytes: Buffer.from('a'), mimeType: 'image/jpeg' });
    drive.addFile({ path: 'Conformance/b.jpg', bytes: Buffer.from('b'), mimeType: 'image/jpeg' });
    const first = await json(await api(`/changes?${q({ pageToken: token, pageSize: '1', fields: FIELDS })}`));
    expect(first.kind).toBe('drive#changeList');
    expect('nextPageToken' in first !== 'newStartPageToken' in first).toBe(true);
    const { changes } = await changesSince(token, '1');
    expect(changes.length).toBeGreaterThanOrEqual(2);
    for (const c of changes)
      expect(c).toMatchObject({ kind: 'drive#change', changeType: 'file', fileId: expect.any(String), removed: false });
  });

  it(`${DISCOVERY} ChangeList.nextPageToken / newStartPageToken: "The page token doesn't expire"`, async () => {
    const old = await startToken();
    for (let i = 0; i < 5; i++)
      drive.addFile({ path: `Old/${i}.jpg`, bytes: Buffer.from([i]), mimeType: 'image/jpeg' });
    // The history this server would once have forgotten (410) is still there: an old token keeps working.
    drive.store.expireCheckpoints();
    const { changes } = await changesSince(old);
    expect(changes.filter((c) => String((c.file as Json | undefined)?.name).match(/^\d\.jpg$/))).toHaveLength(5);
  });

  it(`${DISCOVERY} FileList: {kind: "drive#fileList", incompleteSearch, files, nextPageToken?}`, async () => {
    const res = await api(
      `/files?${q({ pageSize: '3', fields: 'kind,nextPageToken,incompleteSearch,files(id,name)' })}`,
    );
    const body = await json(res);
    expect(body).toMatchObject({ kind: 'drive#fileList', incompleteSearch: false, nextPageToken: expect.any(String) });
    expect(body.files).toHaveLength(3);
  });

  it(`${DISCOVERY} FileList.nextPageToken: a rejected token is discarded and pagination restarts from the first page`, async () => {
    const fields = 'nextPageToken,files(id)';
    const first = await json(await api(`/files?${q({ pageSize: '3', fields })}`));
    drive.expirePageTokens();
    const rejected = await api(`/files?${q({ pageSize: '3', fields, pageToken: String(first.nextPageToken) })}`);
    expect(rejected.status).toBe(400);
    expect(((await json(rejected)).error as { errors: Json[] }).errors[0]).toMatchObject({
      reason: 'invalid',
      location: 'pageToken',
    });
    const again = await json(await api(`/files?${q({ pageSize: '3', fields })}`));
    expect(again.files).toEqual(first.files);
    const next = await api(`/files?${q({ pageSize: '3', fields, pageToken: String(again.nextPageToken) })}`);
    expect(next.status).toBe(200);
  });

  it(`${DISCOVERY} files.list pageSize: a page holds at most 100 files, even when more are asked for`, async () => {
    for (let i = 0; i < 110; i++)
      drive.addFile({ path: `Many/${i}.jpg`, bytes: Buffer.from([i]), mimeType: 'image/jpeg' });
    const body = await json(await api(`/files?${q({ pageSize: '500', fields: 'nextPageToken,files(id)' })}`));
    expect(body.files).toHaveLength(100);
    expect(body.nextPageToken).toEqual(expect.any(String));
  });

  it(`${DISCOVERY} File.thumbnailLink: "If the file isn't shared publicly … must be fetched using a credentialed request"`, async () => {
    const item = nodeOf('Pictures/Cameras/Nikon D5000.jpg');
    const { thumbnailLink } = await json(await api(`/files/${item.id}?fields=thumbnailLink`));
    expect((await fetch(String(thumbnailLink))).status).toBe(401);
    const credentialed = await fetch(String(thumbnailLink), { headers: auth });
    expect(credentialed.status).toBe(200);
    expect(Buffer.from(await credentialed.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Shared with anyone: no credentials needed.
    await api(`/files/${item.id}/permissions?fields=id`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'reader', type: 'anyone' }),
    });
    expect((await fetch(String(thumbnailLink))).status).toBe(200);
  });

  it(`${DISCOVERY} Change.changeType "file" or "drive"; shared-drive items only with supportsAllDrives + includeItemsFromAllDrives`, async () => {
    const token = await startToken();
    const team = drive.addSharedDrive('Team Photos');
    const inside = drive.store.addFile(
      { path: 'Events/t.jpg', bytes: Buffer.from('t'), mimeType: 'image/jpeg' },
      team.id,
    );
    // Not asked for: neither the drive nor its files.
    const mine = await changesSince(token);
    expect(mine.changes.some((c) => c.fileId === inside.id || c.changeType === 'drive')).toBe(false);
    const all = await json(
      await api(
        `/changes?${q({ pageToken: token, supportsAllDrives: 'true', includeItemsFromAllDrives: 'true', fields: 'newStartPageToken,changes(changeType,driveId,drive(id,name),fileId,file(id,driveId))' })}`,
      ),
    );
    const changes = all.changes as Json[];
    expect(changes.find((c) => c.changeType === 'drive')).toEqual({
      changeType: 'drive',
      driveId: team.id,
      drive: { id: team.id, name: 'Team Photos' },
    });
    expect(changes.find((c) => c.fileId === inside.id)).toMatchObject({
      changeType: 'file',
      driveId: team.id,
      file: { id: inside.id, driveId: team.id },
    });
    // files.get of a shared-drive item needs supportsAllDrives=true; files.list needs corpora=allDrives too.
    expect((await api(`/files/${inside.id}?fields=id`)).status).toBe(404);
    expect((await api(`/files/${inside.id}?fields=id&supportsAllDrives=true`)).status).toBe(200);
    const listed = await json(
      await api(
        `/files?${q({ q: "name = 't.jpg'", fields: 'files(id)', supportsAllDrives: 'true', includeItemsFromAllDrives: 'true', corpora: 'allDrives' })}`,
      ),
    );
    expect(listed.files).toEqual([{ id: inside.id }]);
    expect((await json(await api(`/files?${q({ q: "name = 't.jpg'", fields: 'files(id)' })}`))).files).toEqual([]);
  });

  it(`${DISCOVERY} File.trashed: "If the target item is a folder, all descendants of the folder are also trashed"`, async () => {
    const token = await startToken();
    const folder = nodeOf('Pictures/Nature');
    const inside = drive.store.live().filter((n) => n.parentId === folder.id);
    expect(inside.length).toBeGreaterThan(0);
    drive.store.trash(folder.id);
    const { changes } = await changesSince(token);
    for (const n of [folder, ...inside])
      expect(changes.find((c) => c.fileId === n.id)).toMatchObject({ file: { trashed: true } });
    const listed = await json(
      await api(`/files?${q({ q: `'${folder.id}' in parents and trashed = false`, fields: 'files(id)' })}`),
    );
    expect(listed.files).toEqual([]);
    drive.store.restore(folder.id);
    const back = await json(
      await api(`/files?${q({ q: `'${folder.id}' in parents and trashed = false`, fields: 'files(id)' })}`),
    );
    expect((back.files as Json[]).length).toBe(inside.length);
  });

  const ABOUT = 'https://developers.google.com/drive/api/reference/rest/v3/about';
  it(`${ABOUT}: storageQuota has usage, usageInDrive, usageInDriveTrash as int64 strings, and no limit when unlimited`, async () => {
    const res = await api('/about?fields=storageQuota');
    expect(res.status).toBe(200);
    const { storageQuota } = (await json(res)) as { storageQuota: Json };
    expect(Object.keys(storageQuota).sort()).toEqual(['usage', 'usageInDrive', 'usageInDriveTrash']);
    for (const v of Object.values(storageQuota)) expect(v).toMatch(/^\d+$/);
  });

  it(`${ABOUT}: with a limit, trashed bytes stay in usage and show in usageInDriveTrash`, async () => {
    const before = ((await json(await api('/about?fields=storageQuota'))) as { storageQuota: Json }).storageQuota;
    const node = drive.addFile({ path: 'About/trash-me.jpg', bytes: Buffer.alloc(1000, 7), mimeType: 'image/jpeg' });
    drive.store.trash(node.id);
    drive.setQuotaBytes(15 * 1024 ** 3);
    try {
      const after = ((await json(await api('/about?fields=storageQuota'))) as { storageQuota: Json }).storageQuota;
      expect(after).toEqual({
        limit: String(15 * 1024 ** 3),
        usage: String(Number(before.usage) + 1000),
        usageInDrive: String(Number(before.usageInDrive) + 1000),
        usageInDriveTrash: String(Number(before.usageInDriveTrash) + 1000),
      });
    } finally {
      drive.setQuotaBytes(null);
    }
  });

  it(`${ABOUT}/get: about.get refuses a request without fields, and an unknown field`, async () => {
    const bare = await api('/about');
    expect(bare.status).toBe(400);
    expect((((await json(bare)).error as Json).errors as Json[])[0]?.reason).toBe('required');
    expect((await api('/about?fields=storageQuota(quota)')).status).toBe(400);
  });
});
