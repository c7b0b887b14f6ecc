import type { IndexItem } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';

/** What the grid, map and stacks need of an item: kept in memory for the whole index (100k rows). */
export interface CatalogItem {
  key: string;
  name: string;
  sourceId: string;
  folder: string;
  takenAt: number;
  takenAtLocal: string | null;
  addedAt: number;
  /** Displayed width / height, after EXIF orientation. */
  aspect: number;
  blurhash: string | null;
  thumbnailUrl: string | null;
  mediaType: IndexItem['mediaType'];
  make: string | null;
  model: string | null;
  burstId: string | null;
  rating: number;
  liked: boolean;
  lat: number | null;
  lon: number | null;
  // What filters read, so a loaded catalog can answer any filter without IndexedDB (arrays are shared with the row).
  sourceKind: IndexItem['sourceKind'];
  lens: string | null;
  tags: string[];
  labels: string[];
  people: string[];
  place: IndexItem['place'];
  placeName: string | null;
  hasGps: IndexItem['hasGps'];
  ocrText: string | null;
}

/** Orientations 5–8 turn the picture a quarter, so width and height swap. */
export function displayAspect(i: Pick<IndexItem, 'width' | 'height' | 'orientation'>): number {
  if (!i.width || !i.height) return 1;
  const turned = i.orientation !== null && i.orientation >= 5;
  const a = turned ? i.height / i.width : i.width / i.height;
  return Math.min(4, Math.max(0.25, a));
}

export function toCatalogItem(i: IndexItem): CatalogItem {
  return {
    key: i.key,
    name: i.name,
    sourceId: i.sourceId,
    folder: i.folder,
    takenAt: i.takenAt,
    takenAtLocal: i.takenAtLocal,
    addedAt: i.addedAt,
    aspect: displayAspect(i),
    blurhash: i.blurhash,
    thumbnailUrl: i.thumbnailUrl ?? null,
    mediaType: i.mediaType,
    make: i.make,
    model: i.model,
    burstId: i.burstId,
    rating: i.rating,
    liked: i.liked,
    lat: i.lat,
    lon: i.lon,
    sourceKind: i.sourceKind,
    lens: i.lens,
    tags: i.tags,
    labels: i.labels,
    people: i.people,
    place: i.place,
    placeName: i.placeName,
    hasGps: i.hasGps,
    ocrText: i.ocrText,
  };
}

/** Newest first; equal times keep a stable order by key. */
export const newestFirst = (a: CatalogItem, b: CatalogItem) => b.takenAt - a.takenAt || (a.key < b.key ? -1 : 1);

/** The newest `n` items through the takenAt index: enough for the first screen. */
export async function loadNewest(db: HypomosDb, n: number): Promise<CatalogItem[]> {
  const rows = await db.items.orderBy('takenAt').reverse().limit(n).toArray();
  return rows.map(toCatalogItem);
}

/**
 * The whole index in primary-key chunks (getAll is the fastest read IndexedDB has), sorted once at the end.
 * `onProgress` lets the page show how far loading got.
 */
export async function loadCatalog(
  db: HypomosDb,
  onProgress: (loaded: number, total: number) => void,
  // Small chunks: reading rows blocks the page while they are deserialized, so scrolling stays smooth.
  chunk = 2_500,
): Promise<CatalogItem[]> {
  const total = await db.items.count();
  const out: CatalogItem[] = [];
  let last: string | null = null;
  for (;;) {
    const coll: ReturnType<HypomosDb['items']['toCollection']> =
      last === null ? db.items.toCollection() : db.items.where(':id').above(last);
    const rows: IndexItem[] = await coll.limit(chunk).toArray();
    for (const r of rows) out.push(toCatalogItem(r));
    onProgress(out.length, Math.max(total, out.length));
    if (rows.length < chunk) break;
    last = rows.at(-1)!.key;
  }
  return out.sort(newestFirst);
}
