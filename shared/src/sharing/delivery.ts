import { z } from 'zod';
import { type ShareDownloads, WEB_SIZE_PX } from './download-sizes';
import { DeliveryProvider, type HostPolicy, isAllowedMediaUrl } from './media-hosts';

const httpUrl = z.url({ protocol: /^https?$/ }).max(4096);

/**
 * How a guest's browser gets one item's bytes, decided by the owner's extension at link time (issue 13):
 * - `grid`: image sources for the tile, tried in order (a failed one never hides the item);
 * - `full`: what `<img>`/`<video>` loads in the lightbox, or null when no direct form serves it cross-site;
 * - `download`: what `fetch()` reads for a download or the ZIP (needs CORS), or null when none does;
 * - `relaySource`: the delegated link the worker's relay may stream server-side, or null when it must not;
 * - `referrer`: the Referer policy direct requests need (a referrer-restricted Drive key needs `strict-origin`);
 * - `web`: the provider's own web-size rendition of a photo (at most WEB_SIZE_PX on its longest edge), what a guest
 *   downloads as "web size"; null when the provider makes none (videos; Azure Blob, which renders nothing). The
 *   relay may stream it, like relaySource, only where the share allows the relay.
 * The viewer goes direct first and falls back to the relay (when the share allows it) for what direct cannot do.
 */
export const DeliveryDescriptor = z
  .object({
    provider: DeliveryProvider,
    grid: z.array(httpUrl).max(3),
    full: httpUrl.nullable(),
    download: httpUrl.nullable(),
    relaySource: httpUrl.nullable(),
    /** Headers the relay sends with relaySource (only the Drive resource-key header is allowed). */
    relayHeaders: z
      .object({ 'x-goog-drive-resource-keys': z.string().max(300) })
      .partial()
      .strict()
      .default({}),
    referrer: z.enum(['no-referrer', 'strict-origin']),
    /** Absent from descriptors published before download sizes (issue 23). */
    web: httpUrl.nullable().default(null),
  })
  .strict();
export type DeliveryDescriptor = z.infer<typeof DeliveryDescriptor>;
export type DeliveryInput = z.input<typeof DeliveryDescriptor>;

type MediaKind = 'image' | 'video';

/** Base addresses, so the contract servers can stand in for the real hosts in tests. */
export interface DriveHosts {
  api: string; // https://www.googleapis.com
  web: string; // https://drive.google.com
}
export const REAL_DRIVE_HOSTS: DriveHosts = { api: 'https://www.googleapis.com', web: 'https://drive.google.com' };

/**
 * Google Drive, "anyone with the link" files. The download host refuses cross-site requests since January 2024, so
 * originals come from the Drive API with the portal's browser key (CORS + Range). The grid uses the thumbnail
 * endpoint (rate-limited per viewer IP) and falls back to the API image. A file that needs a resource key cannot be
 * loaded by `<img>` (it cannot send the header): only the relay, which can, serves it.
 */
export function driveDelivery(
  fileId: string,
  media: MediaKind,
  apiKey: string,
  resourceKey: string | null,
  hosts: DriveHosts = REAL_DRIVE_HOSTS,
): DeliveryDescriptor {
  const id = encodeURIComponent(fileId);
  const api = `${hosts.api}/drive/v3/files/${id}?alt=media&key=${encodeURIComponent(apiKey)}`;
  const thumbnail = `${hosts.web}/thumbnail?id=${id}&sz=w800`;
  // "You can use any width and height you like" (simonw/google-drive-to-sqlite#12, sz=w800-h800): a box bounds both
  // edges; the thumbnail endpoint is undocumented and re-encodes, so this is a rendition, never the original.
  const web = media === 'image' ? `${hosts.web}/thumbnail?id=${id}&sz=w${WEB_SIZE_PX}-h${WEB_SIZE_PX}` : null;
  const relayHeaders = resourceKey ? { 'x-goog-drive-resource-keys': `${fileId}/${resourceKey}` } : {};
  if (resourceKey)
    return {
      provider: 'gdrive',
      grid: [thumbnail],
      full: null,
      download: null,
      relaySource: api,
      relayHeaders,
      referrer: 'strict-origin',
      web,
    };
  return {
    provider: 'gdrive',
    grid: media === 'image' ? [thumbnail, api] : [thumbnail],
    full: api,
    download: api,
    relaySource: api,
    relayHeaders,
    referrer: 'strict-origin',
    web,
  };
}

