import type { StoredNode } from '../contract/media-store';
import type { Schema } from './fields';
import { mimeTypeOf } from './query';

/** Fields of the Drive v3 File resource this server knows (a subset of the documented ones). */
export const FILE_SCHEMA: Schema = {
  kind: true,
  id: true,
  name: true,
  mimeType: true,
  parents: true,
  trashed: true,
  explicitlyTrashed: true,
  createdTime: true,
  modifiedTime: true,
  size: true,
  version: true,
  md5Checksum: true,
  sha1Checksum: true,
  sha256Checksum: true,
  headRevisionId: true,
  hasThumbnail: true,
  thumbnailLink: true,
  thumbnailVersion: true,
  webContentLink: true,
  webViewLink: true,
  shared: true,
  fileExtension: true,
  originalFilename: true,
  imageMediaMetadata: {
    width: true,
    height: true,
    rotation: true,
    time: true,
    cameraMake: true,
    cameraModel: true,
    exposureTime: true,
    aperture: true,
    focalLength: true,
    isoSpeed: true,
    location: { latitude: true, longitude: true, altitude: true },
  },
  videoMediaMetadata: { width: true, height: true, durationMillis: true },
  permissions: { id: true, type: true, role: true, kind: true, allowFileDiscovery: true },
  driveId: true,
  resourceKey: true,
};

export const LIST_SCHEMA: Schema = { kind: true, nextPageToken: true, incompleteSearch: true, files: FILE_SCHEMA };
export const CHANGES_SCHEMA: Schema = {
  kind: true,
  nextPageToken: true,
  newStartPageToken: true,
  changes: {
    kind: true,
    changeType: true,
    time: true,
    removed: true,
    fileId: true,
    file: FILE_SCHEMA,
    driveId: true,
    drive: { kind: true, id: true, name: true },
  },
};

export interface FileContext {
  baseUrl: string;
  thumbnailLink: (node: StoredNode) => string;
  /** Set for a file link-shared before 2021-09-13 (server.requireResourceKey). */
  resourceKey: (node: StoredNode) => string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Drive reports EXIF rotation in quarter turns clockwise; orientation 6 = 1, 3 = 2, 8 = 3. */
const ROTATION: Record<number, number> = { 1: 0, 3: 2, 6: 1, 8: 3 };

/** The full File resource; `project()` then keeps the requested fields. */
export function toDriveFile(
  ctx: FileContext,
  node: StoredNode,
  rootId: string,
  driveId: string | null = null,
): Record<string, unknown> {
  const shared = node.permissions.some((p) => !p.revoked);
  const file: Record<string, unknown> = {
    kind: 'drive#file',
    id: node.id,
    name: node.name,
    mimeType: mimeTypeOf(node),
    parents: node.parentId ? [node.parentId] : [],
    trashed: node.trashed,
    explicitlyTrashed: node.trashed,
    createdTime: iso(node.createdAt),
    modifiedTime: iso(node.modifiedAt),
    version: String(node.version),
    shared,
    webViewLink: `${ctx.baseUrl}/file/d/${node.id}/view`,
  };
  if (node.id === rootId) file.name = 'My Drive';
  // File.driveId: "ID of the shared drive the file resides in. Only populated for items in shared drives."
  if (driveId) file.driveId = driveId;
  // File.resourceKey: "A key needed to access the item via a shared link."
  const resourceKey = ctx.resourceKey(node);
  if (resourceKey) file.resourceKey = resourceKey;
  if (node.folder) return file;
  const ext = /\.([^.]+)$/.exec(node.name)?.[1];
  Object.assign(file, {
    size: String(node.content?.length ?? 0),
    md5Checksum: node.md5,
    sha1Checksum: node.sha1,
    sha256Checksum: node.sha256,
    headRevisionId: `r${node.version}`,
    originalFilename: node.name,
    ...(ext ? { fileExtension: ext } : {}),
    hasThumbnail: !!node.thumbnail,
    thumbnailVersion: String(node.version),
    webContentLink: `${ctx.baseUrl}/uc?id=${node.id}&export=download`,
  });
  if (node.thumbnail) file.thumbnailLink = ctx.thumbnailLink(node);
  const f = node.facts;
  if (!f) return file;
  if (node.mimeType.startsWith('video/')) {
    file.videoMediaMetadata = {
      width: f.width,
      height: f.height,
      durationMillis: f.durationMs === null ? undefined : String(f.durationMs),
    };
    return file;
  }
  file.imageMediaMetadata = Object.fromEntries(
    Object.entries({
      width: f.width ?? undefined,
      height: f.height ?? undefined,
      rotation: f.orientation ? ROTATION[f.orientation] : undefined,
      // Drive keeps the EXIF form "YYYY:MM:DD HH:MM:SS".
      time: f.takenAt ? f.takenAt.slice(0, 19).replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$1:$2:$3 ') : undefined,
      cameraMake: f.make ?? undefined,
      cameraModel: f.model ?? undefined,
      exposureTime: f.exposureTime ?? undefined,
      aperture: f.fNumber ?? undefined,
      focalLength: f.focalLength ?? undefined,
      isoSpeed: f.iso ?? undefined,
      location:
        f.lat !== null && f.lon !== null
          ? { latitude: f.lat, longitude: f.lon, ...(f.alt !== null ? { altitude: f.alt } : {}) }
          : undefined,
    }).filter(([, v]) => v !== undefined),
  );
  return file;
}
