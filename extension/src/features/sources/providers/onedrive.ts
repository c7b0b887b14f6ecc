import { FolderPaths, graphReferencePath, lastOccurrences } from '@hypomos/shared/providers/folder-paths';
import {
  businessDownloadUrl,
  embedSource,
  ONEDRIVE_PERSONAL_CONTENT,
  personalDownloadUrl,
} from '@hypomos/shared/providers/onedrive-share';
import {
  type ChangePage,
  DelegatedLink,
  type Provider,
  ProviderError,
  type ProviderItem,
  type ProviderItemRef,
} from '@hypomos/shared/providers/provider';
import { GRAPH_WEB_SIZE, oneDriveBusinessDelivery, oneDrivePersonalDelivery } from '@hypomos/shared/sharing/delivery';
import { z } from 'zod';
import { type Http, rangeBody, rangeHeader } from './http';

/**
 * OneDrive through Microsoft Graph v1.0. Listing and sync use `/me/drive/root/delta`: the cursor is
 * the nextLink/deltaLink URL itself (opaque to the scanner); a 410 resyncRequired answers `reset`.
 * Graph omits `parentReference.path` in delta answers (renames do not re-report descendants), so folders are
 * tracked by id (shared/providers/folder-paths): names and parents from delta, unknown ones with `GET /items/{id}`.
 * Within a page the last occurrence of an item wins (driveitem-delta remarks).
 */
const SELECT =
  'id,name,eTag,cTag,size,createdDateTime,lastModifiedDateTime,webUrl,parentReference,file,folder,root,deleted,image,photo,video,location';

const DriveItem = z.object({
  id: z.string(),
  name: z.string().optional(),
  eTag: z.string().optional(),
  cTag: z.string().optional(),
  size: z.number().optional(),
  createdDateTime: z.string().optional(),
  lastModifiedDateTime: z.string().optional(),
  webUrl: z.string().optional(),
  parentReference: z.object({ id: z.string().optional(), path: z.string().optional() }).optional(),
  file: z.object({ mimeType: z.string().optional(), hashes: z.record(z.string(), z.string()).optional() }).optional(),
  folder: z.object({}).passthrough().optional(),
  root: z.object({}).passthrough().optional(),
  deleted: z.object({}).passthrough().optional(),
  image: z.object({ width: z.number().optional(), height: z.number().optional() }).optional(),
  photo: z
    .object({
      takenDateTime: z.string().optional(),
      cameraMake: z.string().optional(),
      cameraModel: z.string().optional(),
      orientation: z.number().optional(),
    })
    .passthrough()
    .optional(),
  video: z
    .object({
      duration: z.number().nullable().optional(),
      width: z.number().nullable().optional(),
      height: z.number().nullable().optional(),
    })
    .passthrough()
    .optional(),
  location: z
    .object({ latitude: z.number().optional(), longitude: z.number().optional(), altitude: z.number().optional() })
    .optional(),
});
type DriveItem = z.infer<typeof DriveItem>;

const DeltaAnswer = z.object({
  value: z.array(DriveItem),
  '@odata.nextLink': z.string().url().optional(),
  '@odata.deltaLink': z.string().url().optional(),
});
const ChildrenAnswer = z.object({ value: z.array(DriveItem), '@odata.nextLink': z.string().url().optional() });
const FolderAnswer = z.object({
  id: z.string(),
  name: z.string(),
  root: z.object({}).passthrough().optional(),
  parentReference: z.object({ id: z.string().optional(), path: z.string().optional() }).optional(),
});
const Permission = z.object({
  id: z.string(),
  expirationDateTime: z.string().optional(),
  link: z.object({ webUrl: z.string().url(), webHtml: z.string().optional() }),
});
type Permission = z.infer<typeof Permission>;
const Drive = z.object({ driveType: z.string() });
/** `?select=c1920x1920`: "responds with just the custom thumbnail size selected" (driveitem-list-thumbnails). */
const CustomThumbnails = z.object({
  value: z.array(z.record(z.string(), z.union([z.string(), z.object({ url: z.string().url().optional() })]))),
});
/** The drive's quota facet (https://learn.microsoft.com/en-us/graph/api/resources/quota); every field is optional there. */
const DriveQuota = z.object({
  quota: z
    .object({
      total: z.number().optional(),
      used: z.number().optional(),
      deleted: z.number().optional(),
      state: z.enum(['normal', 'nearing', 'critical', 'exceeded']).optional(),
    })
    .optional(),
});

