import { browser } from 'wxt/browser';
import type { HypomosDb } from '../../db';
import type { CollectionRow } from '../../db/rows';
import { evaluateFilter, storedFilter } from '../library';
import type { RemovalOutbox, ScannerService } from '../sources';
import { registerSharingHandlers } from './handlers';
import type { ProviderFor } from './links';
import { type KeyValue, PORTAL_KEY, portalClient } from './pairing';
import { expireDue, followPortal } from './expiry';
import { ACTIVITY_COLOR, type ActivityDeps, refreshActivity, resumeActivity } from './activity';
import { BADGE_PRIORITY, toolbarBadge } from '../../platform/action-badge';
import { Publisher } from './publisher';
import { flagReturningContent } from './tombstones';
import { markRemoved } from './withdraw';
import type { MessageRouter } from '../messages';

export const SHARING_ALARM = 'hypomos-sharing';
/** One-shot: a revocation in the portal becomes final (its undo window ended). */
const FOLLOW_ALARM = 'hypomos-follow-portal';

/** The keys a collection holds now; a damaged dynamic filter shares nothing rather than guessing. */
export async function collectionKeys(db: HypomosDb, collection: CollectionRow): Promise<string[]> {
  if (collection.kind === 'static') return collection.itemKeys;
  const filter = storedFilter(collection);
  if (filter instanceof Error) throw filter;
  // Through IndexedDB's indexes with the shared matcher as the final word: the same rule the library's views apply.
  return (await evaluateFilter(db, filter)).keys.sort();
}

/**
 * Wires sharing into the service worker: messages, the removal listener (deletions leave every share), the
 * scanner's completion (dynamic collections stay live), an alarm for expiry, and resuming unfinished runs.
 * Listeners are added synchronously (MV3 wakes a worker only for listeners registered in its first turn).
 */
export function startSharingBackground(opts: {
  db: HypomosDb;
  router: MessageRouter;
  providerFor: ProviderFor;
  removals: RemovalOutbox;
  scanner: ScannerService;
  store: KeyValue;
}) {
  const { db } = opts;
  const fetcher = (input: string, init?: RequestInit) => fetch(input, init);
  const client = () => portalClient(opts.store, fetcher);
  const now = () => Date.now();
  const publisher = new Publisher({
    db,
    client,
    providerFor: opts.providerFor,
    now,
    collectionKeys: (c) => collectionKeys(db, c),
  });
  const expiryDeps = { db, providerFor: opts.providerFor, now, client };
  const isPaired = async () => !!((await opts.store.get(PORTAL_KEY)) as { token?: string } | undefined)?.token;
  const activity: ActivityDeps = {
    db,
    store: opts.store,
    client: async () => ((await isPaired()) ? client() : null),
    now,
    setBadge: (text) => toolbarBadge().set('activity', text, ACTIVITY_COLOR, BADGE_PRIORITY.activity),
  };
  const refreshActivityQuietly = () =>
    refreshActivity(activity).catch((e: unknown) => console.warn('Hypomos: activity', e));
  const runLater = (ids: string[]) => {
    for (const id of ids)
      void publisher.run(id).catch((e: unknown) => console.warn('Hypomos: share run failed', id, e));
  };

  const followPortalIfPaired = async () => {
    if (!(await isPaired())) return;
    const followed = await followPortal(expiryDeps).catch((e: unknown) => {
      console.warn('Hypomos: portal status', e);
      return null;
    });
    // A revocation still undoable in the portal: look again once it is final (alarms survive a stopped worker).
    if (followed?.recheckAt) await browser.alarms.create(FOLLOW_ALARM, { when: followed.recheckAt + 1000 });
  };

  registerSharingHandlers(opts.router, {
    db,
    publisher,
    store: opts.store,
    fetch: fetcher,
    expiry: expiryDeps,
    activity,
  });
  opts.removals.onItemsRemoved(async (keys) => runLater(await markRemoved(db, keys, now())));
  opts.scanner.onSynced(() => {
    void (async () => {
      await flagReturningContent(db);
      await publisher.runAll();
    })().catch((e: unknown) => console.warn('Hypomos: sharing after sync failed', e));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FOLLOW_ALARM) void followPortalIfPaired();
    if (alarm.name !== SHARING_ALARM) return;
    void expireDue(expiryDeps)
      .then(() => followPortalIfPaired())
      .then(() => publisher.runAll())
      .catch((e: unknown) => console.warn('Hypomos: sharing alarm failed', e))
      // The organizer's activity badge follows the portal on the same alarm.
      .then(refreshActivityQuietly);
  });
  void (async () => {
    if (!(await browser.alarms.get(SHARING_ALARM))) await browser.alarms.create(SHARING_ALARM, { periodInMinutes: 5 });
    await expireDue(expiryDeps);
    await followPortalIfPaired();
    await resumeActivity(activity).catch((e: unknown) => console.warn('Hypomos: activity', e));
    // Resume: a run a stopped worker left (pending / withdrawing rows) continues from Dexie.
    if (await isPaired()) await publisher.runAll();
  })().catch((e: unknown) => console.warn('Hypomos: sharing start-up failed', e));
  return { publisher };
}
