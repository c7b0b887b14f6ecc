import type { IndexItem, SourceKind } from '../index/item';
import type { StorageQuota } from '../providers/provider';

/** What the storage insights read of an indexed item. */
export type InsightItem = Pick<
  IndexItem,
  'key' | 'sourceId' | 'bytes' | 'mediaType' | 'mimeType' | 'takenAt' | 'takenAtLocal' | 'sha256' | 'contentHashes'
>;

export interface InsightSource {
  id: string;
  name: string;
  kind: SourceKind;
}

export type QuotaState = NonNullable<StorageQuota['state']>;

/**
 * A source's space. `basis` says where the numbers come from: the provider's quota API, or (Blob, local folders,
 * or a quota call that failed) the sum of the indexed sizes, which leaves out everything that is not media.
 */
export interface SourceSpace {
  basis: 'provider' | 'indexed';
  totalBytes: number | null;
  usedBytes: number;
  freeBytes: number | null;
  inBinBytes: number | null;
  state: QuotaState | null;
}

export interface Slice {
  label: string;
  bytes: number;
  count: number;
}

export interface SourceStorage {
  source: InsightSource;
  items: number;
  indexedBytes: number;
  /** Items whose size the provider did not report: counted in `items`, not in the bytes. */
  unknownSize: number;
  space: SourceSpace;
  /** Oldest year first. */
  byYear: Slice[];
  /** Largest first. */
  byType: Slice[];
}

/**
 * Per source: its quota (when the provider reported one, else the indexed sizes), and its indexed bytes by year
 * of capture and by kind of file.
 */
export function storageBySource(
  sources: readonly InsightSource[],
  items: readonly InsightItem[],
  quotas: ReadonlyMap<string, StorageQuota | null>,
): SourceStorage[] {
  const bySource = new Map<string, InsightItem[]>();
  for (const item of items) bySource.set(item.sourceId, [...(bySource.get(item.sourceId) ?? []), item]);
  return sources.map((source) => {
    const own = bySource.get(source.id) ?? [];
    const indexedBytes = own.reduce((sum, i) => sum + (i.bytes ?? 0), 0);
    const quota = quotas.get(source.id) ?? null;
    return {
      source,
      items: own.length,
      indexedBytes,
      unknownSize: own.filter((i) => i.bytes === null).length,
      space: quota ? providerSpace(quota) : indexedSpace(indexedBytes),
      byYear: slices(own, captureYear).sort((a, b) => a.label.localeCompare(b.label)),
      byType: slices(own, fileKind).sort((a, b) => b.bytes - a.bytes || a.label.localeCompare(b.label)),
    };
  });
}

function providerSpace(q: StorageQuota): SourceSpace {
  const freeBytes = q.totalBytes === null ? null : Math.max(0, q.totalBytes - q.usedBytes);
  return {
    basis: 'provider',
    totalBytes: q.totalBytes,
    usedBytes: q.usedBytes,
    freeBytes,
    inBinBytes: q.inBinBytes,
    state: q.state ?? (q.totalBytes === null ? null : quotaState(q.totalBytes, q.usedBytes)),
  };
}

const indexedSpace = (bytes: number): SourceSpace => ({
  basis: 'indexed',
  totalBytes: null,
  usedBytes: bytes,
  freeBytes: null,
  inBinBytes: null,
  state: null,
});

/**
 * Graph's quota states (https://learn.microsoft.com/en-us/graph/api/resources/quota), applied to providers that
 * report none (Drive): nearing below 10% free, critical below 1%, exceeded past the total.
 */
export function quotaState(total: number, used: number): QuotaState {
  const remaining = total - used;
  if (remaining < 0) return 'exceeded';
  if (remaining < total * 0.01) return 'critical';
  if (remaining < total * 0.1) return 'nearing';
  return 'normal';
}

function slices(items: readonly InsightItem[], labelOf: (i: InsightItem) => string): Slice[] {
  const out = new Map<string, Slice>();
  for (const item of items) {
    const label = labelOf(item);
    const slice = out.get(label) ?? { label, bytes: 0, count: 0 };
    slice.bytes += item.bytes ?? 0;
    slice.count += 1;
    out.set(label, slice);
  }
  return [...out.values()];
}

/** The year on the camera's clock where known (local capture time), else the UTC year of the sort time. */
export function captureYear(item: Pick<InsightItem, 'takenAt' | 'takenAtLocal'>): string {
  const local = /^(\d{4})-/.exec(item.takenAtLocal ?? '');
  return local ? (local[1] as string) : String(new Date(item.takenAt).getUTCFullYear());
}

/** The kind of file as people name it: JPEG, HEIC, PNG, RAW, Video, or "Other". */
export function fileKind(item: Pick<InsightItem, 'mediaType' | 'mimeType'>): string {
  const mime = item.mimeType?.toLowerCase() ?? '';
  if (item.mediaType === 'video' || mime.startsWith('video/')) return 'Video';
  if (mime === 'image/jpeg') return 'JPEG';
  if (mime === 'image/heic' || mime === 'image/heif') return 'HEIC';
  if (mime === 'image/png') return 'PNG';
  // Camera RAW types are all image/x-<maker>-<format> (metadata/tiff.ts names them so).
  if (mime.startsWith('image/x-') || mime === 'image/dng') return 'RAW';
  if (mime === 'image/webp' || mime === 'image/avif' || mime === 'image/gif' || mime === 'image/tiff')
    return mime.slice('image/'.length).toUpperCase();
  return 'Other';
}
