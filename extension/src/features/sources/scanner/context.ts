import type { MediaMetadata } from '@hypomos/shared/index/item';
import type { MetadataHints, RangeReader } from '@hypomos/shared/metadata/range-reader';
import type { Provider } from '@hypomos/shared/providers/provider';
import type { RetryPolicy } from '@hypomos/shared/scan/retry';
import type { HypomosDb } from '../../../db';
import type { SourceRow, SyncStateRow } from '../../../db/rows';
import type { WaitClock } from '../../../platform/clock';

export type ExtractMetadata = (reader: RangeReader, hints: MetadataHints) => Promise<MediaMetadata>;

/** Everything the scanner needs from outside, passed in so tests run the same code on other adapters. */
export interface ScannerDeps {
  db: HypomosDb;
  providerFor: (source: SourceRow) => Promise<Provider>;
  extractMetadata: ExtractMetadata;
  /** Blurhash of a small thumbnail (OffscreenCanvas in the service worker); null when it cannot be decoded. */
  blurhash: (thumbnail: Uint8Array) => Promise<string | null>;
  /** Keeps the small thumbnail fetched for the blurhash, so the grid does not fetch it again. */
  keepThumbnail?: (itemKey: string, bytes: Uint8Array) => Promise<void>;
  /**
   * Makes a small thumbnail from an EXIF-embedded preview, upright for the item's EXIF orientation (the
   * preview has none of its own); absent where nothing can decode images (Node tests).
   */
  orientPreview?: (preview: Uint8Array, orientation: number | null) => Promise<Uint8Array | null>;
  clock: WaitClock;
  retry?: RetryPolicy;
  /** Range reads + thumbnails in flight per provider. */
  concurrency?: number;
  /** Items read between two commits of the drain. */
  batchSize?: number;
  /** Smallest Range request; the parser's first read of a photo usually fits. */
  minRead?: number;
  /** Called after every committed step (page, batch), e.g. to refresh the toolbar badge. */
  onProgress?: (sourceId: string) => void;
  /**
   * Provider id → the key an item already has, for items another feature keeps under an older key (tiering moves
   * an item between sources without changing its key). Runs inside the page's transaction, which includes
   * `tierMoves`.
   */
  keyAliases?: (db: HypomosDb, sourceId: string, providerIds: readonly string[]) => Promise<Map<string, string>>;
  /** Called after a commit that queued index removals (the outbox is delivered from there). */
  onRemovals?: () => Promise<void>;
}

export interface SourceContext {
  source: SourceRow;
  provider: Provider;
  deps: ScannerDeps;
}

export const idleState = (sourceId: string): SyncStateRow => ({
  sourceId,
  phase: 'idle',
  cursor: null,
  deltaCursor: null,
  seen: 0,
  indexed: 0,
  failedCount: 0,
  bytesRead: 0,
  startedAt: null,
  finishedAt: null,
  lastError: null,
  drainStartedAt: null,
  drainDone: 0,
});

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
