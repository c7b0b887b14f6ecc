import type { MediaStore, StoredNode } from '../contract/media-store';
import { quickXorHash } from '@hypomos/shared/import/quick-xor-hash';

/** driveItem properties a client may `$select` (Graph v1.0 driveItem resource). */
export const SELECTABLE = [
  'id',
  'name',
  'eTag',
  'cTag',
  'size',
  'createdDateTime',
  'lastModifiedDateTime',
  'webUrl',
  'parentReference',
  'file',
  'folder',
  'root',
  'deleted',
  'image',
  'photo',
  'video',
  'location',
  '@microsoft.graph.downloadUrl',
] as const;

export const DRIVE_ID = 'd4648f06c91d9d3d';
/** The Business owner's personal-site segment (`https://TENANT-my.sharepoint.com/personal/{user}/`). */
export const BUSINESS_USER = 'adelev_contoso_onmicrosoft_com';
/** A Business drive id has the documented `b!…` form (driveitem docs examples). */
export const BUSINESS_DRIVE_ID = 'b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7';

const iso = (ms: number) => new Date(ms).toISOString();
const quickXorCache = new WeakMap<Buffer, string>();

export interface ItemContext {
  store: MediaStore;
  baseUrl: string;
  downloadUrl: (node: StoredNode) => string;
  driveType: 'personal' | 'business';
  driveId: string;
}

/**
 * One driveItem as Graph returns it, restricted to `select` (null = all default properties). In delta answers
 * `parentReference.path` is left out, and some properties are omitted as the delta docs' remarks tabulate
 * (learn.microsoft.com/graph/api/driveitem-delta#remarks): OneDrive (consumer) omits `cTag` and `size` of a
 * deleted item; OneDrive for Business omits `cTag` always and `name` of a deleted item. Paths take the
 * personal form `/drive/root:/…` or the Business form `/drives/{driveId}/root:/…` (itemReference resource).
 */
export function toDriveItem(
  ctx: ItemContext,
  node: StoredNode,
  select: ReadonlySet<string> | null,
  inDelta = false,
): Record<string, unknown> {
  const { store } = ctx;
  const full: Record<string, unknown> = {
    id: node.id,
    name: node.name,
    eTag: `"{${node.id}},${node.version}"`,
    cTag: `"c:{${node.id}},${node.version}"`,
    createdDateTime: iso(node.createdAt),
    lastModifiedDateTime: iso(node.modifiedAt),
    size: node.content?.length ?? 0,
    webUrl: `${ctx.baseUrl}/view/${encodeURIComponent(node.id)}`,
  };
  if (node.id === store.rootId) full.root = {};
  else {
    const folder = store.folderPath(node);
    const rootPath = ctx.driveType === 'business' ? `/drives/${ctx.driveId}/root:` : '/drive/root:';
    full.parentReference = {
      driveId: ctx.driveId,
      driveType: ctx.driveType,
      id: node.parentId,
      ...(inDelta ? {} : { path: folder ? `${rootPath}/${encodeURI(folder)}` : rootPath }),
    };
  }
  const gone = node.deleted || node.trashed;
  if (inDelta) {
    if (ctx.driveType === 'business') delete full.cTag;
    if (gone) for (const k of ctx.driveType === 'business' ? ['cTag', 'name'] : ['cTag', 'size']) delete full[k];
  }
  if (gone) {
    full.deleted = { state: 'deleted' };
    if (node.folder) full.folder = {};
    else full.file = {};
  } else if (node.folder) full.folder = { childCount: store.live().filter((n) => n.parentId === node.id).length };
  else Object.assign(full, fileFacets(node), { '@microsoft.graph.downloadUrl': ctx.downloadUrl(node) });
  if (!select) {
    delete full['@microsoft.graph.downloadUrl'];
    return full;
  }
  // Graph always returns id, and a deleted item always carries its `deleted` facet in a delta.
  const keep = new Set([...select, 'id', ...(gone ? ['deleted'] : [])]);
  return Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k)));
}

function fileFacets(node: StoredNode): Record<string, unknown> {
  const content = node.content ?? Buffer.alloc(0);
  let qxh = quickXorCache.get(content);
  if (!qxh) {
    qxh = quickXorHash(content);
    quickXorCache.set(content, qxh);
  }
  const out: Record<string, unknown> = {
    file: {
      mimeType: node.mimeType,
      hashes: { sha1Hash: node.sha1?.toUpperCase(), sha256Hash: node.sha256?.toUpperCase(), quickXorHash: qxh },
    },
  };
  const f = node.facts;
  if (!f) return out;
  const isVideo = node.mimeType.startsWith('video/');
  if (isVideo) out.video = { duration: f.durationMs, width: f.width, height: f.height };
  else if (f.width && f.height) out.image = { width: f.width, height: f.height };
  if (!isVideo && (f.takenAt || f.make || f.model)) {
    // OneDrive reports the camera's wall-clock time as if it were UTC (it has no zone to go by).
    const exposure =
      f.exposureTime && f.exposureTime < 1
        ? { exposureNumerator: 1, exposureDenominator: Math.round(1 / f.exposureTime) }
        : {};
    out.photo = Object.fromEntries(
      Object.entries({
        takenDateTime: f.takenAt ? `${f.takenAt.slice(0, 19)}Z` : undefined,
        cameraMake: f.make ?? undefined,
        cameraModel: f.model ?? undefined,
        fNumber: f.fNumber ?? undefined,
        focalLength: f.focalLength ?? undefined,
        iso: f.iso ?? undefined,
        orientation: f.orientation ?? undefined,
        ...exposure,
      }).filter(([, v]) => v !== undefined),
    );
  }
  if (f.lat !== null && f.lon !== null)
    out.location = { latitude: f.lat, longitude: f.lon, ...(f.alt !== null ? { altitude: f.alt } : {}) };
  return out;
}

/** Parses `$select`; returns the unknown names when there are any. */
export function parseSelect(value: string | null): { select: Set<string> | null; unknown: string[] } {
  if (value === null) return { select: null, unknown: [] };
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set<string>(SELECTABLE);
  return { select: new Set(names), unknown: names.filter((n) => !known.has(n)) };
}
