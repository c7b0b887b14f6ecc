import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import {
  ACTIVITY_KEY,
  type ActivityDeps,
  markActivitySeen,
  readActivity,
  refreshActivity,
  resumeActivity,
} from './activity';
import type { KeyValue } from './pairing';
import { newShare, toShareRow } from './rows';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 4, 12);

function memoryStore(): KeyValue & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
}

const queueEntry = (itemId: string, contributorName: string, queuedAt: number) => ({
  itemId,
  contributorName,
  mediaType: 'image' as const,
  thumbnailUrl: `https://thumbs.example/${itemId}`,
  originalUrl: `https://files.example/${itemId}`,
  queuedAt: new Date(queuedAt).toISOString(),
});

/** A portal answering /api/activity and the pending queues from a mutable list; `down` makes every call fail. */
function fakePortal() {
  const state = {
    down: false,
    calls: [] as string[],
    queues: new Map<string, { title: string; entries: ReturnType<typeof queueEntry>[] }>(),
  };
  const client = {
    origin: 'https://portal.example',
    activity: async () => {
      state.calls.push('activity');
      if (state.down) throw new Error('portal unreachable');
      return {
        pending: [...state.queues.values()].reduce((n, q) => n + q.entries.length, 0),
        events: [...state.queues].map(([eventId, q]) => ({
          eventId,
          title: q.title,
          pending: q.entries.length,
          newestAt: new Date(now).toISOString(),
        })),
      };
    },
    // Pages of 200, oldest first, as the worker's queue route answers.
    eventQueue: async (eventId: string, _state: 'pending', cursor: string | null = null) => {
      state.calls.push(`queue:${eventId}${cursor ? `@${cursor}` : ''}`);
      const all = state.queues.get(eventId)!.entries;
      const from = cursor ? Number(cursor) : 0;
      const page = all.slice(from, from + 200);
      return { entries: page, nextCursor: page.length === 200 ? String(from + 200) : null };
    },
  };
  return { state, client };
}

