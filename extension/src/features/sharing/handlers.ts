import { browser } from 'wxt/browser';
import type { ItemKey } from '@hypomos/shared/index/item';
import { PUBLISHED_STATES } from '@hypomos/shared/sharing/publish-plan';
import type { HypomosDb } from '../../db';
import { type MessageRouter, MessageError } from '../messages';
import { parseShareToToken } from '@hypomos/shared/sharing/event-token';
import { type ActivityDeps, markActivitySeen, readActivity, refreshActivity } from './activity';
import { approvalCounts } from './approvals';
import { endShare, expireDue, followPortal } from './expiry';
import type { ProviderFor } from './links';
import type * as M from './messages';
import { sharingProtocol } from './messages';
import {
  codeFromRedirect,
  completePairing,
  type KeyValue,
  pairUrl,
  pairWithPortal,
  portalClient,
  readPortal,
  setPortalOrigin,
  unpair,
} from './pairing';
import type { Fetch, PortalClient } from './portal-client';
import type { Publisher } from './publisher';
import { asPublished, newShare, readShare, toShareRow } from './rows';
import { shareViewers } from './viewers';

interface Deps {
  db: HypomosDb;
  publisher: Publisher;
  store: KeyValue;
  fetch: Fetch;
  expiry: { db: HypomosDb; providerFor: ProviderFor; now: () => number; client: () => Promise<PortalClient> };
  activity: ActivityDeps;
}

