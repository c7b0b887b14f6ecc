import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { FaceRow, PersonRow } from '../../db/rows';
import { useLive } from '../library';
import { mergePeople, moveFace, renamePerson, setPersonHidden, splitPerson } from './people';

interface PersonView extends PersonRow {
  faces: FaceRow[];
}

/**
 * People found on this device: name them, hide them, merge several into one, and move or split off faces that were
 * grouped wrongly. Every change is written to `items.people` right away (people.ts), so search follows it.
 */
export function PeopleManager({ db, showHidden = false }: { db: HypomosDb; showHidden?: boolean }) {
  const people = useLive(
    async (): Promise<PersonView[]> => {
      const [rows, faces] = await Promise.all([db.people.toArray(), db.faces.toArray()]);
      const byPerson = new Map<string, FaceRow[]>();
      for (const f of faces) if (f.personId) byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), f]);
      return rows
        .filter((p) => showHidden || !p.hidden)
        .map((p) => ({ ...p, faces: byPerson.get(p.id) ?? [] }))
        .sort((a, b) => b.faces.length - a.faces.length);
    },
    [db, showHidden],
    [],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectedFaces, setSelectedFaces] = useState<Set<string>>(new Set());
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  return (
    <section className="card people-manager" aria-label="People" data-testid="people-manager">
      <h2>People</h2>
      <div className="actions">
        <button
          type="button"
          disabled={selected.size < 2}
          onClick={async () => {
            const [into, ...rest] = [...selected];
            if (into) await mergePeople(db, into, rest);
            setSelected(new Set());
          }}
        >
          Merge selected people
        </button>{' '}
        <button
          type="button"
          disabled={selectedFaces.size === 0}
          onClick={async () => {
            await splitPerson(db, [...selectedFaces]);
            setSelectedFaces(new Set());
          }}
        >
          Split selected faces into a new person
        </button>
      </div>
      <ul className="people-grid">
        {people.map((p) => (
          <li key={p.id} data-testid="person-card" className={p.hidden ? 'hidden-person' : undefined}>
            <label>
              <input
                type="checkbox"
                checked={selected.has(p.id)}
                onChange={() => setSelected(toggle(selected, p.id))}
              />{' '}
              select
            </label>
            <input
              aria-label="Name"
              placeholder="Add a name"
              defaultValue={p.name ?? ''}
              onBlur={(e) => {
                if ((e.target.value.trim() || null) !== p.name) void renamePerson(db, p.id, e.target.value);
              }}
            />
            <span className="badge">{p.faces.length}</span>{' '}
            <button type="button" onClick={() => void setPersonHidden(db, p.id, !p.hidden)}>
              {p.hidden ? 'Show' : 'Hide'}
            </button>
            <ul className="faces">
              {p.faces.map((f) => (
                <li key={f.id}>
                  <label title={f.itemKey}>
                    <input
                      type="checkbox"
                      checked={selectedFaces.has(f.id)}
                      onChange={() => setSelectedFaces(toggle(selectedFaces, f.id))}
                    />{' '}
                    face in {f.itemKey.split(':').slice(1).join(':')}
                  </label>{' '}
                  <select
                    aria-label="Move to"
                    value=""
                    onChange={(e) => void moveFace(db, f.id, e.target.value === 'new' ? null : e.target.value)}
                  >
                    <option value="">Move to…</option>
                    <option value="new">a new person</option>
                    {people
                      .filter((o) => o.id !== p.id)
                      .map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name ?? `Unnamed (${o.faces.length})`}
                        </option>
                      ))}
                  </select>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
