import { badgeText } from '@hypomos/shared/scan/progress';
import type { HypomosDb } from '../../db';
import type { ScannerDeps } from './scanner/context';
import { type SyncMode, type SyncOutcome, syncSource, unfinishedSources } from './scanner/sync';

export interface Badge {
  set(text: string, color: string): Promise<void> | void;
}

/**
 * The background's scanner: runs syncs without blocking the message that asked for them, knows which
 * sources are running (for the dashboard), and keeps the toolbar badge at the number of items queued.
 */
export class ScannerService {
  readonly running = new Set<string>();
  private readonly runs = new Map<string, Promise<SyncOutcome>>();
  private badgeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly syncedListeners = new Set<(sourceId: string) => void>();

  constructor(
    readonly deps: ScannerDeps,
    private readonly badge: Badge | null = null,
  ) {
    const onProgress = deps.onProgress;
    this.deps = {
      ...deps,
      onProgress: (id) => {
        onProgress?.(id);
        this.scheduleBadge();
      },
    };
  }

  get db(): HypomosDb {
    return this.deps.db;
  }

  /** Calls `fn` whenever a sync of a source ends (sharing publishes new matches, vision queues new items). */
  onSynced(fn: (sourceId: string) => void): () => void {
    this.syncedListeners.add(fn);
    return () => this.syncedListeners.delete(fn);
  }

  /** Starts (or joins) a sync of one source; resolves when it ends. */
  sync(sourceId: string, mode: SyncMode = 'run'): Promise<SyncOutcome> {
    const existing = this.runs.get(sourceId);
    if (existing) return existing;
    this.running.add(sourceId);
    const run = syncSource(this.deps, sourceId, mode).finally(() => {
      this.running.delete(sourceId);
      this.runs.delete(sourceId);
      this.scheduleBadge();
      for (const listener of this.syncedListeners) listener(sourceId);
    });
    this.runs.set(sourceId, run);
    this.scheduleBadge();
    return run;
  }

  /** "Sync now" / alarm: every source, or one. Returns the ids started; the runs go on in the background. */
  async syncAll(sourceId?: string): Promise<string[]> {
    const ids = sourceId ? [sourceId] : ((await this.db.sources.toCollection().primaryKeys()) as string[]);
    for (const id of ids) void this.sync(id, 'run');
    return ids;
  }

  /** Service worker start: finish whatever a stopped worker left. */
  async resumeAll(): Promise<string[]> {
    const ids = await unfinishedSources(this.deps);
    for (const id of ids) void this.sync(id, 'resume');
    this.scheduleBadge();
    return ids;
  }

  /** For "index now" from host pages: read what was queued, joining a running sync if there is one. */
  async drain(sourceId: string): Promise<void> {
    const running = this.runs.get(sourceId);
    if (running) await running;
    const outcome = await this.sync(sourceId, 'resume');
    if (!outcome.ok && outcome.error) throw new Error(outcome.error);
  }

  private scheduleBadge(): void {
    if (!this.badge || this.badgeTimer) return;
    // Progress comes after every page and batch; the badge needs a refresh a few times a second at most.
    this.badgeTimer = setTimeout(() => {
      this.badgeTimer = null;
      void this.updateBadge();
    }, 300);
  }

  async updateBadge(): Promise<void> {
    if (!this.badge) return;
    const queued = await this.db.pending.count();
    const errors = (await this.db.syncState.toArray()).some((s) => s.lastError);
    if (queued > 0 || this.running.size > 0) await this.badge.set(badgeText(queued) || '…', '#2563eb');
    else if (errors) await this.badge.set('!', '#dc2626');
    else await this.badge.set('', '#2563eb');
  }
}
