import { ProviderError } from '@hypomos/shared/providers/provider';
import { errorMessage, idleState, type ScannerDeps, type SourceContext } from './context';
import { drainPending } from './drain';
import { beginRun, listChanges } from './list';

export type SyncMode =
  /** "Sync now" and alarms: start a run from the checkpoint (or a full listing), then read the queue. */
  | 'run'
  /** Service worker start: finish what a stopped worker left (listing and queue), start nothing new. */
  | 'resume';

export interface SyncOutcome {
  sourceId: string;
  ok: boolean;
  error: string | null;
}

// One run per source at a time. Web Locks span every context of the extension (service worker and
// pages); the in-memory set covers runtimes without them (Node in unit tests).
const running = new Set<string>();

async function exclusive(sourceId: string, fn: () => Promise<void>): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (running.has(sourceId)) return false;
  running.add(sourceId);
  try {
    if (!locks) {
      await fn();
      return true;
    }
    return await locks.request(`hypomos-scan:${sourceId}`, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await fn();
      return true;
    });
  } finally {
    running.delete(sourceId);
  }
}

/** Syncs one source: list changes page by page (each a checkpoint), then read the queued items. */
export async function syncSource(deps: ScannerDeps, sourceId: string, mode: SyncMode): Promise<SyncOutcome> {
  const { db } = deps;
  let error: string | null = null;
  const ran = await exclusive(sourceId, async () => {
    try {
      const source = await db.sources.get(sourceId);
      if (!source) throw new Error(`No source ${sourceId}`);
      const ctx: SourceContext = { source, provider: await deps.providerFor(source), deps };
      if (mode === 'run') await beginRun(ctx);
      await listChanges(ctx);
      await drainPending(ctx);
      await db.syncState.update(sourceId, { finishedAt: deps.clock.now(), drainStartedAt: null, lastError: null });
    } catch (e) {
      error = describe(e);
      const state = (await db.syncState.get(sourceId)) ?? idleState(sourceId);
      await db.syncState.put({ ...state, lastError: error });
    } finally {
      deps.onProgress?.(sourceId);
    }
  });
  if (!ran) return { sourceId, ok: false, error: 'A sync of this source is already running' };
  return { sourceId, ok: error === null, error };
}

function describe(error: unknown): string {
  if (error instanceof ProviderError) {
    if (error.kind === 'unauthorized') return `Signed out: connect this source again (${error.message})`;
    if (error.kind === 'throttled')
      return `The provider is throttling requests; will retry at the next sync (${error.message})`;
  }
  return errorMessage(error);
}

/** Sources that a stopped worker left mid-run: a listing not finished, or items still queued. */
export async function unfinishedSources(deps: ScannerDeps): Promise<string[]> {
  const { db } = deps;
  const states = await db.syncState.toArray();
  const listing = states.filter((s) => s.phase !== 'idle').map((s) => s.sourceId);
  const queued = new Set((await db.pending.orderBy('sourceId').uniqueKeys()) as string[]);
  return [...new Set([...listing, ...queued])].filter(Boolean);
}
