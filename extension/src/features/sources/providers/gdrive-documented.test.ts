import { describe, expect, it } from 'vitest';
import { createGoogleDriveProvider } from './gdrive';
import { createHttp } from './http';
import { json, type Rule, scriptedFetch } from './scripted-fetch';

/**
 * The Drive client against answers shaped as Google documents them (Drive API v3 reference and discovery
 * document, www.googleapis.com/discovery/v1/apis/drive/v3/rest), one rule at a time.
 */
const API = 'https://www.googleapis.com';
const ROOT = '0AROOTxyz';
const folder = (id: string, name: string, parent: string) => ({
  id,
  name,
  mimeType: 'application/vnd.google-apps.folder',
  parents: [parent],
});
const photo = (id: string, name: string, parent: string) => ({
  id,
  name,
  mimeType: 'image/jpeg',
  parents: [parent],
  size: '1000',
  md5Checksum: `${id}md5`,
});
/** files.get of folders by id, for path resolution. */
const folders = (list: Record<string, { name: string; parents?: string[] }>): Rule => [
  /\/drive\/v3\/files\/[^/?]+\?fields=id%2Cname%2Cparents|\/drive\/v3\/files\/[^/?]+\?fields=id,name,parents/,
  (req) => {
    const id = decodeURIComponent(/\/files\/([^/?]+)\?/.exec(req.url)?.[1] ?? '');
    const f = list[id];
    return f ? json({ id, ...f }) : json({ error: { code: 404, message: `File not found: ${id}.` } }, 404);
  },
];
const tree = folders({
  [ROOT]: { name: 'My Drive' },
  fTrips: { name: 'Trips', parents: [ROOT] },
  fParis: { name: 'Paris', parents: ['fTrips'] },
});

function provider(rules: Rule[], pageSize?: number) {
  const scripted = scriptedFetch(rules);
  const http = createHttp({ fetch: scripted.fetch, getAccessToken: async () => 'tok' });
  return {
    p: createGoogleDriveProvider({
      http,
      apiUrl: API,
      publicUrl: 'https://drive.google.com',
      pageSize,
      deliveryApiKey: async () => 'portal-browser-key',
    }),
    ...scripted,
  };
}

