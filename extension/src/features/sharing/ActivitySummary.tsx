import { Bell } from 'lucide-react';
import { useEffect, useState } from 'react';
import { ask } from '../../protocol';
import { plural } from '../../ui';
import type { ActivityView } from './messages';

/**
 * The toolbar popup's line about the badge's activity count: how many guests' photos are new and which shares close
 * soon, with the way to the Activity page (which marks them seen). Nothing when nothing is new.
 */
export function ActivitySummary({ onOpen }: { onOpen: () => void }) {
  const [view, setView] = useState<ActivityView | null>(null);
  useEffect(() => {
    ask('sharing.activity', { refresh: false }).then(setView, () => setView(null));
  }, []);
  const fresh = view?.contributions.filter((c) => c.isNew).length ?? 0;
  const closing = view?.reminders.filter((r) => r.isNew) ?? [];
  if (fresh === 0 && closing.length === 0) return null;
  const events = new Set(view?.contributions.filter((c) => c.isNew).map((c) => c.eventTitle));
  return (
    <section aria-label="Activity" data-testid="popup-activity" className="popup-section popup-activity">
      <Bell size={18} aria-hidden="true" className="popup-activity-icon" />
      <div className="popup-activity-text">
        {fresh > 0 && (
          <p>
            <strong>{plural(fresh, 'new photo')}</strong> from your guests
            {events.size === 1 ? ` in ${[...events][0]}` : ''}
          </p>
        )}
        {closing.map((r) => (
          <p key={r.shareId} className="small">
            {r.title}: {r.label.toLowerCase()}
          </p>
        ))}
      </div>
      <button type="button" onClick={onOpen}>
        See activity
      </button>
    </section>
  );
}
