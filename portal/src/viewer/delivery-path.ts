import type { PublicItem } from '@hypomos/shared/api/public';

/**
 * One place the viewer can load an item from. `via: 'relay'` is the portal's own stream of the owner's link (same
 * origin); `gate` names a host that rate-limits per viewer, so its requests go through a bounded queue.
 */
export interface MediaSource {
  url: string;
  referrerPolicy: 'no-referrer' | 'strict-origin';
  via: 'direct' | 'relay';
  gate?: 'drive-thumbnail';
}

/** Where the portal's relay streams an item for this viewer, or null where there is no token (a recipient's inbox). */
export type RelayUrlOf = (itemId: string) => string | null;

const direct = (url: string, referrerPolicy: MediaSource['referrerPolicy']): MediaSource => ({
  url,
  referrerPolicy,
  via: 'direct',
});

function relayOf(item: PublicItem, relayUrlOf: RelayUrlOf): MediaSource[] {
  const url = item.delivery?.relay ? relayUrlOf(item.id) : null;
  return url ? [{ url, referrerPolicy: 'no-referrer', via: 'relay' }] : [];
}

/** Drive's thumbnail endpoint throttles per viewer IP (chilli-axe/mpc-autofill#223), so its loads are queued. */
function isDriveThumbnail(url: string) {
  try {
    return new URL(url).pathname.endsWith('/thumbnail');
  } catch {
    return false;
  }
}

/**
 * The tile's image sources, tried in order: the descriptor's grid, then (for photos) the relay. A video's tile shows
 * only derived stills: its bytes cannot be an <img>. Items published before descriptors keep thumbnail → original.
 */
export function gridSources(item: PublicItem, relayUrlOf: RelayUrlOf): MediaSource[] {
  const d = item.delivery;
  if (!d)
    return [item.thumbnailUrl, item.mediaType === 'image' ? item.originalUrl : null]
      .filter((u): u is string => !!u)
      .map((u) => direct(u, 'no-referrer'));
  const grid = d.grid.map((u) =>
    d.provider === 'gdrive' && isDriveThumbnail(u)
      ? { ...direct(u, d.referrer), gate: 'drive-thumbnail' as const }
      : direct(u, d.referrer),
  );
  return item.mediaType === 'image' && !UNDECODABLE.test(item.mimeType ?? '')
    ? [...grid, ...relayOf(item, relayUrlOf)]
    : grid;
}

/**
 * HEIC/HEIF: only Safari decodes them, and the relay serves the same bytes, so a tile whose direct form failed to
 * decode gains nothing from relaying it (the lightbox and downloads still use the relay).
 */
const UNDECODABLE = /^image\/hei[cf]$/;

/** What the lightbox's <img> or <video> loads: the direct full form first, then the relay. */
export function fullSources(item: PublicItem, relayUrlOf: RelayUrlOf): MediaSource[] {
  const d = item.delivery;
  if (!d) return [direct(item.originalUrl, 'no-referrer')];
  return [...(d.full ? [direct(d.full, d.referrer)] : []), ...relayOf(item, relayUrlOf)];
}

/**
 * The web-size rendition (issue 23): the provider's own rendition read directly (CORS), then the relay's stream of it
 * where the share allows the relay. Empty when the provider makes none (e.g. Blob, videos).
 */
export function webSizeSources(item: PublicItem, relayUrlOf: RelayUrlOf, relayAllowed: boolean): MediaSource[] {
  const web = item.delivery?.web;
  if (!web) return [];
  const relay = relayAllowed ? relayUrlOf(item.id) : null;
  return [
    direct(web, item.delivery!.referrer),
    ...(relay ? [{ url: `${relay}?size=web`, referrerPolicy: 'no-referrer' as const, via: 'relay' as const }] : []),
  ];
}

/** What fetch() reads for a download or the ZIP: the direct form with CORS first, then the relay. */
export function downloadSources(item: PublicItem, relayUrlOf: RelayUrlOf): MediaSource[] {
  const d = item.delivery;
  if (!d) return [direct(item.originalUrl, 'no-referrer')];
  return [...(d.download ? [direct(d.download, d.referrer)] : []), ...relayOf(item, relayUrlOf)];
}

/**
 * Where a status-reading request can ask whether the item itself still exists: the relay first (same origin, always
 * readable), then the CORS download form, then the full form (readable only if its host sends CORS). Grid sources are
 * never asked: a missing thumbnail is not a missing item.
 */
export function probeSources(item: PublicItem, relayUrlOf: RelayUrlOf): MediaSource[] {
  const d = item.delivery;
  if (!d) return [direct(item.originalUrl, 'no-referrer')];
  const out = [...relayOf(item, relayUrlOf)];
  for (const u of [d.download, d.full]) if (u && !out.some((s) => s.url === u)) out.push(direct(u, d.referrer));
  return out;
}

/** The video poster: the first grid still, if any. */
export const posterOf = (item: PublicItem): MediaSource | null =>
  gridSources(item, () => null).find((s) => s.via === 'direct') ?? null;
