import type { PublicItem } from '@hypomos/shared/api/public';
import { downloadSources, type MediaSource, type RelayUrlOf, webSizeSources } from './delivery-path';

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/**
 * A safe, unique file name for an item in a download or ZIP: its capture time (or position) and the extension of its
 * type. Viewers never learn the owner's file names, so nothing user-provided ends up in a path.
 */
export function fileNameOf(item: PublicItem, index: number, taken: Set<string>): string {
  const ext = (item.mimeType && EXT[item.mimeType]) ?? (item.mediaType === 'video' ? 'mp4' : 'jpg');
  const stamp = item.capturedAt
    ? item.capturedAt.slice(0, 19).replace(/[T:]/g, (c) => (c === 'T' ? '_' : '-'))
    : `item-${String(index + 1).padStart(5, '0')}`;
  let name = `${stamp}.${ext}`;
  for (let n = 2; taken.has(name); n++) name = `${stamp}-${n}.${ext}`;
  taken.add(name);
  return name;
}

/** Saves a Blob under a name through a temporary object URL (the download attribute ignores cross-origin links). */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * An original's bytes: the descriptor's download form (CORS) first, then the portal's relay when the direct answer
 * is unreadable (CORS, network) or a refusal. Throws the last failure when no source served it.
 */
export async function fetchOriginal(
  item: PublicItem,
  relayUrlOf: RelayUrlOf,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<Response> {
  return fetchFirst(downloadSources(item, relayUrlOf), fetchFn);
}

/** The first source that answers with bytes; throws the last failure when none did. */
async function fetchFirst(sources: MediaSource[], fetchFn: typeof fetch): Promise<Response> {
  if (sources.length === 0) throw new Error('Its owner does not let this item be downloaded from here.');
  let failure: Error | null = null;
  for (const s of sources) {
    try {
      const res = await fetchFn(s.url, {
        credentials: s.via === 'relay' ? 'same-origin' : 'omit',
        referrerPolicy: s.referrerPolicy,
      });
      if (res.ok && res.body) return res;
      await res.body?.cancel();
      failure = new Error(`${s.via === 'relay' ? 'The portal' : "The owner's storage"} answered ${res.status}.`);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
  }
  throw failure!;
}

/** One original, saved under a safe name. */
export async function downloadItem(item: PublicItem, index: number, relayUrlOf: RelayUrlOf) {
  const res = await fetchOriginal(item, relayUrlOf);
  saveBlob(await res.blob(), fileNameOf(item, index, new Set()));
}

/** The rendition's file name: the item's, with `-web` before a .jpg extension (every provider renders JPEG). */
export const webFileNameOf = (item: PublicItem, index: number) =>
  fileNameOf({ ...item, mimeType: 'image/jpeg' }, index, new Set()).replace(/\.jpg$/, '-web.jpg');

/**
 * The provider's web-size rendition, saved under a safe name: read straight from the provider (CORS), else through
 * the relay where the share allows it. Where neither can be read (a provider without CORS and the relay off), the
 * rendition opens straight from the provider in a new tab, for the guest to save: never through the portal.
 * Returns how it was delivered.
 */
export async function downloadWebSize(
  item: PublicItem,
  index: number,
  relayUrlOf: RelayUrlOf,
  relayAllowed: boolean,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<'direct' | 'relay' | 'opened'> {
  const sources = webSizeSources(item, relayUrlOf, relayAllowed);
  if (sources.length === 0) throw new Error('Its storage makes no web-size copy of this item.');
  for (const s of sources) {
    try {
      const res = await fetchFn(s.url, {
        credentials: s.via === 'relay' ? 'same-origin' : 'omit',
        referrerPolicy: s.referrerPolicy,
      });
      if (res.ok && res.body) {
        saveBlob(await res.blob(), webFileNameOf(item, index));
        return s.via;
      }
      await res.body?.cancel();
    } catch {
      // CORS or network: try the next source.
    }
  }
  // With noopener, window.open returns null whether or not the tab opened.
  window.open(sources[0]!.url, '_blank', 'noopener,noreferrer');
  return 'opened';
}
