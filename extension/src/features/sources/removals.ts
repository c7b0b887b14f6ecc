import type { HypomosDb } from '../../db';

/** Told which index keys left the index (deleted or moved away at the source, or no longer media). */
export type RemovalListener = (keys: string[], sourceId: string) => Promise<void> | void;

/**
 * Delivers the `removals` outbox. The scanner writes each removal in the same transaction that drops
 * the items, so nothing is lost if the worker stops; a row is deleted only after every listener
 * resolved, so a listener that failed hears it again at the next delivery. Listeners must register
 * when the service worker starts (before the first delivery), e.g. the sharing code withdrawing items.
 */
export class RemovalOutbox {
  private readonly listeners = new Set<RemovalListener>();
  private delivering: Promise<void> | null = null;

  constructor(private readonly db: HypomosDb) {}

  onItemsRemoved(listener: RemovalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers every queued removal, oldest first; concurrent calls share one pass. */
  deliver(): Promise<void> {
    this.delivering ??= this.pass().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  private async pass(): Promise<void> {
    for (;;) {
      const rows = await this.db.removals.orderBy('id').limit(50).toArray();
      if (rows.length === 0) return;
      for (const row of rows) {
        const results = await Promise.allSettled([...this.listeners].map((l) => l(row.keys, row.sourceId)));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) {
          console.warn('Hypomos: a removal listener failed; it will hear again at the next sync', failed.reason);
          return;
        }
        await this.db.removals.delete(row.id!);
      }
    }
  }
}
