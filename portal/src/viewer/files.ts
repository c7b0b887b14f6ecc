import type { PublicItem } from '@hypomos/shared/api/public';

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

/** One original, fetched straight from the owner's delegated link. */
export async function downloadItem(item: PublicItem, index: number) {
  const res = await fetch(item.originalUrl, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new Error(`The owner's storage answered ${res.status}.`);
  saveBlob(await res.blob(), fileNameOf(item, index, new Set()));
}
