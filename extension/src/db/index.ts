import type { IndexItem } from '@hypomos/shared/index/item';
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  CollectionRow,
  FaceRow,
  FailedRow,
  ItemStatsRow,
  KeyValue,
  PendingRow,
  PersonRow,
  PublishedRow,
  ShareRow,
  SourceRow,
  SyncStateRow,
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
  shares!: EntityTable<ShareRow, 'id'>;
  published!: Table<PublishedRow, [string, string]>;
  tombstones!: EntityTable<TombstoneRow, 'id'>;
  kv!: EntityTable<KeyValue, 'key'>;

  constructor(name = 'hypomos') {
    super(name);
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
  }
}

export const db = new HypomosDb();
