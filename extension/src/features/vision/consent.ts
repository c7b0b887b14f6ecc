import type { HypomosDb } from '../../db';
import { enqueueSource } from './queue';

/** Switches vision on for a source (after the consent screen) and queues its images. */
export async function optIn(db: HypomosDb, sourceId: string): Promise<number> {
  await db.sources.update(sourceId, { visionOptIn: true });
  return enqueueSource(db, sourceId);
}

/**
 * Switches vision off for a source and forgets everything it computed there: faces, hashes, labels, OCR text and
 * queue rows. People left without faces are removed.
 */
export async function optOut(db: HypomosDb, sourceId: string): Promise<void> {
  const keys = (await db.items.where('sourceId').equals(sourceId).primaryKeys()) as string[];
  const touchedPeople = new Set<string>();
  await db.transaction(
    'rw',
    [db.sources, db.items, db.faces, db.people, db.visionQueue, db.visionFeatures],
    async () => {
      await db.sources.update(sourceId, { visionOptIn: false });
      const faces = await db.faces.where('itemKey').anyOf(keys).toArray();
      for (const f of faces) if (f.personId) touchedPeople.add(f.personId);
      await db.faces.bulkDelete(faces.map((f) => f.id));
      await db.visionQueue.bulkDelete(keys);
      await db.visionFeatures.bulkDelete(keys);
      await db.items.where('sourceId').equals(sourceId).modify({ labels: [], people: [], ocrText: null, phash: null });
      for (const p of touchedPeople)
        if ((await db.faces.where('personId').equals(p).count()) === 0) await db.people.delete(p);
    },
  );
}
