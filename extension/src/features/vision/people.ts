import { assignFaces, centroidOf, type PersonCentroid } from '@hypomos/shared/vision/cluster';
import type { ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { FaceRow, PersonRow } from '../../db/rows';

/**
 * People from faces, in the on-device index. New faces join existing people incrementally (shared/vision/cluster.ts);
 * the user's edits (name, merge, split, hide, move a face) are plain writes to `faces`/`people`, after which the
 * affected items' `people` field is rewritten so search and dynamic collections see the change.
 *
 * `items.people` holds, for each person in the photo, the person's id and, once named, the name: `person:Alice`
 * finds them by name, and a dynamic collection saved with an id keeps working after a rename.
 */

const newId = () => `person-${crypto.randomUUID()}`;

export function peopleTokens(person: Pick<PersonRow, 'id' | 'name'>): string[] {
  return person.name ? [person.id, person.name] : [person.id];
}

/** Recomputes `items.people` for the given items from their faces. */
export async function refreshItemPeople(db: HypomosDb, itemKeys: Iterable<string>): Promise<void> {
  const keys = [...new Set(itemKeys)];
  if (keys.length === 0) return;
  await db.transaction('rw', db.items, db.faces, db.people, async () => {
    const faces = await db.faces.where('itemKey').anyOf(keys).toArray();
    const people = new Map((await db.people.toArray()).map((p) => [p.id, p]));
    for (const key of keys) {
      const tokens = new Set<string>();
      for (const f of faces) {
        const person = f.itemKey === key && f.personId ? people.get(f.personId) : undefined;
        if (person) for (const t of peopleTokens(person)) tokens.add(t);
      }
      await db.items.update(key as ItemKey, { people: [...tokens].sort() });
    }
  });
}

async function centroids(db: HypomosDb): Promise<PersonCentroid[]> {
  const byPerson = new Map<string, FaceRow['embedding'][]>();
  await db.faces.each((f) => {
    if (f.personId) byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), f.embedding]);
  });
  return [...byPerson].map(([id, vectors]) => centroidOf(id, vectors));
}

/** Assigns every face without a person: to the closest existing person, or to new people formed among themselves. */
export async function clusterNewFaces(
  db: HypomosDb,
  makeId: () => string = newId,
): Promise<{ assigned: number; newPeople: number }> {
  const fresh = await db.faces.filter((f) => f.personId === null).toArray();
  if (fresh.length === 0) return { assigned: 0, newPeople: 0 };
  const assignments = assignFaces(
    fresh.map((f) => f.embedding),
    await centroids(db),
    undefined,
    fresh.map((f) => f.itemKey),
  );
  const newIds = new Map<string, string>();
  await db.transaction('rw', db.faces, db.people, async () => {
    for (const a of assignments) {
      let personId = a.personId;
      if (personId.startsWith('new:')) {
        if (!newIds.has(personId)) {
          const id = makeId();
          newIds.set(personId, id);
          await db.people.add({ id, name: null, hidden: false, coverFaceId: (fresh[a.face] as FaceRow).id });
        }
        personId = newIds.get(personId) as string;
      }
      await db.faces.update((fresh[a.face] as FaceRow).id, { personId });
    }
  });
  await refreshItemPeople(
    db,
    fresh.map((f) => f.itemKey),
  );
  return { assigned: assignments.length, newPeople: newIds.size };
}

async function itemsOfPeople(db: HypomosDb, personIds: string[]): Promise<string[]> {
  return (await db.faces.where('personId').anyOf(personIds).toArray()).map((f) => f.itemKey);
}

export async function renamePerson(db: HypomosDb, personId: string, name: string | null): Promise<void> {
  const clean = name?.trim() || null;
  await db.people.update(personId, { name: clean });
  await refreshItemPeople(db, await itemsOfPeople(db, [personId]));
}

