/**
 * The organizer's activity in the extension (issue 23): which guests' contributions are new to the organizer, which
 * of the owner's shares close soon, and what the toolbar badge says. Pure rules; the background applies them to what
 * the portal answered and to the share rows, the activity page shows the same lists.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A share closing within this many days earns a reminder. */
export const CLOSING_SOON_DAYS = 3;
/** The badge never grows wider than the toolbar icon. */
const BADGE_MAX = 99;

/** A guest's item waiting for the organizer's decision, as the portal's queue reported it. */
export interface ContributionEntry {
  itemId: string;
  eventId: string;
  eventTitle: string;
  contributorName: string;
  mediaType: 'image' | 'video';
  thumbnailUrl: string | null;
  originalUrl: string;
  /** When it entered the queue (arrived, or changed after approval), epoch ms; null if the portal did not say. */
  queuedAt: number | null;
}

/** What a share needs to be judged for a reminder. */
export interface ExpiringShare {
  id: string;
  title: string;
  kind: string;
  state: string;
  expiresAt: number | null;
}

export interface Reminder {
  shareId: string;
  title: string;
  kind: string;
  expiresAt: number;
  /** "Closes in 2 days". */
  label: string;
  /** Seen-key: changes when the label's day count does, so a share is recalled once a day as its end nears. */
  key: string;
}

/** "Closes in 2 days", "Closes in 5 hours", "Closes within the hour"; null once past. Days are rounded. */
export function closesIn(expiresAt: number, now: number): string | null {
  const left = expiresAt - now;
  if (left <= 0) return null;
  if (left < HOUR) return 'Closes within the hour';
  if (left < DAY) {
    const hours = Math.floor(left / HOUR);
    return `Closes in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const days = Math.round(left / DAY);
  return `Closes in ${days} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * The owner's active shares that close within `days` (event contributions are the organizer's to end, so only the
 * owner's own links, galleries and family shares), soonest first.
 */
export function closingSoon(
  shares: readonly ExpiringShare[],
  now: number,
  days: number = CLOSING_SOON_DAYS,
): Reminder[] {
  return shares
    .filter(
      (s): s is ExpiringShare & { expiresAt: number } =>
        s.state === 'active' &&
        s.kind !== 'event' &&
        s.expiresAt !== null &&
        s.expiresAt > now &&
        s.expiresAt - now <= days * DAY,
    )
    .sort((a, b) => a.expiresAt - b.expiresAt || a.id.localeCompare(b.id))
    .map((s) => {
      const label = closesIn(s.expiresAt, now)!;
      return {
        shareId: s.id,
        title: s.title,
        kind: s.kind,
        expiresAt: s.expiresAt,
        label,
        key: reminderKey(s.id, label),
      };
    });
}

const reminderKey = (shareId: string, label: string) => `share:${shareId}:${label}`;
export const contributionKey = (itemId: string) => `item:${itemId}`;

/** Contributions the organizer has not seen yet, newest first (unknown arrival times last). */
export function newContributions(
  entries: readonly ContributionEntry[],
  seen: ReadonlySet<string>,
): ContributionEntry[] {
  return entries
    .filter((e) => !seen.has(contributionKey(e.itemId)))
    .sort((a, b) => (b.queuedAt ?? -1) - (a.queuedAt ?? -1) || a.itemId.localeCompare(b.itemId));
}

/** The badge: each unseen contribution counts one, each unseen reminder counts one; empty when nothing is new. */
export function badgeText(
  entries: readonly ContributionEntry[],
  reminders: readonly Reminder[],
  seen: ReadonlySet<string>,
): string {
  const count = newContributions(entries, seen).length + reminders.filter((r) => !seen.has(r.key)).length;
  if (count === 0) return '';
  return count > BADGE_MAX ? `${BADGE_MAX}+` : String(count);
}

/** Opening the list: everything shown now is seen. */
export function markAllSeen(
  entries: readonly ContributionEntry[],
  reminders: readonly Reminder[],
  seen: ReadonlySet<string>,
): string[] {
  return [...new Set([...seen, ...entries.map((e) => contributionKey(e.itemId)), ...reminders.map((r) => r.key)])];
}

/**
 * Seen-keys still worth keeping: those of items still waiting and reminders still due. A decided item leaves the
 * queue and its key goes; if it comes back (changed after approval), it is new again.
 */
export function pruneSeen(
  seen: Iterable<string>,
  entries: readonly ContributionEntry[],
  reminders: readonly Reminder[],
): string[] {
  const live = new Set([...entries.map((e) => contributionKey(e.itemId)), ...reminders.map((r) => r.key)]);
  return [...seen].filter((k) => live.has(k));
}
