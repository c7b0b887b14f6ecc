import { useLibraryContext, useLive } from '../library';

/** People from the vision pipeline's `people` table, with how many items each appears in. */
export function PeoplePage() {
  const { db } = useLibraryContext();
  const people = useLive(
    async () => {
      const rows = await db.people.toArray();
      const visible = rows.filter((p) => !p.hidden);
      return Promise.all(
        visible.map(async (p) => ({ ...p, count: p.name ? await db.items.where('people').equals(p.name).count() : 0 })),
      );
    },
    [db],
    null,
  );
  return (
    <section className="page people" aria-label="People">
      <h1>People</h1>
      {people !== null && people.length === 0 && (
        <p className="empty" data-testid="people-empty">
          No people yet. Face grouping runs on this device for sources where you switched it on (Sources → vision).
        </p>
      )}
      <ul className="people-list">
        {(people ?? []).map((p) => (
          <li key={p.id} data-testid="person">
            {p.name ? (
              <a href={`#/search?q=${encodeURIComponent(`person:"${p.name}"`)}`}>{p.name}</a>
            ) : (
              <span>Unnamed person</span>
            )}{' '}
            <span className="badge">{p.count.toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