const randomState = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export function registerSharingHandlers(router: MessageRouter, d: Deps): void {
  const { db, publisher } = d;
  const pairStates = new Map<string, string>();
  const client = () => portalClient(d.store, d.fetch);
  const started = (id: string) =>
    void publisher.run(id).catch((e: unknown) => console.warn('Hypomos: share run failed', id, e));
  // A new or ended share changes the reminders; a decision empties part of the queue.
  const rebadge = () => void readActivity(d.activity).catch((e: unknown) => console.warn('Hypomos: activity badge', e));
  const reread = () =>
    void refreshActivity(d.activity).catch((e: unknown) => console.warn('Hypomos: activity refresh', e));

  router.register(sharingProtocol, {
    'sharing.portal': async () => {
      const p = await readPortal(d.store);
      return { origin: p?.origin ?? null, paired: !!p?.token, pairedAs: p?.pairedAs ?? null };
    },
    'sharing.setPortal': async (m) => ({
      origin: (await setPortalOrigin(d.store, m.origin)).origin,
    }),
    'sharing.pair': async () => {
      const launch = async (url: string) => {
        const redirected = await browser.identity.launchWebAuthFlow({ url, interactive: true });
        if (!redirected) throw new MessageError('failed', 'Pairing was closed before it finished');
        return redirected;
      };
      const p = await pairWithPortal({
        store: d.store,
        fetch: d.fetch,
        launch,
        redirectUri: browser.identity.getRedirectURL('portal'),
        randomState,
        name: 'Hypomos extension',
      });
      return { origin: p.origin, paired: true };
    },
    'sharing.pairStart': async (m) => {
      const portal = await readPortal(d.store);
      if (!portal) throw new MessageError('bad_request', 'Set the portal address first');
      const state = randomState();
      pairStates.set(state, portal.origin);
      return { url: pairUrl(portal.origin, m.redirectUri, state), state };
    },
    'sharing.pairFinish': async (m) => {
      const origin = pairStates.get(m.state);
      if (!origin) throw new MessageError('bad_request', 'Unknown pairing request');
      pairStates.delete(m.state);
      const p = await completePairing(
        d.store,
        d.fetch,
        origin,
        codeFromRedirect(m.redirected, m.state),
        'Hypomos extension',
      );
      return { origin: p.origin, paired: true };
    },
    'sharing.unpair': async () => {
      await unpair(d.store, d.fetch);
      return { paired: false };
    },
    'sharing.create': async (m) => {
      const collection = await db.collections.get(m.collectionId);
      if (!collection) throw new MessageError('bad_request', 'No such collection');
      if (m.kind === 'gallery' && !m.expiresAt) throw new MessageError('bad_request', 'A gallery needs an expiry');
      if (m.kind === 'family' && m.recipients.length === 0)
        throw new MessageError('bad_request', 'Name at least one recipient');
      const share = newShare({
        id: crypto.randomUUID(),
        collectionId: m.collectionId,
        kind: m.kind,
        title: m.title,
        expiresAt: m.expiresAt,
        includePlace: m.includePlace,
        review: m.review,
        allowDownload: m.allowDownload,
        recipients: m.recipients,
        createdAt: Date.now(),
      });
      await db.shares.put(toShareRow(share));
      started(share.id);
      rebadge();
      return { shareId: share.id };
    },
    'sharing.joinEvent': async (m) => {
      const parsed = parseShareToToken(m.input);
      if (!parsed) throw new MessageError('bad_request', 'That is not an event link or token (expected …/e/<token>)');
      const collection = await db.collections.get(m.collectionId);
      if (!collection) throw new MessageError('bad_request', 'No such collection');
      const share = newShare({
        id: crypto.randomUUID(),
        collectionId: m.collectionId,
        kind: 'event',
        title: collection.title,
        eventToken: parsed.token,
        portalOrigin: parsed.portalOrigin,
        createdAt: Date.now(),
      });
      await db.shares.put(toShareRow(share));
      started(share.id);
      return { shareId: share.id };
    },
    'sharing.list': async (m) => {
      const rows = m.collectionId
        ? await db.shares.where('collectionId').equals(m.collectionId).toArray()
        : await db.shares.toArray();
      const out: M.ShareSummary[] = [];
      for (const row of rows) {
        const s = readShare(row);
        if (!s) continue;
        // Counted on the [shareId+state] index: polled while a 10,000-item share publishes, it must not walk the rows.
        const counts: Record<string, number> = {};
        for (const state of PUBLISHED_STATES) {
          const n = await db.published.where('[shareId+state]').equals([s.id, state]).count();
          if (n > 0) counts[state] = n;
        }
        out.push({
          id: s.id,
          collectionId: s.collectionId,
          kind: s.kind,
          title: s.title,
          state: s.state,
          url: s.url,
          expiresAt: s.expiresAt,
          counts,
          approvals: s.kind === 'event' ? await approvalCounts(db, s.id) : null,
          lastError: s.lastError,
          lastRunAt: s.lastRunAt,
        });
      }
      return out;
    },
    'sharing.items': async (m) => {
      const rows = (await db.published.where('shareId').equals(m.shareId).toArray()).map(asPublished);
      const items = await db.items.bulkGet(rows.map((r) => r.itemKey as ItemKey));
      return rows.map(
        (r, i): M.ShareItemState => ({
          itemKey: r.itemKey,
          name: items[i]?.name ?? null,
          state: r.state,
          reason: r.reason ?? null,
        }),
      );
    },
    'sharing.run': async (m) => {
      if (m.shareId) return publisher.run(m.shareId, { retryFailed: m.retryFailed });
      await publisher.runAll();
      return null;
    },
    'sharing.review': async (m) => {
      await db.transaction('rw', db.published, async () => {
        for (const key of m.approve)
          await db.published
            .where('[shareId+itemKey]')
            .equals([m.shareId, key])
            .filter((r) => r.state === 'review')
            .modify({ state: 'pending' });
        // A rejected match stays out: 'withdrawn' is not re-planned until it stops and starts matching again.
        for (const key of m.reject)
          await db.published
            .where('[shareId+itemKey]')
            .equals([m.shareId, key])
            .filter((r) => r.state === 'review')
            .modify({ state: 'failed', reason: 'Left out by you in review' });
      });
      started(m.shareId);
      return { approved: m.approve.length };
    },
    'sharing.revoke': async (m) => {
      const ended = await endShare(d.expiry, m.shareId, 'revoked');
      rebadge();
      return ended;
    },
    'sharing.expireDue': async () => ({ ended: await expireDue(d.expiry) }),
    'sharing.followPortal': async () => ({
      ...(await followPortal(d.expiry)),
    }),
    'sharing.inbox': async () => (await client()).inbox(),
    'sharing.inboxAccept': async (m) => (await client()).acceptInbox(m.id),
    'sharing.inboxItems': async (m) => (await client()).inboxItems(m.id, m.cursor),
    'sharing.events': async () => (await client()).events(),
    'sharing.viewers': async () => shareViewers(db, await client()),
    'sharing.eventQueue': async (m) => (await client()).eventQueue(m.eventId, 'pending'),
    'sharing.decide': async (m) => {
      const results = await (await client()).decide(m.eventId, m.decisions);
      reread();
      return results;
    },
    'sharing.activity': async (m) => (m.refresh ? refreshActivity(d.activity) : readActivity(d.activity)),
    'sharing.activitySeen': async (m) => markActivitySeen(d.activity, m),
  });
}
