import { etaMs } from '@hypomos/shared/scan/progress';
import type { HypomosDb } from '../../db';
import type { SourceStatus } from './messages';

/** What the dashboard and the popup show per source, read from the index (works in any extension context). */
export async function sourceStatuses(
  db: HypomosDb,
  running: ReadonlySet<string> = new Set(),
  now = Date.now(),
): Promise<SourceStatus[]> {
  const sources = await db.sources.orderBy('id').toArray();
  return Promise.all(
    sources.map(async (s): Promise<SourceStatus> => {
      const [state, items, pending, failed] = await Promise.all([
        db.syncState.get(s.id),
        db.items.where('sourceId').equals(s.id).count(),
        db.pending.where('sourceId').equals(s.id).count(),
        db.failed.where('sourceId').equals(s.id).count(),
      ]);
      const drainElapsed = state?.drainStartedAt ? now - state.drainStartedAt : 0;
      return {
        id: s.id,
        kind: s.kind,
        name: s.name,
        phase: state?.phase ?? 'idle',
        running: running.has(s.id),
        items,
        pending,
        failed,
        seen: state?.seen ?? 0,
        indexed: state?.indexed ?? 0,
        bytesRead: state?.bytesRead ?? 0,
        etaMs: state?.drainStartedAt ? etaMs(pending, state.drainDone ?? 0, drainElapsed) : pending === 0 ? 0 : null,
        lastError: state?.lastError ?? null,
        finishedAt: state?.finishedAt ?? null,
      };
    }),
  );
}

/** The scanner's queue across sources: files waiting for metadata, and the failures with their reasons (Insights). */
export async function scanQueue(db: HypomosDb) {
  return {
    waiting: await db.pending.count(),
    failures: (await db.failed.toArray()).map((f) => ({ reason: f.reason, path: f.path, transient: f.transient })),
  };
}
