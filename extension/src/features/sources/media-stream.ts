import type { ItemKey } from '@hypomos/shared/index/item';
import { contentRange, sliceFor } from '@hypomos/shared/media/byte-range';
import type { Provider, ProviderItemRef } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { MEDIA_PREFIX } from '../../platform/media-path';

/** Bytes per answered Range request: a player asks again for the rest, so seeking never waits for a whole file. */
const CHUNK = 2 * 1024 * 1024;

/** The part of a service worker's global scope used here (the DOM typings have no ServiceWorkerGlobalScope). */
interface FetchScope {
  location: { origin: string };
  addEventListener(
    type: 'fetch',
    listener: (event: { request: Request; respondWith(answer: Promise<Response>): void }) => void,
  ): void;
}

/**
 * Streams an item's bytes to the extension's own pages through the service worker's fetch event, by the
 * provider's Range reads. Why not the provider's URL in `<video src>`: Graph and Drive content needs a
 * bearer token an element cannot send (Drive refuses `access_token` in the query since 2024), Graph's
 * pre-authenticated `downloadUrl` lives minutes, and tokens stay in the background. One path serves every
 * provider, with seeking (206 answers), and nothing is stored. Chrome only: Firefox's MV2 background page
 * has no fetch event (README, known limits).
 */
export function registerMediaStream(
  scope: FetchScope,
  deps: { db: HypomosDb; providerFor: (source: SourceRow) => Promise<Provider> },
): void {
  scope.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (url.origin !== scope.location.origin || !url.pathname.startsWith(MEDIA_PREFIX)) return;
    event.respondWith(
      answer(
        deps,
        decodeURIComponent(url.pathname.slice(MEDIA_PREFIX.length)),
        event.request.headers.get('range'),
      ).catch(
        (error: unknown) => new Response(error instanceof Error ? error.message : String(error), { status: 502 }),
      ),
    );
  });
}

async function answer(
  deps: { db: HypomosDb; providerFor: (source: SourceRow) => Promise<Provider> },
  key: string,
  range: string | null,
): Promise<Response> {
  const found = await mediaItem(deps.db, key);
  const { item, source, ref } = found ?? {};
  if (!item?.bytes || !source || !ref) return new Response('No such item', { status: 404 });
  const slice = sliceFor(range, item.bytes, CHUNK);
  if (!slice) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${item.bytes}` } });
  const provider = await deps.providerFor(source);
  const bytes = await provider.readRange(ref, slice.start, slice.end);
  return new Response(bytes as BodyInit, {
    status: 206,
    headers: {
      'content-type': playableType(item.mimeType),
      'content-length': String(bytes.byteLength),
      'content-range': contentRange({ start: slice.start, end: slice.start + bytes.byteLength }, item.bytes),
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
    },
  });
}

/** The indexed item a media address names, its source, and the reference its provider reads it by. */
export async function mediaItem(db: HypomosDb, key: string) {
  const item = await db.items.get(key as ItemKey);
  const source = item ? await db.sources.get(item.sourceId) : undefined;
  if (!item || !source) return null;
  const ref: ProviderItemRef = {
    id: item.providerItemId,
    path: item.folder ? `${item.folder}/${item.name}` : item.name,
  };
  return { item, source, ref };
}

/** QuickTime files are ISO-BMFF; Chromium plays their H.264/AAC when told they are MP4. */
const playableType = (mime: string | null) =>
  mime === 'video/quicktime' ? 'video/mp4' : (mime ?? 'application/octet-stream');
