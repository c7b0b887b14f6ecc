import type { ProviderItem } from '../providers/provider';
import { mediaKind } from './media-kind';

/**
 * The change marker used to decide whether a file must be read again: the provider's eTag when it has
 * one, else size + modified time (some listings carry no eTag).
 */
export function versionOf(item: Pick<ProviderItem, 'etag' | 'bytes' | 'modifiedAt'>): string {
  return item.etag ?? `${item.bytes ?? '?'}:${item.modifiedAt ?? '?'}`;
}

/** What the index already holds for a key, as far as the page planner cares. */
export interface KnownItem {
  etag: string | null;
  name: string;
  folder: string;
}

export type UpsertDecision =
  /** New or changed content: queue for reading. */
  | { kind: 'read' }
  /** Same content, new name or folder (a move inside the source): update in place, no read. */
  | { kind: 'move' }
  /** Same content and place, or a failure recorded for this very version: nothing to do. */
  | { kind: 'skip' }
  /** Not a photo or video (any more): it must not be in the index. */
  | { kind: 'drop' };

export function decideUpsert(
  item: ProviderItem,
  known: KnownItem | undefined,
  failedVersion: string | undefined,
): UpsertDecision {
  if (mediaKind(item.name, item.mimeType) === null) return { kind: 'drop' };
  const version = versionOf(item);
  if (known && known.etag === version) {
    return known.name === item.name && known.folder === item.folder ? { kind: 'skip' } : { kind: 'move' };
  }
  if (failedVersion === version) return { kind: 'skip' };
  return { kind: 'read' };
}

/** Keys of a source's index that a completed full listing did not mention: gone at the source. */
export function unseenKeys(indexed: Iterable<string>, seen: ReadonlySet<string>): string[] {
  const gone: string[] = [];
  for (const key of indexed) if (!seen.has(key)) gone.push(key);
  return gone;
}