/** Hidden people stay in the index (their faces keep them from being re-created) but leave the People page. */
export async function setPersonHidden(db: HypomosDb, personId: string, hidden: boolean): Promise<void> {
  await db.people.update(personId, { hidden });
}

/** Moves every face of `from` into `into` and deletes the emptied people. */
export async function mergePeople(db: HypomosDb, into: string, from: readonly string[]): Promise<void> {
  const others = from.filter((id) => id !== into);
  const items = await itemsOfPeople(db, others);
  await db.transaction('rw', db.faces, db.people, async () => {
    await db.faces.where('personId').anyOf(others).modify({ personId: into });
    await db.people.bulkDelete(others);
  });
  await refreshItemPeople(db, items);
}

/** Moves one face to another person, or to a new person of its own when `personId` is null. Returns the person id. */
export async function moveFace(
  db: HypomosDb,
  faceId: string,
  personId: string | null,
  makeId: () => string = newId,
): Promise<string> {
  const face = await db.faces.get(faceId);
  if (!face) throw new Error(`no face ${faceId}`);
  const target = personId ?? makeId();
  await db.transaction('rw', db.faces, db.people, async () => {
    if (!personId) await db.people.add({ id: target, name: null, hidden: false, coverFaceId: faceId });
    await db.faces.update(faceId, { personId: target });
    await dropIfEmpty(db, face.personId);
  });
  await refreshItemPeople(db, [face.itemKey]);
  return target;
}

/** Splits the given faces off their person into one new person. */
export async function splitPerson(
  db: HypomosDb,
  faceIds: readonly string[],
  makeId: () => string = newId,
): Promise<string> {
  const faces = (await db.faces.bulkGet([...faceIds])).filter((f): f is FaceRow => !!f);
  if (faces.length === 0) throw new Error('no faces to split off');
  const id = makeId();
  await db.transaction('rw', db.faces, db.people, async () => {
    await db.people.add({ id, name: null, hidden: false, coverFaceId: (faces[0] as FaceRow).id });
    await db.faces
      .where('id')
      .anyOf([...faceIds])
      .modify({ personId: id });
    for (const old of new Set(faces.map((f) => f.personId))) await dropIfEmpty(db, old);
  });
  await refreshItemPeople(
    db,
    faces.map((f) => f.itemKey),
  );
  return id;
}

async function dropIfEmpty(db: HypomosDb, personId: string | null): Promise<void> {
  if (personId && (await db.faces.where('personId').equals(personId).count()) === 0) await db.people.delete(personId);
}

/** Who each face belonged to before an edit, and the people rows then: enough to undo a merge, move or split. */
export interface PeopleSnapshot {
  people: PersonRow[];
  faces: { id: string; personId: string | null }[];
}

export async function snapshotPeople(db: HypomosDb, personIds: readonly string[]): Promise<PeopleSnapshot> {
  const [people, faces] = await Promise.all([
    db.people.bulkGet([...personIds]),
    db.faces
      .where('personId')
      .anyOf([...personIds])
      .toArray(),
  ]);
  return {
    people: people.filter((p): p is PersonRow => !!p),
    faces: faces.map((f) => ({ id: f.id, personId: f.personId })),
  };
}

/** Undo: puts the snapshot's people and face assignments back, and drops people the edit created that are now empty. */
export async function restorePeople(db: HypomosDb, snap: PeopleSnapshot): Promise<void> {
  const faceIds = snap.faces.map((f) => f.id);
  const current = (await db.faces.bulkGet(faceIds)).filter((f): f is FaceRow => !!f);
  await db.transaction('rw', db.faces, db.people, async () => {
    await db.people.bulkPut(snap.people);
    for (const f of snap.faces) await db.faces.update(f.id, { personId: f.personId });
    for (const id of new Set(current.map((f) => f.personId))) await dropIfEmpty(db, id);
  });
  await refreshItemPeople(
    db,
    current.map((f) => f.itemKey),
  );
}
