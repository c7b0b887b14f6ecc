import type { IndexItem } from '@hypomos/shared/index/item';
import type { PlacedPhoto, TripProposal } from '@hypomos/shared/trips/detect';
import type { HypomosDb } from '../../db';

/** The kv rows this module owns: proposals the user dismissed or turned into albums (ids from trips/detect). */
const DECIDED_KEY = 'trips.decided';

export const toPlaced = (i: IndexItem): PlacedPhoto => ({
  key: i.key,
  takenAt: i.takenAt,
  // takenAt is an instant (not the local clock) only when the metadata gave a UTC time and no local one.
  localClock: !(i.takenAtLocal === null && i.takenAtUtc !== null),
  lat: i.lat,
  lon: i.lon,
  place: i.place,
});

export async function decidedProposals(db: HypomosDb): Promise<Set<string>> {
  const row = await db.kv.get(DECIDED_KEY);
  return new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
}

/** Dismissed or accepted: a proposal is asked about once. */
export async function decide(db: HypomosDb, id: string): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const decided = await decidedProposals(db);
    decided.add(id);
    await db.kv.put({ key: DECIDED_KEY, value: [...decided] });
  });
}

export async function undecide(db: HypomosDb, id: string): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const decided = await decidedProposals(db);
    decided.delete(id);
    await db.kv.put({ key: DECIDED_KEY, value: [...decided] });
  });
}

export const openProposals = (all: readonly TripProposal[], decided: ReadonlySet<string>) =>
  all.filter((p) => !decided.has(p.id));
