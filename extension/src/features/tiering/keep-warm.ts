import type { HypomosDb } from '../../db';
import { staticCollections } from '../collections';
import { getItem } from '../library';
import { readTieringSettings, saveTieringSettings } from './settings';

/**
 * "Keep warm" for one item, as the lightbox shows it: whether a pin keeps it on a hot source (its own pin, or one of
 * its tags or static collections pinned on the Tiering page) and whether it sits in cold storage now. A pinned cold
 * item is planned back to the warm source by the next run (shared/tiering/plan.ts); the pins live in the tiering
 * settings (settings.ts), which the Tiering page edits too.
 */
export interface KeepWarmState {
  /** The item's own pin (the lightbox toggles it). */
  pinned: boolean;
  /** A pinned tag ("#beach") or static collection that keeps it warm regardless of its own pin. */
  pinnedBy: string | null;
  /** On the cold source (the rules' one, or where a finished move to cold put it). */
  cold: boolean;
}

export async function keepWarmState(db: HypomosDb, key: string): Promise<KeepWarmState | null> {
  const [item, settings, moves] = await Promise.all([
    getItem(db, key),
    readTieringSettings(db),
    db.tierMoves.where('key').equals(key).sortBy('createdAt'),
  ]);
  if (!item) return null;
  const { pins, rules } = settings;
  const tag = item.tags.find((t) => pins.tags.includes(t));
  const collection = pins.collectionIds.length
    ? (await staticCollections(db)).find((c) => pins.collectionIds.includes(c.id) && c.itemKeys.includes(key))
    : undefined;
  const lastMove = moves.filter((m) => m.state === 'done').at(-1);
  return {
    pinned: pins.itemKeys.includes(key),
    pinnedBy: tag ? `#${tag}` : (collection?.title ?? null),
    cold: rules
      ? rules.coldSourceId === item.sourceId
      : lastMove?.direction === 'to-cold' && lastMove.toSourceId === item.sourceId,
  };
}

/** Pins or unpins one item (kept with the tag and collection pins; the next run plans with them). */
export async function setKeepWarm(db: HypomosDb, key: string, on: boolean): Promise<void> {
  await db.transaction('rw', 'kv', async () => {
    const settings = await readTieringSettings(db);
    const others = settings.pins.itemKeys.filter((k) => k !== key);
    await saveTieringSettings(db, {
      ...settings,
      pins: { ...settings.pins, itemKeys: on ? [...others, key] : others },
    });
  });
}
