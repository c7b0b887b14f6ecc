import { ArrowLeft, Eye, EyeOff, Search, Users } from 'lucide-react';
import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { FaceRow, PersonRow } from '../../db/rows';
import { Dialog, EmptyState, plural, useUi } from '../../ui';
import type { ThumbnailSource } from '../sources';
import { useLive } from '../library';
import { FaceCrop } from './FaceCrop';
import { mergePeople, renamePerson, restorePeople, setPersonHidden, snapshotPeople, splitPerson } from './people';

export interface FaceView extends FaceRow {
  itemName: string;
}
export interface PersonView extends PersonRow {
  faces: FaceView[];
  /** Photos and videos the person is in: an item with two of their faces (a mirror) counts once. */
  photos: number;
  /** How many of those are videos. */
  videos: number;
  cover: FaceView | null;
}

/** "Face in beach.jpg", or for a video the moment it was seen: "Face in clip.mp4 at 0:03". */
export function faceLabel(f: Pick<FaceView, 'itemName' | 'frameTime'>): string {
  if (f.frameTime == null) return `Face in ${f.itemName}`;
  const s = Math.floor(f.frameTime);
  return `Face in ${f.itemName} at ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "3 photos", "1 video", "2 photos · 1 video". */
export function itemCount(p: Pick<PersonView, 'photos' | 'videos'>): string {
  const stills = p.photos - p.videos;
  if (p.videos === 0) return plural(stills, 'photo');
  return stills === 0 ? plural(p.videos, 'video') : `${plural(stills, 'photo')} · ${plural(p.videos, 'video')}`;
}

export const personLabel = (p: Pick<PersonView, 'name' | 'photos' | 'videos'>) => p.name ?? `Unnamed · ${itemCount(p)}`;

function usePeople(db: HypomosDb, showHidden: boolean): PersonView[] | null {
  return useLive(
    async (): Promise<PersonView[]> => {
      const [rows, faces] = await Promise.all([db.people.toArray(), db.faces.toArray()]);
      const found = await db.items.bulkGet([...new Set(faces.map((f) => f.itemKey))] as never[]);
      const names = new Map(found.map((i) => [i?.key ?? '', i?.name ?? '']));
      const videos = new Set(found.filter((i) => i?.mediaType === 'video').map((i) => i?.key as string));
      const byPerson = new Map<string, FaceView[]>();
      for (const f of faces)
        if (f.personId)
          byPerson.set(f.personId, [
            ...(byPerson.get(f.personId) ?? []),
            { ...f, itemName: names.get(f.itemKey) ?? '' },
          ]);
      return rows
        .filter((p) => showHidden || !p.hidden)
        .map((p) => {
          const mine = byPerson.get(p.id) ?? [];
          const cover = mine.find((f) => f.id === p.coverFaceId) ?? mine[0] ?? null;
          const items = new Set(mine.map((f) => f.itemKey));
          const inVideos = [...items].filter((k) => videos.has(k)).length;
          return { ...p, faces: mine, photos: items.size, videos: inVideos, cover };
        })
        .filter((p) => p.faces.length > 0)
        .sort((a, b) => b.photos - a.photos || (a.name ?? '~').localeCompare(b.name ?? '~'));
    },
    [db, showHidden],
    null,
  );
}

/**
 * People found on this device, as Google Photos shows them: a grid of round face crops with names under them. Open a
 * person to see every face, name them inline, hide them, or move wrongly grouped faces to someone else or to a new
 * person; select several people to merge them. Every edit is written to `items.people` (people.ts) so search follows
 * it, and can be undone from its toast.
 */
export function PeopleManager({
  db,
  thumbnails,
  showHidden = false,
}: {
  db: HypomosDb;
  thumbnails: ThumbnailSource;
  showHidden?: boolean;
}) {
  const people = usePeople(db, showHidden);
  const [openId, setOpenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const ui = useUi();
  const open = people?.find((p) => p.id === openId);
  if (open)
    return (
      <PersonDetail
        db={db}
        person={open}
        people={people ?? []}
        thumbnails={thumbnails}
        onBack={() => setOpenId(null)}
      />
    );

  const merge = async () => {
    const chosen = (people ?? []).filter((p) => selected.has(p.id));
    const into = chosen.find((p) => p.name) ?? chosen[0];
    if (!into) return;
    const yes = await ui.confirm({
      title: `Merge ${chosen.length} people?`,
      body: `Their ${plural(
        chosen.reduce((n, p) => n + p.faces.length, 0),
        'face',
      )} become one person${into.name ? `, ${into.name}` : ''}.`,
      confirmLabel: 'Merge',
    });
    if (!yes) return;
    const before = await snapshotPeople(
      db,
      chosen.map((p) => p.id),
    );
    await mergePeople(
      db,
      into.id,
      chosen.map((p) => p.id),
    );
    setSelected(new Set());
    ui.toast({ text: `Merged ${chosen.length} people`, undo: () => restorePeople(db, before) });
  };

  return (
    <section className="people-manager" aria-label="People" data-testid="people-manager">
      {selected.size > 0 && (
        <div className="selection-bar" data-testid="people-selection">
          <strong>{plural(selected.size, 'person', 'people')} selected</strong>
          <button type="button" className="primary" disabled={selected.size < 2} onClick={() => void merge()}>
            Merge
          </button>
          <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {people?.length === 0 && (
        <EmptyState icon={<Users size={44} />} title="No people yet" testId="people-empty">
          Faces are grouped on this device for the sources where you switch it on above. Nothing leaves the device.
        </EmptyState>
      )}
      <ul className="people-grid">
        {(people ?? []).map((p) => (
          <li key={p.id} data-testid="person-card" data-person-id={p.id} data-selected={selected.has(p.id) ? '1' : '0'}>
            <button
              type="button"
              className="person-open"
              onClick={() => setOpenId(p.id)}
              aria-label={`Open ${personLabel(p)}`}
            >
              {p.cover && (
                <FaceCrop face={p.cover} thumbnails={thumbnails} size={132} label={`Face of ${personLabel(p)}`} />
              )}
            </button>
            <input
              type="checkbox"
              className="person-select"
              aria-label={`Select ${personLabel(p)}`}
              checked={selected.has(p.id)}
              onChange={() => {
                const next = new Set(selected);
                if (!next.delete(p.id)) next.add(p.id);
                setSelected(next);
              }}
            />
            <NameInput db={db} person={p} />
            <span className="muted small" data-testid="person-count">
              {itemCount(p)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The name, edited in place: Enter or leaving the field saves, Escape cancels. */
function NameInput({ db, person, big = false }: { db: HypomosDb; person: PersonView; big?: boolean }) {
  const ui = useUi();
  return (
    <input
      key={person.name ?? ''}
      className={big ? 'name-input big' : 'name-input'}
      aria-label="Name"
      placeholder="Add a name"
      defaultValue={person.name ?? ''}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.currentTarget.value = person.name ?? '';
          e.currentTarget.blur();
        }
      }}
      onBlur={(e) => {
        const next = e.target.value.trim() || null;
        if (next === person.name) return;
        void renamePerson(db, person.id, next).then(
          () => ui.toast({ text: next ? `Named ${next}` : 'Name removed' }),
          (err: unknown) => ui.toast({ text: `Could not rename: ${String(err)}`, tone: 'error' }),
        );
      }}
    />
  );
}

function PersonDetail({
  db,
  person,
  people,
  thumbnails,
  onBack,
}: {
  db: HypomosDb;
  person: PersonView;
  people: PersonView[];
  thumbnails: ThumbnailSource;
  onBack: () => void;
}) {
  const ui = useUi();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [moving, setMoving] = useState(false);
  const query = `person:"${person.name ?? person.id}"`;

  const moveTo = async (target: PersonView | null) => {
    setMoving(false);
    const faceIds = [...selected];
    const before = await snapshotPeople(db, [person.id, ...(target ? [target.id] : [])]);
    if (target) {
      const split = await splitPerson(db, faceIds);
      await mergePeople(db, target.id, [split]);
    } else await splitPerson(db, faceIds);
    setSelected(new Set());
    ui.toast({
      text: `Moved ${plural(faceIds.length, 'face')} to ${target ? personLabel(target) : 'a new person'}`,
      undo: () => restorePeople(db, before),
    });
  };

  return (
    <section className="person-detail" aria-label={personLabel(person)} data-testid="person-view">
      <div className="page-head">
        <button type="button" className="ghost" onClick={onBack}>
          <ArrowLeft size={16} aria-hidden="true" /> People
        </button>
      </div>
      <div className="person-head">
        {person.cover && <FaceCrop face={person.cover} thumbnails={thumbnails} size={96} label="" />}
        <div className="person-head-text">
          <NameInput db={db} person={person} big />
          <span className="muted">
            {itemCount(person)} · {plural(person.faces.length, 'face')}
          </span>
        </div>
        <span className="spacer" />
        <a className="btn" href={`#/search?q=${encodeURIComponent(query)}`}>
          <Search size={15} aria-hidden="true" /> See photos
        </a>
        <button
          type="button"
          onClick={async () => {
            await setPersonHidden(db, person.id, !person.hidden);
            ui.toast({
              text: person.hidden ? 'Shown again' : `${personLabel(person)} hidden from People`,
              undo: () => setPersonHidden(db, person.id, person.hidden),
            });
            if (!person.hidden) onBack();
          }}
        >
          {person.hidden ? <Eye size={15} aria-hidden="true" /> : <EyeOff size={15} aria-hidden="true" />}
          {person.hidden ? 'Show' : 'Hide'}
        </button>
      </div>
      {selected.size > 0 && (
        <div className="selection-bar">
          <strong>{plural(selected.size, 'face')} selected</strong>
          <button type="button" className="primary" onClick={() => setMoving(true)}>
            Move to…
          </button>
          <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      <p className="muted small">Select faces that are not {person.name ?? 'this person'} to move them.</p>
      <ul className="face-grid">
        {person.faces.map((f) => (
          <li key={f.id} data-testid="face-tile" data-selected={selected.has(f.id) ? '1' : '0'}>
            <label>
              <FaceCrop face={f} thumbnails={thumbnails} size={120} label={faceLabel(f)} />
              <input
                type="checkbox"
                aria-label={`Select the face in ${f.itemName}`}
                checked={selected.has(f.id)}
                onChange={() => {
                  const next = new Set(selected);
                  if (!next.delete(f.id)) next.add(f.id);
                  setSelected(next);
                }}
              />
            </label>
          </li>
        ))}
      </ul>
      {moving && (
        <Dialog
          title={`Move ${plural(selected.size, 'face')} to…`}
          onClose={() => setMoving(false)}
          testId="move-faces"
        >
          <ul className="move-targets">
            <li>
              <button type="button" onClick={() => void moveTo(null)}>
                <span className="face-crop new-person" style={{ width: 56, height: 56 }}>
                  +
                </span>
                A new person
              </button>
            </li>
            {people
              .filter((o) => o.id !== person.id)
              .map((o) => (
                <li key={o.id}>
                  <button type="button" onClick={() => void moveTo(o)}>
                    {o.cover && <FaceCrop face={o.cover} thumbnails={thumbnails} size={56} label="" />}
                    {personLabel(o)}
                  </button>
                </li>
              ))}
          </ul>
        </Dialog>
      )}
    </section>
  );
}
