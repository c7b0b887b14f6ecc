import {
  badgeText,
  type ContributionEntry,
  closingSoon,
  contributionKey,
  markAllSeen,
  pruneSeen,
  type Reminder,
} from '@hypomos/shared/sharing/activity';
import { z } from 'zod';
import type { HypomosDb } from '../../db';
import { ActivityEntry, type ActivityView } from './messages';
import type { KeyValue } from './pairing';
import type { PortalClient } from './portal-client';
import { readShare, type SharingShare } from './rows';

/**
 * The organizer's activity (issue 23): guests' contributions waiting for a decision (read from the portal on the
 * sharing alarm, at start-up, after each decision, and when the activity page opens) and the owner's shares closing
 * soon (from the share rows). The toolbar badge counts what is new; opening the activity page marks all of it seen.
 * Kept in `browser.storage.local` (`hypomos.activity`): the last entries read and the seen-keys.
 */
export const ACTIVITY_KEY = 'hypomos.activity';
/** Amber: the organizer's activity, distinct from the scanner's blue progress and red errors. */
export const ACTIVITY_COLOR = '#c2410c';

const Stored = z.object({
  entries: z.array(ActivityEntry).default([]),
  seen: z.array(z.string()).default([]),
  checkedAt: z.number().nullable().default(null),
  error: z.string().nullable().default(null),
});
type Stored = z.infer<typeof Stored>;

/**
 * Pending items read per event and pass (the portal pages 200 at a time, oldest first). Past this the list and the
 * badge leave out the newest items of that event; an organizer that far behind decides on the portal's queue.
 */
export const MAX_PER_EVENT = 1000;

type QueueItem = Awaited<ReturnType<PortalClient['eventQueue']>>['entries'][number];
const entryOf = (event: { eventId: string; title: string }, q: QueueItem): ContributionEntry => ({
  itemId: q.itemId,
  eventId: event.eventId,
  eventTitle: event.title,
  contributorName: q.contributorName,
  mediaType: q.mediaType,
  thumbnailUrl: q.thumbnailUrl,
  originalUrl: q.originalUrl,
  queuedAt: Date.parse(q.queuedAt),
});

export interface ActivityDeps {
  db: HypomosDb;
  store: KeyValue;
  /** The paired portal's client, or null when the extension is not paired. */
  client: () => Promise<Pick<PortalClient, 'activity' | 'eventQueue' | 'origin'> | null>;
  now: () => number;
  /** The badge's activity layer. */
  setBadge: (text: string) => Promise<void>;
}

async function readStored(store: KeyValue): Promise<Stored> {
  const parsed = Stored.safeParse((await store.get(ACTIVITY_KEY)) ?? {});
  return parsed.success ? parsed.data : Stored.parse({});
}

async function remindersOf(db: HypomosDb, now: number): Promise<(Reminder & { collectionId: string })[]> {
  const shares = (await db.shares.toArray()).map(readShare).filter((s): s is SharingShare => !!s);
  const byId = new Map(shares.map((s) => [s.id, s]));
  return closingSoon(shares, now).map((r) => ({ ...r, collectionId: byId.get(r.shareId)!.collectionId }));
}

/** What the page and the badge show, from the stored entries and the share rows as they are now. */
async function view(deps: ActivityDeps, stored: Stored, origin: string | null): Promise<ActivityView> {
  const reminders = await remindersOf(deps.db, deps.now());
  const seen = new Set(stored.seen);
  return {
    // Newest first, as the portal's "Waiting for you" list orders events.
    contributions: [...stored.entries]
      .sort((a, b) => (b.queuedAt ?? 0) - (a.queuedAt ?? 0) || a.itemId.localeCompare(b.itemId))
      .map((e) => ({ ...e, isNew: !seen.has(contributionKey(e.itemId)) })),
    reminders: reminders.map(({ key, ...r }) => ({ ...r, isNew: !seen.has(key) })),
    badge: badgeText(stored.entries, reminders, seen),
    checkedAt: stored.checkedAt,
    error: stored.error,
    portalOrigin: origin,
  };
}

/**
 * Asks the portal what waits for the organizer: `GET /api/activity` names the events with pending items, then each of
 * those events' queue, page by page up to MAX_PER_EVENT, gives the items. A failed ask keeps the last entries and seen-keys (the badge
 * does not flash everything as new after a network error); only a complete answer prunes the seen-keys.
 */
export async function refreshActivity(deps: ActivityDeps): Promise<ActivityView> {
  const stored = await readStored(deps.store);
  const client = await deps.client().catch(() => null);
  let next: Stored;
  if (!client) {
    next = { ...stored, entries: [], error: null };
  } else {
    try {
      const activity = await client.activity();
      const entries: ContributionEntry[] = [];
      for (const event of activity.events.filter((e) => e.pending > 0)) {
        let cursor: string | null = null;
        let read = 0;
        do {
          const queue: Awaited<ReturnType<typeof client.eventQueue>> = await client.eventQueue(
            event.eventId,
            'pending',
            cursor,
          );
          cursor = queue.nextCursor;
          read += queue.entries.length;
          entries.push(...queue.entries.map((q) => entryOf(event, q)));
        } while (cursor && read < MAX_PER_EVENT);
      }
      const reminders = await remindersOf(deps.db, deps.now());
      next = { entries, seen: pruneSeen(stored.seen, entries, reminders), checkedAt: deps.now(), error: null };
    } catch (e) {
      next = { ...stored, error: e instanceof Error ? e.message : String(e) };
    }
  }
  await deps.store.set(ACTIVITY_KEY, next);
  const shown = await view(deps, next, client?.origin ?? null);
  await deps.setBadge(shown.badge);
  return shown;
}

/** How long a start-up of the service worker trusts the last answer instead of asking the portal again. */
export const STARTUP_FRESH_MS = 60_000;

/**
 * A (re)started service worker: restores the badge's activity layer from storage (a restarted MV3 worker forgets it,
 * and the scanner's next write would clear the badge), and asks the portal only if the last answer is over a minute
 * old: MV3 workers restart often, and each start would otherwise cost the portal a round of queue reads.
 */
export async function resumeActivity(deps: ActivityDeps): Promise<ActivityView> {
  const { checkedAt } = await readStored(deps.store);
  const fresh = checkedAt !== null && deps.now() - checkedAt < STARTUP_FRESH_MS;
  return fresh ? readActivity(deps) : refreshActivity(deps);
}

/** The stored activity with reminders recomputed (no portal call); also brings the badge up to date. */
export async function readActivity(deps: ActivityDeps): Promise<ActivityView> {
  const client = await deps.client().catch(() => null);
  const shown = await view(deps, await readStored(deps.store), client?.origin ?? null);
  await deps.setBadge(shown.badge);
  return shown;
}

/**
 * The activity page was opened: every contribution and reminder it showed is seen, and the badge clears (a
 * contribution read by the background after the page asked stays new).
 */
export async function markActivitySeen(
  deps: ActivityDeps,
  shown: { itemIds: readonly string[]; shareIds: readonly string[] },
): Promise<{ badge: string }> {
  const stored = await readStored(deps.store);
  const reminders = await remindersOf(deps.db, deps.now());
  const items = new Set(shown.itemIds);
  const shares = new Set(shown.shareIds);
  const seen = markAllSeen(
    stored.entries.filter((e) => items.has(e.itemId)),
    reminders.filter((r) => shares.has(r.shareId)),
    new Set(stored.seen),
  );
  await deps.store.set(ACTIVITY_KEY, { ...stored, seen });
  const badge = badgeText(stored.entries, reminders, new Set(seen));
  await deps.setBadge(badge);
  return { badge };
}
