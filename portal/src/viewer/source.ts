import type { PublicItemPage } from '@hypomos/shared/api/public';
import type { StatKind } from '@hypomos/shared/api/shares';
import { client, ok } from '../api/client';

/** What the viewer needs from a share or an event, so one grid, lightbox and slideshow serve both. */
export interface ViewerSource {
  loadPage(cursor: string | null): Promise<PublicItemPage>;
  recordStats(events: { itemId: string; kind: StatKind }[]): Promise<void>;
  reportDeadLink(itemId: string, reason: 'not_found' | 'expired'): Promise<void>;
  /** The portal's relay for an item under this link's token (used only where the item's delivery allows it). */
  relayUrl(itemId: string): string | null;
}

const relayPath = (scope: 'shares' | 'events', token: string, itemId: string) =>
  `/api/relay/${scope}/${encodeURIComponent(token)}/items/${encodeURIComponent(itemId)}`;

const PAGE = 500;
const query = (cursor: string | null) => ({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });

export function shareSource(token: string): ViewerSource {
  const s = client.api.public.shares[':token'];
  return {
    loadPage: (cursor) => ok(s.items.$get({ param: { token }, query: query(cursor) })),
    recordStats: async (events) => void (await ok(s.stats.$post({ param: { token }, json: { events } }))),
    reportDeadLink: async (itemId, reason) =>
      void (await ok(s.reports.$post({ param: { token }, json: { itemId, reason } }))),
    relayUrl: (itemId) => relayPath('shares', token, itemId),
  };
}

export function eventSource(token: string): ViewerSource {
  const e = client.api.public.events[':token'];
  return {
    loadPage: (cursor) => ok(e.items.$get({ param: { token }, query: query(cursor) })),
    recordStats: async (events) => void (await ok(e.stats.$post({ param: { token }, json: { events } }))),
    reportDeadLink: async (itemId, reason) =>
      void (await ok(e.reports.$post({ param: { token }, json: { itemId, reason } }))),
    relayUrl: (itemId) => relayPath('events', token, itemId),
  };
}

/** A recipient's accepted direct share: read-only, no viewer statistics or reports (those belong to links). */
export function inboxSource(entryId: string): ViewerSource {
  return {
    loadPage: (cursor) => ok(client.api.inbox[':id'].items.$get({ param: { id: entryId }, query: query(cursor) })),
    recordStats: async () => {},
    reportDeadLink: async () => {},
    relayUrl: () => null,
  };
}