/**
 * OneDrive personal: the documented `embed` link for images (used as `<img src>` by other extensions); video and
 * `fetch()` from it are not reliable, so those go through the relay from the (undocumented) download.aspx form.
 */
export function oneDrivePersonalDelivery(
  media: MediaKind,
  embedUrl: string | null,
  downloadUrl: string,
  thumbnailUrl: string | null,
  webUrl: string | null = null,
): DeliveryDescriptor {
  return {
    provider: 'onedrive',
    grid: [thumbnailUrl, media === 'image' ? embedUrl : null].filter((u): u is string => !!u),
    full: media === 'image' ? embedUrl : null,
    download: null,
    relaySource: downloadUrl,
    relayHeaders: {},
    referrer: 'no-referrer',
    web: media === 'image' ? webUrl : null,
  };
}

/** OneDrive for Business: an "Anyone" link's download.aspx?share= form serves `<img>`/`<video>`; its CORS is unknown. */
export function oneDriveBusinessDelivery(
  media: MediaKind,
  downloadUrl: string,
  webUrl: string | null = null,
): DeliveryDescriptor {
  return {
    provider: 'onedrive-business',
    grid: media === 'image' ? [downloadUrl] : [],
    full: downloadUrl,
    download: null,
    relaySource: downloadUrl,
    relayHeaders: {},
    referrer: 'no-referrer',
    web: media === 'image' ? webUrl : null,
  };
}

/**
 * Graph's custom thumbnail size for the web-size rendition: "c300x400 … fits inside a 300x400 pixel box, maintaining
 * aspect ratio" (driveitem-list-thumbnails, "Requesting custom thumbnail sizes").
 */
export const GRAPH_WEB_SIZE = `c${WEB_SIZE_PX}x${WEB_SIZE_PX}`;

/** Azure Blob: a read SAS works in `<img>`/`<video>`; `fetch()` only with a Blob-service CORS rule for the portal. */
export function blobDelivery(
  sasUrl: string,
  thumbnailSasUrl: string | null,
  corsAllowsPortal: boolean,
): DeliveryDescriptor {
  return {
    provider: 'azblob',
    grid: [thumbnailSasUrl, sasUrl].filter((u): u is string => !!u),
    full: sasUrl,
    download: corsAllowsPortal ? sasUrl : null,
    relaySource: sasUrl,
    relayHeaders: {},
    referrer: 'no-referrer',
    // Blob storage renders no thumbnails: there is no web size unless a device makes one (not offered yet).
    web: null,
  };
}

/** Every URL of a descriptor, for the allow-list check at publish time. */
export const urlsOf = (d: DeliveryDescriptor) =>
  [...d.grid, d.full, d.download, d.relaySource, d.web].filter((u): u is string => u !== null);

/** True when every URL in the descriptor is on its provider's allow-list. */
export const deliveryHostsAllowed = (d: DeliveryDescriptor, policy: HostPolicy = {}) =>
  urlsOf(d).every((u) => isAllowedMediaUrl(u, d.provider, policy));

/** Items a guest cannot load with the relay off: no direct full form (video/resource-key Drive, OneDrive video). */
export const needsRelayToView = (d: DeliveryDescriptor) => d.full === null;

/**
 * What a guest cannot do with an item under a share's settings: view it, or download it (when downloads are on).
 * A web-size share counts a photo as downloadable when its provider makes a rendition: the viewer reads it directly
 * (CORS), else through the relay where allowed, else opens it straight from the provider for the guest to save.
 */
export function unservedReasons(
  d: DeliveryDescriptor,
  relayOn: boolean,
  downloads: ShareDownloads,
): ('view' | 'download')[] {
  const relayed = relayOn && d.relaySource !== null;
  const out: ('view' | 'download')[] = [];
  if (d.full === null && !relayed) out.push('view');
  const original = d.download !== null || relayed;
  const web = d.web !== null;
  if (downloads === 'original' && !original && !web) out.push('download');
  if (downloads === 'web' && !web) out.push('download');
  return out;
}
