import { captureMs } from '@hypomos/shared/index/capture-date';
import type { IndexItem } from '@hypomos/shared/index/item';
import type { BinRow, KeptRow } from '../features/housekeeping/rows';
import type { ImportRow } from '../features/import/rows';
import type { MoveRow } from '../features/tiering/rows';
import type { TagFeedbackRow, VisionFeaturesRow } from '../features/vision/rows';
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type {
  CollectionRow,
  DirHandleRow,
  FolderRow,
  FaceRow,
  FailedRow,
  ItemStatsRow,
  KeyValue,
  PendingRow,
  PersonRow,
  PublishedRow,
  RemovalRow,
  ScanSeenRow,
  ShareRow,
  SourceRow,
  SyncStateRow,
  ThumbCacheRow,
  TombstoneRow,
  VisionQueueRow,
} from './rows';

/**
 * The on-device index. Every schema change is a new `.version(n)` (with `.upgrade()` where data moves);
 * never edit a shipped version's stores.
 */
export class HypomosDb extends Dexie {
  items!: EntityTable<IndexItem, 'key'>;
  sources!: EntityTable<SourceRow, 'id'>;
  syncState!: EntityTable<SyncStateRow, 'sourceId'>;
  pending!: EntityTable<PendingRow, 'key'>;
  failed!: EntityTable<FailedRow, 'key'>;
  collections!: EntityTable<CollectionRow, 'id'>;
  stats!: EntityTable<ItemStatsRow, 'key'>;
  faces!: EntityTable<FaceRow, 'id'>;
  people!: EntityTable<PersonRow, 'id'>;
  visionQueue!: EntityTable<VisionQueueRow, 'key'>;
  visionFeatures!: EntityTable<VisionFeaturesRow, 'key'>;
  tagFeedback!: Table<TagFeedbackRow, [string, string]>;
  shares!: EntityTable<ShareRow, 'id'>;
  published!: Table<PublishedRow, [string, string]>;
  tombstones!: EntityTable<TombstoneRow, 'id'>;
  kv!: EntityTable<KeyValue, 'key'>;
  scanSeen!: Table<ScanSeenRow, [string, string]>;
  removals!: EntityTable<RemovalRow, 'id'>;
  thumbCache!: EntityTable<ThumbCacheRow, 'url'>;
  dirHandles!: EntityTable<DirHandleRow, 'sourceId'>;
  folders!: Table<FolderRow, [string, string]>;
  /** features/import/store.ts owns it: import jobs and one row per picked file, with its upload checkpoint. */
  imports!: EntityTable<ImportRow, 'id'>;
  /** features/tiering/store.ts owns it: one row per item move, its step checkpoint and its log. */
  tierMoves!: EntityTable<MoveRow, 'id'>;
  /** features/housekeeping owns these: what the review binned (for restore) and what the user kept. */
  bin!: EntityTable<BinRow, 'key'>;
  kept!: EntityTable<KeptRow, 'key'>;

  constructor(name = 'hypomos', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      items:
        'key, sourceId, [sourceId+folder], folder, takenAt, addedAt, mediaType, make, model, lens, *tags, *labels, *people, placeName, sha256, phash, hasGps, liked, rating, unwanted',
      sources: 'id, kind',
      syncState: 'sourceId',
      pending: 'key, sourceId',
      failed: 'key, sourceId',
      collections: 'id, kind, updatedAt',
      stats: 'key, lastViewedAt, views, likes',
      faces: 'id, itemKey, personId',
      people: 'id, name',
      visionQueue: 'key, state',
      shares: 'id, collectionId, state',
      published: '[shareId+itemKey], shareId, itemKey, state',
      tombstones: 'id, sha256, phash',
      kv: 'key',
    });
    // v2 (scanner): full-scan reconciliation, a durable removal outbox, the thumbnail LRU, local folder handles.
    this.version(2).stores({
      scanSeen: '[sourceId+key], sourceId',
      removals: '++id, sourceId',
      thumbCache: 'url, itemKey, lastUsedAt',
      dirHandles: 'sourceId',
    });
    // v3 (vision): per-item hashes and object scores for duplicates and tag suggestions; answers to suggestions.
    this.version(3).stores({
      visionFeatures: 'key',
      tagFeedback: '[key+tag], tag',
    });
    // v4 (library): latitude serves "near" filters as a band, provider kind serves "source:onedrive".
    this.version(4).stores({
      items:
        'key, sourceId, [sourceId+folder], folder, takenAt, addedAt, mediaType, make, model, lens, *tags, *labels, *people, placeName, sha256, phash, hasGps, liked, rating, unwanted, lat, sourceKind',
    });
    // v5 (sharing): a share's rows by state, so the publisher's next pending batch and the progress counts are
    // index reads instead of a walk over every row of a 10,000-item share.
    this.version(5).stores({
      published: '[shareId+itemKey], shareId, itemKey, state, [shareId+state]',
    });
    // v6 (scanner): folder id → path per source, so a folder renamed or moved at the source re-paths what is below it.
    this.version(6).stores({
      folders: '[sourceId+id], sourceId',
    });
    // v7 (one capture-time rule): `takenAt` is the wall clock where the photo was taken (index/capture-date.ts);
    // items indexed before kept the UTC instant, or the upload date when only a local time was known.
    this.version(7)
      .stores({})
      .upgrade((tx) =>
        tx
          .table('items')
          .toCollection()
          .modify((item: IndexItem) => {
            item.takenAt = captureMs(item, { takenAt: null, createdAt: null, modifiedAt: item.takenAt });
          }),
      );
    // v8 (import): jobs and files of an import with their upload checkpoints, so a reload resumes mid-file.
    this.version(8).stores({
      imports: 'id, jobId, [jobId+seq], [jobId+state]',
    });
    // v9 (tiering): item moves between hot and cold sources, checkpointed per step; a finished move is also the
    // alias from the item's new place to its unchanged key ([toSourceId+toId]).
    this.version(9).stores({
      tierMoves: 'id, key, state, runId, [toSourceId+toId]',
    });
    // v10 (housekeeping): items binned from the review with their index row (restore), and items the user kept.
    this.version(10).stores({
      bin: 'key, sourceId, binnedAt',
      kept: 'key',
    });
  }
}

export const db = new HypomosDb();
