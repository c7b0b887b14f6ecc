import { findDayEvents, findHome, findTrips, type PlacedPhoto, type TripProposal } from '@hypomos/shared/trips/detect';
import { CalendarHeart, Plane } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { plural, useUi } from '../../ui';
import { createDynamic } from '../collections';
import { useLibraryContext } from '../library';
import { decide, decidedProposals, openProposals, undecide } from './proposals';

/**
 * Albums that suggest themselves: trips (2+ days away from home with 10+ photos) and days of many photos in one
 * place. Each is asked about once: "Create album" makes a dynamic collection (it stays current), "Dismiss" hides it.
 */
export function TripSuggestions({ photos }: { photos: readonly PlacedPhoto[] }) {
  const { db, clock } = useLibraryContext();
  const ui = useUi();
  const [decided, setDecided] = useState<Set<string> | null>(null);
  useEffect(() => {
    void decidedProposals(db).then(setDecided);
  }, [db]);
  const { home, proposals } = useMemo(() => {
    const home = findHome(photos);
    const trips = home ? findTrips(photos, home) : [];
    return { home, proposals: [...trips, ...findDayEvents(photos)].sort((a, b) => b.from.localeCompare(a.from)) };
  }, [photos]);
  if (!decided) return null;
  const open = openProposals(proposals, decided);
  const settle = async (p: TripProposal, words: string) => {
    await decide(db, p.id);
    setDecided(await decidedProposals(db));
    ui.toast({
      text: words,
      undo: async () => {
        await undecide(db, p.id);
        setDecided(await decidedProposals(db));
      },
    });
  };
  return (
    <section className="card trip-suggestions" aria-label="Suggested albums" data-testid="trip-suggestions">
      <header className="trip-head">
        <h2>Suggested albums</h2>
        <span className="muted small" data-testid="home-guess">
          {home
            ? `Home looks like ${home.name ?? 'the place of most of your evening photos'} (${plural(home.nights, 'evening')} of photos there)`
            : 'Trips show once enough evening photos carry a location to tell where home is'}
        </span>
      </header>
      {open.length === 0 ? (
        <p className="muted">No new trips or events to suggest.</p>
      ) : (
        <ul className="trip-list">
          {open.map((p) => (
            <li key={p.id} className="trip" data-testid="trip-proposal" data-kind={p.kind}>
              {p.kind === 'trip' ? (
                <Plane size={20} aria-hidden="true" />
              ) : (
                <CalendarHeart size={20} aria-hidden="true" />
              )}
              <div className="trip-text">
                <strong data-testid="trip-title">{p.title}</strong>
                <span className="muted small">
                  {p.kind === 'trip' ? 'A trip' : 'A day in one place'} · {plural(p.photos, 'photo')}
                </span>
              </div>
              <button
                type="button"
                className="primary"
                onClick={async () => {
                  const title = await ui.prompt({
                    title: 'Create album',
                    label: 'Name',
                    initial: p.title,
                    confirmLabel: 'Create',
                  });
                  if (title === null) return;
                  await createDynamic(db, clock, title, p.filter);
                  await settle(p, `Created “${title}”`);
                }}
              >
                Create album
              </button>
              <button type="button" onClick={() => settle(p, `Dismissed “${p.title}”`)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