describe('Google Drive client against documented answers', () => {
  it('restarts a full listing from the first page when Drive rejects a files.list page token (400), not only on 410', async () => {
    // FileList.nextPageToken: "If the token is rejected for any reason, it should be discarded, and pagination
    // should be restarted from the first page of results" (discovery document, FileList schema).
    const { p } = provider([
      [
        /\/files\?.*pageToken=stale/,
        () =>
          json(
            { error: { code: 400, message: 'Invalid Value', errors: [{ reason: 'invalid', location: 'pageToken' }] } },
            400,
          ),
      ],
    ]);
    const page = await p.changes(JSON.stringify({ phase: 'list', start: 'S1', pageToken: 'stale' }));
    expect(page.reset).toBe(true);
    expect(page.upserts).toEqual([]);
  });

  it('fetches thumbnailLink with the bearer token (files.thumbnailLink of a file not shared publicly)', async () => {
    // File.thumbnailLink: "If the file isn't shared publicly, the URL returned in Files.thumbnailLink must be
    // fetched using a credentialed request" (discovery document, File schema).
    const { p, requests } = provider([
      [
        /\?fields=thumbnailLink/,
        () => json({ thumbnailLink: 'https://lh3.googleusercontent.com/drive-storage/AJQW=s220' }),
      ],
      [
        /lh3\.googleusercontent\.com/,
        (req) =>
          req.authorization === 'Bearer tok'
            ? new Response(new Uint8Array([0xff, 0xd8]))
            : new Response('', { status: 403 }),
      ],
    ]);
    const bytes = await p.thumbnail({ id: 'f1', path: '' }, 'small');
    expect(Array.from(bytes ?? [])).toEqual([0xff, 0xd8]);
    expect(requests.at(-1)).toMatchObject({
      url: 'https://lh3.googleusercontent.com/drive-storage/AJQW=s220',
      authorization: 'Bearer tok',
    });
  });

  it("skips changeType 'drive' entries (no fileId) instead of failing the page", async () => {
    // Change.changeType: "The type of the change. Possible values are file and drive." (discovery document).
    const { p } = provider([
      tree,
      [
        /\/changes\?/,
        () =>
          json({
            kind: 'drive#changeList',
            newStartPageToken: '42',
            changes: [
              {
                kind: 'drive#change',
                changeType: 'drive',
                removed: false,
                driveId: '0ASHARED',
                time: '2026-01-01T00:00:00.000Z',
                drive: { id: '0ASHARED', name: 'Team' },
              },
              {
                kind: 'drive#change',
                changeType: 'file',
                removed: false,
                fileId: 'p1',
                time: '2026-01-01T00:00:00.000Z',
                file: photo('p1', 'a.jpg', 'fParis'),
              },
            ],
          }),
      ],
    ]);
    const page = await p.changes(JSON.stringify({ phase: 'changes', pageToken: '41' }));
    expect(page.upserts.map((u) => [u.id, u.folder])).toEqual([['p1', 'Trips/Paris']]);
    expect(page.deletions).toEqual([]);
  });

  it('uses the last occurrence of a file within one changes page: [removed X, X] keeps X', async () => {
    const { p } = provider([
      tree,
      [
        /\/changes\?/,
        () =>
          json({
            newStartPageToken: '43',
            changes: [
              { changeType: 'file', removed: true, fileId: 'p1' },
              { changeType: 'file', removed: false, fileId: 'p1', file: photo('p1', 'a.jpg', 'fParis') },
              { changeType: 'file', removed: false, fileId: 'p2', file: photo('p2', 'b.jpg', 'fParis') },
              {
                changeType: 'file',
                removed: false,
                fileId: 'p2',
                file: { ...photo('p2', 'b.jpg', 'fParis'), trashed: true },
              },
            ],
          }),
      ],
    ]);
    const page = await p.changes(JSON.stringify({ phase: 'changes', pageToken: '42' }));
    expect(page.upserts.map((u) => u.id)).toEqual(['p1']);
    expect(page.deletions).toEqual(['p2']);
  });

  it('reports a renamed or moved folder with its new path, and files below it follow', async () => {
    const { p } = provider([
      tree,
      [
        /\/changes\?pageToken=50/,
        () =>
          json({
            nextPageToken: '51',
            // Only the folder is reported: Drive does not re-report its descendants.
            changes: [
              {
                changeType: 'file',
                removed: false,
                fileId: 'fParis',
                file: { ...folder('fParis', 'Paris 2020', ROOT), trashed: false },
              },
            ],
          }),
      ],
      [
        /\/changes\?pageToken=51/,
        () =>
          json({
            newStartPageToken: '52',
            changes: [{ changeType: 'file', removed: false, fileId: 'p9', file: photo('p9', 'z.jpg', 'fParis') }],
          }),
      ],
      [
        /\/changes\?pageToken=49/,
        () =>
          json({
            newStartPageToken: '50',
            changes: [{ changeType: 'file', removed: false, fileId: 'p8', file: photo('p8', 'y.jpg', 'fParis') }],
          }),
      ],
    ]);
    const before = await p.changes(JSON.stringify({ phase: 'changes', pageToken: '49' }));
    expect(before.upserts[0]?.folder).toBe('Trips/Paris');
    expect(before.folders).toEqual(
      expect.arrayContaining([
        { id: 'fParis', path: 'Trips/Paris' },
        { id: 'fTrips', path: 'Trips' },
      ]),
    );
    const renamed = await p.changes(JSON.stringify({ phase: 'changes', pageToken: '50' }));
    expect(renamed.folders).toEqual([{ id: 'fParis', path: 'Paris 2020' }]);
    const after = await p.changes(renamed.cursor);
    expect(after.upserts[0]?.folder).toBe('Paris 2020');
  });

  it('asks for at most 100 files per page (Drive changes a larger pageSize to 100)', async () => {
    const { p, requests } = provider(
      [
        [/\/changes\/startPageToken/, () => json({ startPageToken: '1' })],
        [/\/files\?/, () => json({ files: [] })],
      ],
      500,
    );
    await p.changes(null);
    expect(new URL(requests.at(-1)?.url ?? '').searchParams.get('pageSize')).toBe('100');
  });

  it('makes and revokes links with supportsAllDrives=true, so shared-drive items can be shared', async () => {
    // permissions.create / permissions.delete: "supportsAllDrives: Whether the requesting application supports
    // both My Drives and shared drives" (discovery document); without it a shared-drive file answers 404.
    const { p, requests } = provider([
      [
        /\/files\/fTeam1\?fields=mimeType%2CresourceKey&.*supportsAllDrives=true|\/files\/fTeam1\?fields=mimeType,resourceKey&.*supportsAllDrives=true/,
        () => json({ mimeType: 'image/jpeg' }),
      ],
      [/\/permissions\?.*supportsAllDrives=true/, () => json({ id: 'anyoneWithLink' })],
      [/\/permissions\/anyoneWithLink\?supportsAllDrives=true/, () => new Response(null, { status: 204 })],
    ]);
    const link = await p.createLink({ id: 'fTeam1', path: 'Team/a.jpg' }, null);
    await p.revokeLink({ id: 'fTeam1', path: 'Team/a.jpg' }, link);
    expect(requests.map((r) => new URL(r.url).searchParams.get('supportsAllDrives'))).toEqual(['true', 'true', 'true']);
    expect(link.delivery?.full).toMatch(/\/drive\/v3\/files\/fTeam1\?alt=media&key=portal-browser-key$/);
  });
});
