import { MAX_ITEMS_PER_REQUEST, type PublishItemInput } from '@hypomos/shared/api/collections';
import type { SourceKind } from '@hypomos/shared/index/item';
import type { DelegatedLink } from '@hypomos/shared/providers/provider';
import { publishItemOf } from '@hypomos/shared/sharing/publish-item';
import { planPublish } from '@hypomos/shared/sharing/publish-plan';
import { redundantCopies } from '@hypomos/shared/sharing/collapse-copies';
import type { ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { CollectionRow } from '../../db/rows';
import { GroupCommit } from './group-commit';
import { LinkPool } from './link-pool';
import { linkFailure, ProviderCache, type ProviderFor, refOf } from './links';
import type { PortalClient } from './portal-client';
import { asPublished, type PublishedItem, readShare, type SharingShare, toShareRow } from './rows';
import { readApprovals } from './approvals';
import { flagReturningContent, recordTombstones } from './tombstones';
import { retireRotated, withdrawQueued } from './withdraw';
import { systemClock, type WaitClock } from '../../platform/clock';

/** Delegated-link requests in flight per cloud source (OneDrive and Drive both throttle per user). */
export const DEFAULT_LINK_CONCURRENCY = 8;

export interface PublisherDeps {
  db: HypomosDb;
  client: () => Promise<PortalClient>;
  providerFor: ProviderFor;
  now: () => number;
  /** The keys a collection holds now (dynamic: its filter evaluated over the index). */
  collectionKeys: (collection: CollectionRow) => Promise<string[]>;
  /** Provider calls in flight per source while linking: one number for every source, or per kind. */
  linkConcurrency?: number | Partial<Record<SourceKind, number>>;
  /** Waits for Retry-After / backoff (virtual in tests). */
  clock?: WaitClock;
}

interface Outgoing {
  row: PublishedItem;
  link: DelegatedLink;
  body: PublishItemInput;
}

/** What the batches of one run share: the per-source pools, the checkpoint writer, the sources the portal knows. */
interface LinkContext {
  share: SharingShare;
  client: PortalClient;
  providers: ProviderCache;
  kinds: Map<string, SourceKind>;
  pool: LinkPool;
  checkpoints: GroupCommit<{ key: [string, string]; changes: Partial<PublishedItem> }>;
}

export interface RunSummary {
  published: number;
  failed: number;
  withdrawn: number;
  review: number;
}

/**
 * Publishes one share: every step's progress is in Dexie (`shares`, `published`), so a stopped service worker
 * resumes with `run()` and nothing is sent twice; the API is idempotent by (source, item id) besides.
 */
export class Publisher {
  private readonly runs = new Map<string, Promise<RunSummary>>();
  private readonly queued = new Map<string, Promise<RunSummary>>();
  constructor(readonly deps: PublisherDeps) {}

  /**
   * Starts the run of one share. Asked while a run is going, one more run follows it: the running one planned
   * before whatever caused this call (e.g. another source's sync finished), so joining it could miss a change.
   */
  run(shareId: string, opts: { retryFailed?: boolean } = {}): Promise<RunSummary> {
    const current = this.runs.get(shareId);
    if (current) {
      let next = this.queued.get(shareId);
      if (!next) {
        next = current
          .catch(() => undefined)
          .then(() => {
            this.queued.delete(shareId);
            return this.run(shareId, opts);
          });
        this.queued.set(shareId, next);
      }
      return next;
    }
    const p = this.runOnce(shareId, opts.retryFailed ?? false).finally(() => this.runs.delete(shareId));
    this.runs.set(shareId, p);
    return p;
  }

  /** Every active share: after a sync, at start-up (resume), and on the periodic alarm. */
  async runAll(): Promise<void> {
    const ids = (await this.deps.db.shares.toArray()).filter((s) => s.state === 'active').map((s) => s.id);
    for (const id of ids) await this.run(id).catch((e: unknown) => console.warn('Hypomos: share run failed', id, e));
  }

  private async runOnce(shareId: string, retryFailed: boolean): Promise<RunSummary> {
    const { db } = this.deps;
    const share = readShare(await db.shares.get(shareId));
    if (share?.state !== 'active') return { published: 0, failed: 0, withdrawn: 0, review: 0 };
    try {
      const client = await this.deps.client();
      const providers = new ProviderCache(db, this.deps.providerFor);
      // Content deleted before never goes out again: flag returning copies before planning (not only after syncs).
      await flagReturningContent(db);
      const review = await this.plan(share, retryFailed);
      const ready = await this.ensurePortalCollection(share, client);
      const patch = (p: Partial<SharingShare>) => this.patchShare(shareId, p);
      const withdrawn = await withdrawQueued(db, client, providers, ready, this.deps.now, patch);
      const counts = await this.publishPending(ready, client, providers);
      // Only now that the other items carry new links may the old policy generation (and the withdrawn link) end.
      const retired = await retireRotated(providers, await this.current(shareId), patch);
      const finished = await this.finishShare(retired, client);
      await readApprovals(db, client, finished);
      await this.patchShare(shareId, { lastRunAt: this.deps.now(), lastError: null });
      return { ...counts, withdrawn, review };
    } catch (e) {
      await this.patchShare(shareId, {
        lastRunAt: this.deps.now(),
        lastError: e instanceof Error ? e.message : String(e),
      });
      throw e;
    }
  }

  /** Writes the plan into `published` in one transaction (new pending/review rows, withdrawals, drops). */
  private async plan(share: SharingShare, retryFailed: boolean): Promise<number> {
    const { db } = this.deps;
    const collection = await db.collections.get(share.collectionId);
    const matching = collection ? await this.deps.collectionKeys(collection) : [];
    return db.transaction('rw', [db.items, db.published, db.tombstones], async () => {
      const rows = (await db.published.where('shareId').equals(share.id).toArray()).map(asPublished);
      const keys = [...new Set([...matching, ...rows.map((r) => r.itemKey)])];
      const items = await db.items.bulkGet(keys as ItemKey[]);
      const excluded = new Set(keys.filter((_, i) => !items[i] || items[i]!.unwanted));
      // The same photo in two clouds is shared once: the copy the portal holds, else the best-delivered one.
      const onPortal = new Set(
        rows.filter((r) => r.state === 'published' || r.state === 'pending').map((r) => r.itemKey),
      );
      const inCollection = new Set(matching);
      const candidates = items.filter((i) => i && inCollection.has(i.key) && !excluded.has(i.key)).map((i) => i!);
      for (const key of redundantCopies(candidates, onPortal)) excluded.add(key);
      const plan = planPublish({ matching, excluded, published: rows, review: share.review, retryFailed });
      const now = this.deps.now();
      const byKey = new Map(rows.map((r) => [r.itemKey, r]));
      const fresh = (itemKey: string, state: 'pending' | 'review'): PublishedItem => ({
        ...byKey.get(itemKey),
        shareId: share.id,
        itemKey,
        state,
        at: now,
        reason: null,
        // An event contribution waits for the organizer until the portal says otherwise (sharing/approvals.ts).
        ...(share.kind === 'event' ? { approval: byKey.get(itemKey)?.approval ?? 'pending' } : {}),
      });
      await db.published.bulkPut([
        ...plan.publish.map((k) => fresh(k, 'pending')),
        ...plan.toReview.map((k) => fresh(k, 'review')),
      ]);
      await db.published.bulkPut(
        plan.withdraw.map((k) => ({ ...byKey.get(k)!, state: 'withdrawing' as const, at: now })),
      );
      await db.published.bulkDelete(plan.drop.map((k) => [share.id, k] as [string, string]));
      // Marked unwanted: once withdrawn, the same content coming back is flagged (tombstones).
      const unwanted = plan.withdraw.map((k) => items[keys.indexOf(k)]).filter((i) => i?.unwanted);
      await recordTombstones(
        db,
        unwanted.map((i) => ({ sha256: i!.sha256, phash: i!.phash })),
        now,
      );
      return db.published.where('[shareId+state]').equals([share.id, 'review']).count();
    });
  }

  private async ensurePortalCollection(share: SharingShare, client: PortalClient): Promise<SharingShare> {
    if (share.portalCollectionId) return share;
    if (share.portalOrigin && share.portalOrigin !== client.origin) {
      throw new Error(`This event is on ${share.portalOrigin}, but the extension is connected to ${client.origin}`);
    }
    const collection = await this.deps.db.collections.get(share.collectionId);
    const created = await client.createCollection(
      share.title || collection?.title || 'Shared photos',
      collection?.kind ?? 'static',
      null,
    );
    return this.patchShare(share.id, { portalCollectionId: created.id });
  }

  /**
   * Links then publishes `pending` rows, ≤ 500 per portal request, one result per item. Links are made in bounded
   * per-source pools (LinkPool); each link is written to its row as soon as it exists (GroupCommit), so a stopped
   * worker reuses it instead of making another, and a row only becomes `published` from the portal's answer. The
   * portal request of one batch runs while the links of the next are made.
   */
  private async publishPending(share: SharingShare, client: PortalClient, providers: ProviderCache) {
    const { db } = this.deps;
    const kinds = new Map<string, SourceKind>();
    const ctx: LinkContext = {
      share,
      client,
      providers,
      kinds,
      pool: new LinkPool({
        concurrency: (sourceId) => this.linkConcurrency(kinds.get(sourceId)),
        clock: this.deps.clock ?? systemClock,
      }),
      // Links arriving together share one transaction; each item still waits for its own write.
      checkpoints: new GroupCommit((entries) => db.published.bulkUpdate(entries).then(() => undefined)),
    };
    const counts = { published: 0, failed: 0 };
    for (;;) {
      const keys = await db.published.where('[shareId+state]').equals([share.id, 'pending']).primaryKeys();
      if (keys.length === 0) return counts;
      let sending: Promise<void> = Promise.resolve();
      for (let i = 0; i < keys.length; i += MAX_ITEMS_PER_REQUEST) {
        const ready = await this.linkBatch(ctx, keys.slice(i, i + MAX_ITEMS_PER_REQUEST) as [string, string][], counts);
        await sending;
        sending = ready.length > 0 ? this.send(ctx, ready, counts) : Promise.resolve();
        // A failed portal request surfaces at the next await; keep it from being reported as unhandled meanwhile.
        sending.catch(() => undefined);
      }
      await sending;
    }
  }

  private async linkBatch(ctx: LinkContext, keys: [string, string][], counts: { failed: number }): Promise<Outgoing[]> {
    const { db } = this.deps;
    const { share } = ctx;
    const rows = (await db.published.bulkGet(keys)).filter((r) => r?.state === 'pending').map((r) => asPublished(r!));
    const items = await db.items.bulkGet(rows.map((r) => r.itemKey as ItemKey));
    // The portal learns each source once per run, before any of its items (not raced by the pool).
    for (const item of items) {
      if (!item || ctx.kinds.has(item.sourceId)) continue;
      const source = await db.sources.get(item.sourceId);
      const kind = source?.kind ?? (item.sourceKind as SourceKind);
      await ctx.client.putSource(item.sourceId, { kind, name: source?.name ?? item.sourceId });
      ctx.kinds.set(item.sourceId, kind);
    }
    const outgoing = await Promise.all(
      rows.map(async (row, i): Promise<Outgoing | null> => {
        const item = items[i];
        if (!item) {
          await this.fail(row, 'The item is no longer in the library');
          return null;
        }
        try {
          let link = row.link ?? null;
          if (!link || (link.expiresAt !== null && link.expiresAt <= this.deps.now())) {
            const provider = await ctx.providers.get(item.sourceId);
            link = await ctx.pool.run(item.sourceId, () =>
              provider.createLink(refOf(item), share.expiresAt ? new Date(share.expiresAt) : null, {
                scope: share.id,
                portalOrigin: ctx.client.origin,
              }),
            );
            // Kept at once: after a stop the link is reused, not made again.
            await ctx.checkpoints.save({
              key: [row.shareId, row.itemKey],
              changes: { link, ref: refOf(item), sha256: item.sha256, phash: item.phash },
            });
          }
          const known = row.portalRef;
          const asKnown = known ? { ...item, providerItemId: known.sourceItemId } : item;
          const body = publishItemOf(known?.sourceId ?? item.sourceId, asKnown, link, {
            includePlace: share.includePlace,
            includeFileName: share.kind === 'gallery',
          });
          return { row, link, body };
        } catch (e) {
          if (isPortalDown(e)) throw e;
          await this.fail(row, linkFailure(e));
          return null;
        }
      }),
    );
    const ready = outgoing.filter((o): o is Outgoing => o !== null);
    counts.failed += rows.length - ready.length;
    return ready;
  }

  private async send(
    ctx: LinkContext,
    ready: Outgoing[],
    counts: { published: number; failed: number },
  ): Promise<void> {
    const answer = await ctx.client.publish(
      ctx.share.portalCollectionId,
      ready.map((o) => o.body),
    );
    const now = this.deps.now();
    const updates = answer.results.flatMap((r) => {
      const o = ready[r.index];
      if (!o) return [];
      const ok = r.status === 'created' || r.status === 'updated';
      if (ok) counts.published++;
      else counts.failed++;
      const changes: Partial<PublishedItem> = ok
        ? // A published item can still carry a word for the owner (e.g. a Drive file guests cannot embed).
          { state: 'published', portalItemId: r.itemId, reason: o.link.notice ?? null, at: now }
        : { state: 'failed', reason: `Refused by the portal: ${r.reason}`, at: now };
      return [{ key: [o.row.shareId, o.row.itemKey] as [string, string], changes }];
    });
    await this.deps.db.published.bulkUpdate(updates);
  }

  /** Links in flight per source: Blob SAS links are signed locally (no request to throttle); clouds get a small pool. */
  private linkConcurrency(kind: SourceKind | undefined): number {
    const n = this.deps.linkConcurrency;
    if (typeof n === 'number') return n;
    return kind === 'azblob' ? 64 : (n?.[kind ?? 'onedrive'] ?? DEFAULT_LINK_CONCURRENCY);
  }

  /** After the items: the share link, the event contribution, the family recipients (each once). */
  private async finishShare(share: SharingShare, client: PortalClient): Promise<SharingShare> {
    if ((share.kind === 'link' || share.kind === 'gallery') && !share.portalShareId) {
      const created = await client.createShare(share.portalCollectionId, {
        kind: share.kind,
        title: share.title,
        expiresAt: share.expiresAt ? new Date(share.expiresAt).toISOString() : null,
        allowDownload: share.allowDownload,
      });
      share = await this.patchShare(share.id, { portalShareId: created.share.id, url: created.url });
    }
    if (share.kind === 'event' && share.eventToken && !share.contributionId) {
      const contribution = await client.contribute(share.eventToken, share.portalCollectionId);
      share = await this.patchShare(share.id, { contributionId: contribution.id });
    }
    if (share.kind === 'family') {
      const added = new Set(share.recipientsAdded);
      for (const email of share.recipients.filter((r) => !added.has(r))) {
        await client.addRecipient(share.portalCollectionId, email);
        added.add(email);
        await this.patchShare(share.id, { recipientsAdded: [...added] });
      }
    }
    return share;
  }

  private async fail(row: PublishedItem, reason: string) {
    await this.deps.db.published.update([row.shareId, row.itemKey], { state: 'failed', reason, at: this.deps.now() });
  }

  private async current(id: string): Promise<SharingShare> {
    const share = readShare(await this.deps.db.shares.get(id));
    if (!share) throw new Error(`The share ${id} is gone or damaged`);
    return share;
  }

  async patchShare(id: string, patch: Partial<SharingShare>): Promise<SharingShare> {
    const { db } = this.deps;
    return db.transaction('rw', db.shares, async () => {
      const current = readShare(await db.shares.get(id));
      if (!current) throw new Error(`The share ${id} is gone or damaged`);
      const next = { ...current, ...patch };
      await db.shares.put(toShareRow(next));
      return next;
    });
  }
}

const isPortalDown = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { name?: string }).name === 'PortalError';