/** What the owner reads when their organisation refuses "Anyone" links (per item, at share time). */
export const ANYONE_LINKS_DISABLED =
  'this organisation does not allow "Anyone" links on OneDrive, so guests could not open this item. An administrator ' +
  'can allow them (SharePoint admin center, Sharing), or share the item from another source.';

export interface OneDriveOptions {
  http: Http;
  /** API root, e.g. https://graph.microsoft.com/v1.0 */
  apiUrl: string;
  /**
   * OneDrive personal's content host, where a view link's (undocumented) download.aspx form lives
   * (my.microsoftpersonalcontent.com in production, the contract server's in tests); see shared/providers/onedrive-share.
   */
  personalContentUrl?: string;
  pageSize?: number;
}

export function createOneDriveProvider(opts: OneDriveOptions): Provider {
  const { http, apiUrl } = opts;
  const origin = new URL(apiUrl).origin;
  const start = `${apiUrl}/me/drive/root/delta?$select=${SELECT}&$top=${opts.pageSize ?? 200}`;
  const item = (id: string) => `${apiUrl}/me/drive/items/${encodeURIComponent(id)}`;
  const folders = new FolderPaths(async (id) => {
    const f = await http.json(`${item(id)}?$select=id,name,root,parentReference`, FolderAnswer);
    return { name: f.name, parentId: f.parentReference?.id ?? null, isRoot: f.root !== undefined };
  });
  const folderPath = (parentId: string | undefined): Promise<string> => folders.path(parentId);
  /** drive-get `driveType`: personal, business or documentLibrary; asked once per provider. */
  let driveType: Promise<string> | null = null;
  const isBusiness = async () => {
    driveType ??= http.json(`${apiUrl}/me/drive?$select=driveType`, Drive).then((d) => d.driveType);
    driveType.catch(() => {
      driveType = null;
    });
    return (await driveType) !== 'personal';
  };
  const createLink = (ref: ProviderItemRef, body: Record<string, string>) =>
    http.json(`${item(ref.id)}/createLink`, Permission, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Outside delta, Graph gives `parentReference.path`; inside, only the parent id. */
  const folderOf = (entry: DriveItem) =>
    entry.parentReference?.path !== undefined
      ? Promise.resolve(graphReferencePath(entry.parentReference.path))
      : folderPath(entry.parentReference?.id);

  return {
    kind: 'onedrive',
    canLink: true,
    deletes: 'bin',
    async trash(ref) {
      // driveitem-delete: 204, and the item is in the recycle bin; 404 means it is not in the drive any more.
      await http.request(item(ref.id), { method: 'DELETE' }, { accept: [404] });
    },
    async restore(ref) {
      // driveitem-restore: "currently only available for OneDrive Personal"; work or school drives keep the item in
      // their recycle bin, where the user restores it in OneDrive on the web.
      if (await isBusiness())
        throw new ProviderError(
          'forbidden',
          'OneDrive for work or school cannot restore through Graph: restore it from the recycle bin in OneDrive',
        );
      await http.request(`${item(ref.id)}/restore`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
    },
    async storage() {
      const { quota } = await http.json(`${apiUrl}/me/drive?$select=quota`, DriveQuota);
      if (quota?.used === undefined) throw new ProviderError('bad_response', 'The drive reported no quota.');
      return {
        totalBytes: quota.total ?? null,
        usedBytes: quota.used,
        inBinBytes: quota.deleted ?? null,
        state: quota.state ?? null,
      };
    },
    async items(ids) {
      const out: ProviderItem[] = [];
      for (const id of ids) {
        try {
          const entry = await http.json(`${item(id)}?$select=${SELECT}`, DriveItem);
          if (entry.file && !entry.deleted) out.push(toProviderItem(entry, await folderOf(entry)));
        } catch (error) {
          if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
        }
      }
      return out;
    },
    async listFolder(folder) {
      const path = (folder.path ?? '').split('/').filter(Boolean).map(encodeURIComponent).join('/');
      let url: string | undefined =
        folder.id && folder.id !== 'root'
          ? `${item(folder.id)}/children`
          : path
            ? `${apiUrl}/me/drive/root:/${path}:/children`
            : `${apiUrl}/me/drive/root/children`;
      url += `?$select=${SELECT}&$top=${opts.pageSize ?? 200}`;
      const out: ProviderItem[] = [];
      while (url) {
        const page: z.infer<typeof ChildrenAnswer> = await http.json(url, ChildrenAnswer);
        for (const entry of page.value) if (entry.file) out.push(toProviderItem(entry, await folderOf(entry)));
        url = page['@odata.nextLink'];
        if (url && new URL(url).origin !== origin)
          throw new ProviderError('bad_response', `nextLink points outside ${origin}`);
      }
      return out;
    },
    async changes(cursor) {
      const url = cursor ?? start;
      // The cursor is a URL we were given; the bearer token only ever goes to the configured API origin.
      // A cursor for another origin (the source was pointed elsewhere) starts the listing over.
      if (!url.startsWith(`${origin}/`)) return { upserts: [], deletions: [], cursor: start, done: false, reset: true };
      let answer: z.infer<typeof DeltaAnswer>;
      try {
        answer = await http.json(url, DeltaAnswer);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'gone')
          return { upserts: [], deletions: [], cursor: start, done: false, reset: true };
        throw error;
      }
      const page: ChangePage = { upserts: [], deletions: [], cursor: '', done: false };
      const entries = lastOccurrences(answer.value, (e) => e.id);
      // Folders first (a folder renamed in this page re-paths the files of this page too).
      for (const entry of entries) {
        if (entry.deleted) continue;
        const parentId = entry.parentReference?.id ?? null;
        if (entry.root) folders.record(entry.id, { name: '', parentId: null, isRoot: true });
        else if (entry.folder) {
          folders.record(entry.id, { name: entry.name ?? entry.id, parentId, isRoot: false });
          await folders.path(entry.id);
        }
      }
      for (const entry of entries) {
        if (entry.deleted) {
          folders.forget(entry.id);
          page.deletions.push(entry.id);
        } else if (entry.file) page.upserts.push(toProviderItem(entry, await folderPath(entry.parentReference?.id)));
      }
      page.folders = folders.takeResolved();
      const next = answer['@odata.nextLink'] ?? answer['@odata.deltaLink'];
      if (!next) throw new ProviderError('bad_response', 'delta answer has neither nextLink nor deltaLink');
      page.cursor = next;
      page.done = !answer['@odata.nextLink'];
      return page;
    },
    async readRange(ref, startByte, end) {
      if (end <= startByte) return new Uint8Array(0);
      const res = await http.bytes(
        `${item(ref.id)}/content`,
        { headers: { Range: rangeHeader(startByte, end) } },
        { accept: [416] },
      );
      return res.status === 416 ? new Uint8Array(0) : rangeBody(res.status, res.bytes, startByte, end);
    },
    async mediaRequest(ref) {
      // Graph answers 302 to a pre-authenticated download URL on another host; the token goes to Graph only.
      return { url: `${item(ref.id)}/content`, headers: await http.authHeaders() };
    },
    async thumbnail(ref, size) {
      try {
        return (await http.bytes(`${item(ref.id)}/thumbnails/0/${size === 'small' ? 'small' : 'large'}/content`)).bytes;
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'not_found') return null;
        throw error;
      }
    },
    /**
     * Personal: an anonymous view link (its download.aspx form is the relay's source) and, for images, an embed
     * link that `<img>` loads directly. Business: an "Anyone" view link, whose download.aspx form serves
     * `<img>`/`<video>`. Delivery per provider: shared/sharing/delivery.ts.
     */
    async createLink(ref: ProviderItemRef, expiresAt: Date | null) {
      /**
       * The web-size rendition: Graph's custom thumbnail c1920x1920, "a thumbnail that fits inside a 1920x1920 pixel
       * box, maintaining aspect ratio" (driveitem-list-thumbnails). Its URL is pre-authenticated; the docs say only
       * "Thumbnail URLs are cache-safe. The URL will change, if the item changes", not how long it lives, so it is
       * renewed with every new link. Personal drives only: Business thumbnails may come from hosts outside the
       * allow-list (not verified), so they offer no web size. None (null) when the item has no thumbnail.
       */
      const webSizeUrl = async (r: ProviderItemRef) => {
        try {
          const answer = await http.json(`${item(r.id)}/thumbnails?select=${GRAPH_WEB_SIZE}`, CustomThumbnails);
          const t = answer.value[0]?.[GRAPH_WEB_SIZE];
          return typeof t === 'object' ? (t.url ?? null) : null;
        } catch (error) {
          if (error instanceof ProviderError && error.kind === 'not_found') return null;
          throw error;
        }
      };
      const media = ref.media ?? 'image';
      const business = await isBusiness();
      const view = await createLink(ref, {
        type: 'view',
        scope: 'anonymous',
        // The documented form is yyyy-MM-ddTHH:mm:ssZ (driveitem-createlink, request body): no milliseconds.
        ...(expiresAt ? { expirationDateTime: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
      }).catch((error: unknown) => {
        // "Anonymous link support may be disabled by an administrator" (driveitem-createlink).
        if (business && error instanceof ProviderError && error.kind === 'forbidden')
          throw new ProviderError('forbidden', ANYONE_LINKS_DISABLED);
        throw error;
      });
      const linkExpiry = view.expirationDateTime ? Date.parse(view.expirationDateTime) : (expiresAt?.getTime() ?? null);
      if (business) {
        const download = businessDownloadUrl(view.link.webUrl);
        return DelegatedLink.parse({
          url: download,
          thumbnailUrl: null,
          linkId: view.id,
          expiresAt: linkExpiry,
          delivery: oneDriveBusinessDelivery(media, download),
        });
      }
      const download = personalDownloadUrl(view.link.webUrl, opts.personalContentUrl ?? ONEDRIVE_PERSONAL_CONTENT);
      // Embed links are for images: video through them is reported broken (REAL-SERVICES.md), so none is made.
      const embed: Permission | null = media === 'image' ? await createLink(ref, { type: 'embed' }) : null;
      const embedUrl = embed ? embedSource(embed.link) : null;
      const webUrl = media === 'image' ? await webSizeUrl(ref) : null;
      return DelegatedLink.parse({
        url: embedUrl ?? download,
        thumbnailUrl: null,
        linkId: view.id,
        extraLinkIds: embed ? [embed.id] : [],
        expiresAt: linkExpiry,
        delivery: oneDrivePersonalDelivery(media, embedUrl, download, null, webUrl),
      });
    },
    async revokeLink(ref, link) {
      // Every link made for the item (view and embed). Already gone (item deleted, link removed by the owner in
      // OneDrive) counts as revoked.
      for (const id of [link.linkId, ...(link.extraLinkIds ?? [])])
        await http.request(
          `${item(ref.id)}/permissions/${encodeURIComponent(id)}`,
          { method: 'DELETE' },
          { accept: [404] },
        );
    },
  };
}

function toProviderItem(entry: DriveItem, folder: string): ProviderItem {
  const photo = entry.photo;
  const video = entry.video;
  const time = (s: string | undefined) => (s ? Date.parse(s) : null);
  return {
    id: entry.id,
    name: entry.name ?? entry.id,
    folder,
    parentId: entry.parentReference?.id ?? null,
    mimeType: entry.file?.mimeType ?? null,
    bytes: entry.size ?? null,
    modifiedAt: time(entry.lastModifiedDateTime),
    createdAt: time(entry.createdDateTime),
    etag: entry.cTag ?? entry.eTag ?? null,
    hashes: Object.fromEntries(
      Object.entries(entry.file?.hashes ?? {}).map(([k, v]) => [
        k.replace(/Hash$/, '').toLowerCase(),
        k === 'quickXorHash' ? v : v.toLowerCase(),
      ]),
    ),
    webUrl: entry.webUrl ?? null,
    width: entry.image?.width ?? video?.width ?? null,
    height: entry.image?.height ?? video?.height ?? null,
    // OneDrive writes the camera's wall-clock time with a 'Z' it does not know to be true: keep it local.
    takenAt: photo?.takenDateTime ? photo.takenDateTime.replace(/Z$/, '') : null,
    make: photo?.cameraMake ?? null,
    model: photo?.cameraModel ?? null,
    lat: entry.location?.latitude ?? null,
    lon: entry.location?.longitude ?? null,
    alt: entry.location?.altitude ?? null,
    durationMs: video?.duration ?? null,
    orientation: photo?.orientation ?? null,
  };
}
