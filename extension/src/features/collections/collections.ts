import { Filter } from '@hypomos/shared/filter/schema';
import type { HypomosDb } from '../../db';
import type { CollectionRow } from '../../db/rows';
import type { StampClock } from '../../platform/clock';

export async function createStatic(
  db: HypomosDb,
  clock: StampClock,
  title: string,
  keys: string[],
): Promise<CollectionRow> {
  const now = clock.now();
  const row: CollectionRow = {
    id: clock.id(),
    kind: 'static',
    title: title.trim() || 'Untitled',
    itemKeys: [...new Set(keys)],
    filter: null,
    coverKey: keys[0] ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await db.collections.add(row);
  return row;
}

export async function createDynamic(
  db: HypomosDb,
  clock: StampClock,
  title: string,
  filter: Filter,
): Promise<CollectionRow> {
  const now = clock.now();
  const row: CollectionRow = {
    id: clock.id(),
    kind: 'dynamic',
    title: title.trim() || 'Untitled',
    itemKeys: [],
    filter: Filter.parse(filter),
    coverKey: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.collections.add(row);
  return row;
}

export async function addToStatic(db: HypomosDb, clock: StampClock, id: string, keys: string[]) {
  await db.collections
    .where('id')
    .equals(id)
    .modify((c) => {
      c.itemKeys = [...new Set([...c.itemKeys, ...keys])];
      c.coverKey ??= c.itemKeys[0] ?? null;
      c.updatedAt = clock.now();
    });
}

export async function removeFromStatic(db: HypomosDb, clock: StampClock, id: string, keys: string[]) {
  const drop = new Set(keys);
  await db.collections
    .where('id')
    .equals(id)
    .modify((c) => {
      c.itemKeys = c.itemKeys.filter((k) => !drop.has(k));
      if (c.coverKey !== null && drop.has(c.coverKey)) c.coverKey = c.itemKeys[0] ?? null;
      c.updatedAt = clock.now();
    });
}

/** Moves one item to a new position (drag and drop, or the earlier/later buttons). */
export function moveKey(keys: readonly string[], from: number, to: number): string[] {
  const next = [...keys];
  const [k] = next.splice(from, 1);
  if (k === undefined) return next;
  next.splice(Math.max(0, Math.min(next.length, to)), 0, k);
  return next;
}

export async function reorder(db: HypomosDb, clock: StampClock, id: string, from: number, to: number) {
  await db.collections
    .where('id')
    .equals(id)
    .modify((c) => {
      c.itemKeys = moveKey(c.itemKeys, from, to);
      c.updatedAt = clock.now();
    });
}

export async function setCover(db: HypomosDb, clock: StampClock, id: string, key: string) {
  await db.collections.update(id, { coverKey: key, updatedAt: clock.now() });
}

export async function rename(db: HypomosDb, clock: StampClock, id: string, title: string) {
  await db.collections.update(id, { title: title.trim() || 'Untitled', updatedAt: clock.now() });
}

/** Static collections, most recently changed first (the pickers on Drive and OneDrive pages). */
export async function staticCollections(db: HypomosDb): Promise<CollectionRow[]> {
  const rows = await db.collections.where('kind').equals('static').toArray();
  return rows.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** A static collection cannot take the items: it is gone, or it is dynamic (its filter decides). */
export class CollectionRefused extends Error {
  override name = 'CollectionRefused';
}

/**
 * Appends keys to a static collection, once each: an existing one, or a new one with this title. One
 * transaction, so two pages adding at once both land.
 */
export async function appendToStatic(
  db: HypomosDb,
  clock: StampClock,
  target: { collectionId: string } | { newTitle: string },
  keys: readonly string[],
): Promise<{ collection: CollectionRow; added: number }> {
  return db.transaction('rw', db.collections, async () => {
    let collection: CollectionRow;
    if ('collectionId' in target) {
      const found = await db.collections.get(target.collectionId);
      if (!found) throw new CollectionRefused('That collection no longer exists.');
      if (found.kind !== 'static')
        throw new CollectionRefused(`"${found.title}" is a dynamic collection: its filter decides what is in it.`);
      collection = found;
    } else {
      const now = clock.now();
      collection = {
        id: clock.id(),
        kind: 'static',
        title: target.newTitle,
        itemKeys: [],
        filter: null,
        coverKey: null,
        createdAt: now,
        updatedAt: now,
      };
    }
    const have = new Set(collection.itemKeys);
    const added = keys.filter((k) => !have.has(k));
    const next = {
      ...collection,
      itemKeys: [...collection.itemKeys, ...added],
      coverKey: collection.coverKey ?? added[0] ?? null,
      updatedAt: clock.now(),
    };
    await db.collections.put(next);
    return { collection: next, added: added.length };
  });
}
