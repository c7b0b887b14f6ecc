import {
  type ChangePage,
  DelegatedLink,
  type Provider,
  ProviderError,
  type ProviderItem,
  type ProviderItemRef,
} from '@hypomos/shared/providers/provider';
import { FolderPaths, lastOccurrences } from '@hypomos/shared/providers/folder-paths';
import { driveDelivery } from '@hypomos/shared/sharing/delivery';
import { z } from 'zod';
import { type Http, rangeBody, rangeHeader } from './http';

/**
 * Google Drive API v3. A full listing first takes `changes.getStartPageToken`, then pages `files.list`
 * (so nothing changed during the listing is missed), then follows `changes.list`. The cursor is JSON
 * ({phase, pageToken, start}). A files.list page token Drive rejects (any 4xx: "if the token is rejected for any
 * reason, it should be discarded, and pagination should be restarted from the first page", FileList.nextPageToken
 * in the discovery document) restarts the listing; change tokens do not expire ("The page token doesn't expire",
 * ChangeList.nextPageToken), so only a 410 there starts over. Drive's "anyone with the link" permission cannot
 * expire, so the extension revokes it on expiry.
 */
const FOLDER = 'application/vnd.google-apps.folder';
const FILE_FIELDS =
  'id,name,mimeType,parents,trashed,size,createdTime,modifiedTime,version,md5Checksum,sha256Checksum,webViewLink,' +
  'imageMediaMetadata(width,height,rotation,time,cameraMake,cameraModel,location),videoMediaMetadata(width,height,durationMillis)';

const DriveFile = z.object({
  id: z.string(),
  name: z.string().optional(),
  mimeType: z.string().optional(),
  parents: z.array(z.string()).optional(),
  trashed: z.boolean().optional(),
  size: z.string().optional(),
  createdTime: z.string().optional(),
  modifiedTime: z.string().optional(),
  version: z.string().optional(),
  md5Checksum: z.string().optional(),
  sha256Checksum: z.string().optional(),
  webViewLink: z.string().optional(),
  imageMediaMetadata: z
    .object({
      width: z.number().optional(),
      height: z.number().optional(),
      rotation: z.number().optional(),
      time: z.string().optional(),
      cameraMake: z.string().optional(),
      cameraModel: z.string().optional(),
      location: z
        .object({ latitude: z.number().optional(), longitude: z.number().optional(), altitude: z.number().optional() })
        .optional(),
    })
    .optional(),
  videoMediaMetadata: z
    .object({ width: z.number().optional(), height: z.number().optional(), durationMillis: z.string().optional() })
    .optional(),
});
type DriveFile = z.infer<typeof DriveFile>;

const FileList = z.object({ nextPageToken: z.string().optional(), files: z.array(DriveFile) });
const ChangeList = z.object({
  nextPageToken: z.string().optional(),
  newStartPageToken: z.string().optional(),
  // changeType 'drive' entries (a shared drive changed) carry driveId and no fileId (Change resource).
  changes: z.array(
    z.object({
      changeType: z.string().optional(),
      fileId: z.string().optional(),
      removed: z.boolean().optional(),
      file: DriveFile.optional(),
    }),
  ),
});
const StartToken = z.object({ startPageToken: z.string() });
/** About.storageQuota: int64 values as strings; `limit` "will not be present if the user has unlimited storage". */
const Int64 = z.string().regex(/^\d+$/).transform(Number);
const About = z.object({
  storageQuota: z.object({
    limit: Int64.optional(),
    usage: Int64,
    usageInDrive: Int64.optional(),
    usageInDriveTrash: Int64.optional(),
  }),
});
const Folder = z.object({
  id: z.string(),
  name: z.string(),
  parents: z.array(z.string()).optional(),
  driveId: z.string().optional(),
});
/** Shared drives: the app supports them (else their items are hidden) and lists them with My Drive. */
const ALL_DRIVES = 'supportsAllDrives=true';
const LIST_ALL_DRIVES = { supportsAllDrives: 'true', includeItemsFromAllDrives: 'true', corpora: 'allDrives' };
const PermissionAnswer = z.object({ id: z.string() });
/** File.resourceKey: "A key needed to access the item via a shared link" (links made before 2021-09-13). */
const LinkFacts = z.object({ mimeType: z.string().optional(), resourceKey: z.string().max(200).optional() });
const ThumbAnswer = z.object({ thumbnailLink: z.string().url().optional() });

