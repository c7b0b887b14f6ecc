import type { IndexItem } from '@hypomos/shared/index/item';
import { type ProviderItem, UNKNOWN_FACTS } from '@hypomos/shared/providers/provider';
import { toIndexItem } from '@hypomos/shared/scan/to-index-item';
import type { SourceRow } from '../../db/rows';
import type { ImportDeps } from './deps';
import { blobReader } from './hash-file';
import type { UploadedFile } from './upload/types';

/**
 * Enters an uploaded file into the index from the local bytes (metadata, thumbnail or video poster, blurhash,
 * perceptual hash), through the scanner's own metadata pipeline and toIndexItem, with the provider's facts (id, etag, hashes) as a listing of the destination would give them,
 * so the next sync finds the item unchanged instead of reading it from the cloud.
 */
export async function indexImported(
  deps: ImportDeps,
  source: SourceRow,
  file: File,
  remote: UploadedFile,
  sha256: string,
): Promise<IndexItem> {
  const slash = remote.path.lastIndexOf('/');
  const item: ProviderItem = {
    id: remote.providerId,
    name: remote.name,
    folder: slash >= 0 ? remote.path.slice(0, slash) : '',
    mimeType: file.type || null,
    bytes: remote.size,
    modifiedAt: remote.modifiedAt ?? null,
    createdAt: null,
    etag: remote.etag ?? null,
    hashes: indexHashes(remote.hashes),
    ...UNKNOWN_FACTS,
  };
  const reader = blobReader(file);
  const metadata = await deps.extractMetadata(reader, {
    name: item.name,
    mimeType: item.mimeType,
    bytes: item.bytes,
    providerModifiedAt: item.modifiedAt,
  });
  const entry = toIndexItem({
    sourceId: source.id,
    sourceKind: source.kind,
    item,
    // The whole file was hashed on the device, which a scan of the head cannot do.
    metadata: { ...metadata, sha256 },
    blurhash: null,
    bytesRead: 0,
    now: deps.clock.now(),
  });
  const thumb = await deps.smallThumbnail?.(file, reader, metadata).catch(() => null);
  if (thumb) {
    await deps.keepThumbnail?.(entry.key, thumb).catch(() => undefined);
    entry.blurhash = (await deps.blurhash?.(thumb).catch(() => null)) ?? null;
    entry.phash = (await deps.perceptualHash?.(thumb).catch(() => null)) ?? null;
  }
  await deps.db.items.put(entry);
  return entry;
}

/** The provider's hashes under the names its scanner stores them (see sources/providers). */
function indexHashes(h: UploadedFile['hashes']): Record<string, string> {
  const out: Record<string, string> = {};
  if (h.sha1) out.sha1 = h.sha1.toLowerCase();
  if (h.quickXorHash) out.quickxor = h.quickXorHash;
  if (h.sha256) out.sha256 = h.sha256.toLowerCase();
  if (h.md5) out.md5 = h.md5.toLowerCase();
  if (h.contentMd5)
    out.md5 = Array.from(atob(h.contentMd5), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return out;
}