function setup(paired = true) {
  const db = new HypomosDb(`activity-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const store = memoryStore();
  const portal = fakePortal();
  const badges: string[] = [];
  const deps: ActivityDeps = {
    db,
    store,
    // biome-ignore lint/suspicious/noExplicitAny: the fake answers the two calls activity makes
    client: async () => (paired ? (portal.client as any) : null),
    now: () => now,
    setBadge: async (t) => void badges.push(t),
  };
  return { db, store, portal, badges, deps };
}

describe('organizer activity in the extension', () => {
  it("counts a guest's new photos on the badge; opening the list sees them and clears it", async () => {
    const { portal, badges, deps } = setup();
    portal.state.queues.set('ev1', { title: 'Wedding', entries: [queueEntry('i1', 'Carol Guest', now - 60_000)] });
    const first = await refreshActivity(deps);
    expect(first.badge).toBe('1');
    expect(badges.at(-1)).toBe('1');
    expect(first.contributions).toEqual([
      expect.objectContaining({ itemId: 'i1', contributorName: 'Carol Guest', eventTitle: 'Wedding', isNew: true }),
    ]);
    expect(await markActivitySeen(deps, { itemIds: ['i1'], shareIds: [] })).toEqual({ badge: '' });
    expect(badges.at(-1)).toBe('');
    // Still listed (it waits for a decision) but no longer new.
    const again = await refreshActivity(deps);
    expect(again.contributions.map((c) => [c.itemId, c.isNew])).toEqual([['i1', false]]);
    expect(again.badge).toBe('');
  });

  it('a contribution arriving while the list is open stays new', async () => {
    const { portal, deps } = setup();
    portal.state.queues.set('ev1', { title: 'Wedding', entries: [queueEntry('i1', 'Carol Guest', now)] });
    await refreshActivity(deps);
    portal.state.queues.get('ev1')!.entries.push(queueEntry('i2', 'Bob Guest', now));
    await refreshActivity(deps);
    expect(await markActivitySeen(deps, { itemIds: ['i1'], shareIds: [] })).toEqual({ badge: '1' });
  });

  it('asks the queue only of events with pending items', async () => {
    const { portal, deps } = setup();
    portal.state.queues.set('ev1', { title: 'Wedding', entries: [] });
    portal.state.queues.set('ev2', { title: 'Picnic', entries: [queueEntry('i9', 'Dan', now)] });
    await refreshActivity(deps);
    expect(portal.state.calls).toEqual(['activity', 'queue:ev2']);
  });

  it('reads every page of a long queue (up to the cap) and lists the newest first', async () => {
    const { portal, deps } = setup();
    const many = Array.from({ length: 450 }, (_, i) => queueEntry(`i${i}`, 'Dan', now - (450 - i) * 1000));
    portal.state.queues.set('ev1', { title: 'Wedding', entries: many });
    const view = await refreshActivity(deps);
    expect(portal.state.calls).toEqual(['activity', 'queue:ev1', 'queue:ev1@200', 'queue:ev1@400']);
    expect(view.contributions).toHaveLength(450);
    expect(view.contributions[0]!.itemId).toBe('i449');
    expect(view.badge).toBe('99+');
    const huge = Array.from({ length: 1500 }, (_, i) => queueEntry(`h${i}`, 'Eve', now));
    portal.state.queues.set('ev1', { title: 'Wedding', entries: huge });
    expect((await refreshActivity(deps)).contributions).toHaveLength(1000);
  });

  it('a gallery closing in two days is a reminder and counts one on the badge', async () => {
    const { db, deps } = setup(false);
    await db.shares.bulkPut([
      toShareRow(
        newShare({
          id: 'g1',
          collectionId: 'c1',
          kind: 'gallery',
          title: 'Smith wedding',
          expiresAt: now + 2 * DAY,
          createdAt: now,
        }),
      ),
      toShareRow(
        newShare({
          id: 'g2',
          collectionId: 'c2',
          kind: 'link',
          title: 'Later',
          expiresAt: now + 9 * DAY,
          createdAt: now,
        }),
      ),
    ]);
    const view = await readActivity(deps);
    expect(view.reminders).toEqual([
      {
        shareId: 'g1',
        collectionId: 'c1',
        title: 'Smith wedding',
        kind: 'gallery',
        expiresAt: now + 2 * DAY,
        label: 'Closes in 2 days',
        isNew: true,
      },
    ]);
    expect(view.badge).toBe('1');
    expect((await markActivitySeen(deps, { itemIds: [], shareIds: ['g1'] })).badge).toBe('');
    expect((await readActivity(deps)).reminders[0]!.isNew).toBe(false);
  });

  it('a restarted worker restores the badge from storage, and asks the portal only when the last answer is old', async () => {
    const { portal, badges, deps } = setup();
    portal.state.queues.set('ev1', { title: 'Wedding', entries: [queueEntry('i1', 'Carol Guest', now)] });
    await refreshActivity(deps);
    portal.state.calls.length = 0;
    badges.length = 0;
    await resumeActivity({ ...deps, now: () => now + 30_000 });
    expect(portal.state.calls).toEqual([]);
    expect(badges).toEqual(['1']);
    await resumeActivity({ ...deps, now: () => now + 120_000 });
    expect(portal.state.calls).toEqual(['activity', 'queue:ev1']);
  });

  it('a failed ask keeps what was seen and the last entries; the error is shown', async () => {
    const { portal, store, deps } = setup();
    portal.state.queues.set('ev1', { title: 'Wedding', entries: [queueEntry('i1', 'Carol Guest', now)] });
    await refreshActivity(deps);
    await markActivitySeen(deps, { itemIds: ['i1'], shareIds: [] });
    portal.state.down = true;
    const failed = await refreshActivity(deps);
    expect(failed.error).toBe('portal unreachable');
    expect(failed.contributions.map((c) => [c.itemId, c.isNew])).toEqual([['i1', false]]);
    expect(failed.badge).toBe('');
    expect((store.data.get(ACTIVITY_KEY) as { seen: string[] }).seen).toEqual(['item:i1']);
  });
});