const Cursor = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('list'), start: z.string(), pageToken: z.string().nullable() }),
  z.object({ phase: z.literal('changes'), pageToken: z.string() }),
]);

export interface GoogleDriveOptions {
  http: Http;
  /** API origin, e.g. https://www.googleapis.com */
  apiUrl: string;
  /** Origin of public links, e.g. https://drive.google.com */
  publicUrl: string;
  /** Files per page; Drive changes anything above 100 to 100 (files.list pageSize), so we ask for at most that. */
  pageSize?: number;
  /** The paired portal's browser API key, which guests send to read shared files through the Drive API. */
  deliveryApiKey?: () => Promise<string | null>;
}

/** Why a Drive item cannot be embedded, for the owner at share time. */
export const RESOURCE_KEY_NOTICE =
  'Google asks for a resource key for this file (it was shared by link before September 2021), which a web page ' +
  "cannot send: guests see it only through the portal's relay, and not at all while the relay is off.";

/** EXIF orientation for Drive's clockwise quarter turns (mirroring is not reported by Drive). */
const ORIENTATION: Record<number, number> = { 0: 1, 1: 6, 2: 3, 3: 8 };

export function createGoogleDriveProvider(opts: GoogleDriveOptions): Provider {
  const { http } = opts;
  const api = `${opts.apiUrl}/drive/v3`;
  const pageSize = Math.min(opts.pageSize ?? 100, 100);
  // A folder with no parents is My Drive's root (path ''), or a shared drive's root (driveId set): its files
  // go under the shared drive's name.
  const folders = new FolderPaths(async (id) => {
    const f = await http.json(`${api}/files/${id}?fields=id,name,parents,driveId&${ALL_DRIVES}`, Folder);
    return { name: f.name, parentId: f.parents?.[0] ?? null, isRoot: !f.parents?.length && !f.driveId };
  });
  const folderOf = (parentId: string | undefined): Promise<string> => folders.path(parentId);

  const restart = (): ChangePage => ({ upserts: [], deletions: [], cursor: '', done: false, reset: true });
  /** `reset` for the answers that mean "start over": 410, and for a list page token any client error. */
  const guard = async <T>(fn: () => Promise<T>, pageTokenRejectable: boolean): Promise<T | 'reset'> => {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.kind === 'gone') return 'reset';
      const rejected = error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 401;
      if (pageTokenRejectable && rejected && error.kind !== 'throttled' && error.kind !== 'unauthorized')
        return 'reset';
      throw error;
    }
  };

  const isMedia = (f: DriveFile) => f.mimeType !== FOLDER && !f.trashed;
  /** A folder path ('' = My Drive) to its id, one level at a time. */
  const folderIdOf = async (path: string): Promise<string | null> => {
    let id = 'root';
    for (const name of path.split('/').filter(Boolean)) {
      const q = `'${id}' in parents and name = '${name.replace(/['\\]/g, '\\$&')}' and mimeType = '${FOLDER}' and trashed = false`;
      const found = await http.json(
        `${api}/files?${new URLSearchParams({ q, fields: 'files(id)', pageSize: '1', ...LIST_ALL_DRIVES })}`,
        z.object({ files: z.array(z.object({ id: z.string() })) }),
      );
      if (!found.files[0]) return null;
      id = found.files[0].id;
    }
    return id;
  };

  const setTrashed = async (ref: ProviderItemRef, trashed: boolean) => {
    await http.request(`${api}/files/${encodeURIComponent(ref.id)}?fields=id,trashed&${ALL_DRIVES}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trashed }),
    });
  };

  return {
    kind: 'gdrive',
    async storage() {
      // https://developers.google.com/drive/api/reference/rest/v3/about; Drive has no quota state, the page derives one.
      const { storageQuota: q } = await http.json(`${api}/about?fields=storageQuota`, About);
      return { totalBytes: q.limit ?? null, usedBytes: q.usage, inBinBytes: q.usageInDriveTrash ?? null, state: null };
    },
    canLink: true,
    deletes: 'bin',
    // files.update (https://developers.google.com/drive/api/reference/rest/v3/files/update) with `trashed`: the
    // file goes to the owner's trash and comes back from it; "Only the owner may trash a file".
    trash: (ref) => setTrashed(ref, true),
    restore: (ref) => setTrashed(ref, false),
    async items(ids) {
      const out: ProviderItem[] = [];
      for (const id of ids) {
        try {
          const f = await http.json(
            `${api}/files/${encodeURIComponent(id)}?fields=${encodeURIComponent(FILE_FIELDS)}&${ALL_DRIVES}`,
            DriveFile,
          );
          if (isMedia(f)) out.push(toProviderItem(f, await folderOf(f.parents?.[0])));
        } catch (error) {
          if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
        }
      }
      return out;
    },
    async listFolder(folder) {
      const id = folder.id ?? (await folderIdOf(folder.path ?? ''));
      if (!id) return [];
      const out: ProviderItem[] = [];
      let pageToken: string | undefined;
      do {
        const q = new URLSearchParams({
          q: `'${id}' in parents and trashed = false and mimeType != '${FOLDER}'`,
          fields: `nextPageToken,files(${FILE_FIELDS})`,
          pageSize: String(pageSize),
          ...LIST_ALL_DRIVES,
        });
        if (pageToken) q.set('pageToken', pageToken);
        const list = await http.json(`${api}/files?${q}`, FileList);
        for (const f of list.files) out.push(toProviderItem(f, await folderOf(f.parents?.[0])));
        pageToken = list.nextPageToken;
      } while (pageToken);
      return out;
    },
    async changes(raw) {
      let cursor: z.infer<typeof Cursor>;
      if (raw === null || raw === '') {
        const start = await http.json(`${api}/changes/startPageToken?${ALL_DRIVES}`, StartToken);
        cursor = { phase: 'list', start: start.startPageToken, pageToken: null };
      } else {
        const parsed = Cursor.safeParse(safeJson(raw));
        if (!parsed.success) return restart();
        cursor = parsed.data;
      }
      if (cursor.phase === 'list') {
        const q = new URLSearchParams({
          q: `trashed = false and mimeType != '${FOLDER}'`,
          fields: `nextPageToken,files(${FILE_FIELDS})`,
          pageSize: String(pageSize),
          ...LIST_ALL_DRIVES,
        });
        if (cursor.pageToken) q.set('pageToken', cursor.pageToken);
        const list = await guard(() => http.json(`${api}/files?${q}`, FileList), cursor.pageToken !== null);
        if (list === 'reset') return restart();
        const upserts = await Promise.all(
          list.files.map(async (f) => toProviderItem(f, await folderOf(f.parents?.[0]))),
        );
        const done = !list.nextPageToken;
        const next = done
          ? { phase: 'changes', pageToken: cursor.start }
          : { ...cursor, pageToken: list.nextPageToken ?? null };
        return { upserts, deletions: [], folders: folders.takeResolved(), cursor: JSON.stringify(next), done };
      }
      const q = new URLSearchParams({
        pageToken: cursor.pageToken,
        pageSize: String(pageSize),
        includeRemoved: 'true',
        supportsAllDrives: 'true',
        includeItemsFromAllDrives: 'true',
        fields: `nextPageToken,newStartPageToken,changes(changeType,fileId,removed,file(${FILE_FIELDS}))`,
      });
      const list = await guard(() => http.json(`${api}/changes?${q}`, ChangeList), false);
      if (list === 'reset') return restart();
      const page: ChangePage = { upserts: [], deletions: [], cursor: '', done: false };
      // Shared-drive entries (changeType 'drive') say nothing about files; a later entry for a file wins.
      const fileChanges = list.changes.filter((c) => c.changeType !== 'drive' && c.fileId !== undefined);
      const last = lastOccurrences(fileChanges, (c) => c.fileId ?? null);
      // Folders first, so files of this page already see a folder renamed in it.
      for (const change of last) {
        const f = change.file;
        if (f?.mimeType !== FOLDER || change.removed || f.trashed) continue;
        folders.record(f.id, { name: f.name ?? f.id, parentId: f.parents?.[0] ?? null, isRoot: !f.parents?.length });
        await folders.path(f.id);
      }
      for (const change of last) {
        const f = change.file;
        const id = change.fileId as string;
        if (change.removed || !f || f.trashed) {
          folders.forget(id);
          page.deletions.push(id);
        } else if (f.mimeType !== FOLDER) page.upserts.push(toProviderItem(f, await folderOf(f.parents?.[0])));
      }
      page.folders = folders.takeResolved();
      page.done = !list.nextPageToken;
      const token = list.nextPageToken ?? list.newStartPageToken;
      if (!token)
        throw new ProviderError('bad_response', 'changes answer has neither nextPageToken nor newStartPageToken');
      page.cursor = JSON.stringify({ phase: 'changes', pageToken: token });
      return page;
    },
    async readRange(ref, start, end) {
      if (end <= start) return new Uint8Array(0);
      const res = await http.bytes(
        `${api}/files/${ref.id}?alt=media&${ALL_DRIVES}`,
        { headers: { Range: rangeHeader(start, end) } },
        { accept: [416] },
      );
      return res.status === 416 ? new Uint8Array(0) : rangeBody(res.status, res.bytes, start, end);
    },
    async mediaRequest(ref) {
      return { url: `${api}/files/${ref.id}?alt=media&${ALL_DRIVES}`, headers: await http.authHeaders() };
    },
    async thumbnail(ref, size) {
      const { thumbnailLink } = await http.json(
        `${api}/files/${ref.id}?fields=thumbnailLink&${ALL_DRIVES}`,
        ThumbAnswer,
      );
      if (!thumbnailLink) return null;
      // "If the file isn't shared publicly, the URL returned in Files.thumbnailLink must be fetched using a
      // credentialed request" (File.thumbnailLink, discovery document): the scanner's files are private.
      const url = thumbnailLink.replace(/=s\d+$/, size === 'small' ? '=s220' : '=s1600');
      return (await http.bytes(url)).bytes;
    },
    async createLink(ref, expiresAt) {
      // Since January 2024 the download host (uc?export=download) refuses other sites, so guests read files through
      // the Drive API with the portal's key (shared/src/sharing/delivery.ts).
      const apiKey = (await opts.deliveryApiKey?.()) ?? null;
      if (!apiKey)
        throw new Error(
          'The portal gave no Google Drive API key, which guests need to load Drive files: connect the extension ' +
            'to the portal again, or ask its operator to set DRIVE_API_KEY',
        );
      const facts = await http.json(`${api}/files/${ref.id}?fields=mimeType,resourceKey&${ALL_DRIVES}`, LinkFacts);
      const p = await http.json(`${api}/files/${ref.id}/permissions?fields=id&${ALL_DRIVES}`, PermissionAnswer, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'reader', type: 'anyone' }),
      });
      const media = facts.mimeType?.startsWith('video/') ? 'video' : 'image';
      const resourceKey = facts.resourceKey ?? null;
      const delivery = driveDelivery(ref.id, media, apiKey, resourceKey, { api: opts.apiUrl, web: opts.publicUrl });
      return DelegatedLink.parse({
        url: delivery.full ?? delivery.relaySource,
        thumbnailUrl: delivery.grid[0] ?? null,
        linkId: p.id,
        // Drive cannot expire an anyone permission: the publisher revokes it at this time.
        expiresAt: expiresAt?.getTime() ?? null,
        delivery,
        notice: resourceKey ? RESOURCE_KEY_NOTICE : null,
      });
    },
    async revokeLink(ref, link) {
      await http.request(
        `${api}/files/${ref.id}/permissions/${encodeURIComponent(link.linkId)}?${ALL_DRIVES}`,
        { method: 'DELETE' },
        { accept: [404] },
      );
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function toProviderItem(f: DriveFile, folder: string): ProviderItem {
  const img = f.imageMediaMetadata;
  const vid = f.videoMediaMetadata;
  const time = (s: string | undefined) => (s ? Date.parse(s) : null);
  const hashes: Record<string, string> = {};
  if (f.md5Checksum) hashes.md5 = f.md5Checksum;
  if (f.sha256Checksum) hashes.sha256 = f.sha256Checksum;
  return {
    id: f.id,
    name: f.name ?? f.id,
    folder,
    parentId: f.parents?.[0] ?? null,
    mimeType: f.mimeType ?? null,
    bytes: f.size ? Number(f.size) : null,
    modifiedAt: time(f.modifiedTime),
    createdAt: time(f.createdTime),
    etag: f.md5Checksum ?? f.version ?? null,
    hashes,
    webUrl: f.webViewLink ?? null,
    width: img?.width ?? vid?.width ?? null,
    height: img?.height ?? vid?.height ?? null,
    // Drive keeps the EXIF form "YYYY:MM:DD HH:MM:SS" (local wall-clock time).
    takenAt: img?.time ? img.time.replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T') : null,
    make: img?.cameraMake ?? null,
    model: img?.cameraModel ?? null,
    lat: img?.location?.latitude ?? null,
    lon: img?.location?.longitude ?? null,
    alt: img?.location?.altitude ?? null,
    durationMs: vid?.durationMillis ? Number(vid.durationMillis) : null,
    orientation: img?.rotation !== undefined ? (ORIENTATION[img.rotation] ?? null) : null,
  };
}
