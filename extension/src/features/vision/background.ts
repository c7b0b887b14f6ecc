import { liveQuery } from 'dexie';
import type { HypomosDb } from '../../db';
import type { MessageRouter } from '../messages';
import { visionProtocol } from './messages';
import { visionLockHeld } from './exclusive';
import { enqueueSource, hasRunnableWork, isPaused, upgradeVisionQueue } from './queue';
import type { RunnerDocument } from './runner-document';

/**
 * The background's side of the vision pipeline. The service worker cannot start workers, so it opens a hidden
 * runner document (runner-document.ts) whenever consented, unpaused work is queued, and closes it when the run ends
 * so its models do not sit in memory. It re-checks on start-up, on every queue/consent/pause change it can see
 * (Dexie liveQuery while awake), on kicks from pages, after scans and on an alarm (a missed message or a worker
 * that slept through a change).
 */

export const VISION_ALARM = 'hypomos-vision';

/** The part of browser.alarms the supervisor uses (a small interface, as in suggestions.ts). */
export interface VisionAlarms {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number }): unknown;
  onAlarm: { addListener(cb: (alarm: { name: string }) => void): void };
}

export class VisionSupervisor {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: HypomosDb,
    private readonly doc: RunnerDocument,
    /** Whether a live runner holds the database's vision lock (Web Locks are visible to the service worker too). */
    private readonly lockHeld: (dbName: string) => Promise<boolean> = visionLockHeld,
  ) {}

  /**
   * Queued work, or items left `running` by a runner that died (its lock went with it): the latter are only put back
   * in line by the next runner's resumeInterrupted, so they need a runner too.
   */
  private async needsRunner(): Promise<boolean> {
    // Results of an older vision version are requeued once (videos, for version 2) before looking for work.
    await upgradeVisionQueue(this.db);
    if (await hasRunnableWork(this.db)) return true;
    if (await isPaused(this.db)) return false;
    const orphans = await this.db.visionQueue.where('state').equals('running').count();
    return orphans > 0 && !(await this.lockHeld(this.db.name));
  }

  /** Opening and closing are serialised: a kick racing a "drained" report must not leave work without a runner. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Opens the runner document if there is work for it; answers whether one is open. */
  check(): Promise<boolean> {
    return this.serial(async () => {
      if (await this.needsRunner()) {
        await this.doc.open();
        return true;
      }
      return this.doc.isOpen();
    });
  }

  /** The runner's run ended (queue empty, paused, or no consent left): close it, then reopen if work came meanwhile. */
  drained(): Promise<boolean> {
    return this.serial(async () => {
      await this.doc.close();
      if (!(await this.needsRunner())) return false;
      await this.doc.open();
      return true;
    });
  }

  /** After a scan: new items of a consented source join the queue. */
  async sourceSynced(sourceId: string): Promise<void> {
    const source = await this.db.sources.get(sourceId);
    if (source?.visionOptIn) await enqueueSource(this.db, sourceId);
    await this.check();
  }
}

export function startVisionBackground(opts: {
  db: HypomosDb;
  router: MessageRouter;
  alarms: VisionAlarms;
  doc: RunnerDocument | null;
}): VisionSupervisor | null {
  const { db, router, alarms, doc } = opts;
  if (!doc) {
    console.warn('Hypomos: no way to run vision workers in the background here; the queue waits for the dashboard');
    return null;
  }
  const supervisor = new VisionSupervisor(db, doc);
  const report = (e: unknown) => console.warn('Hypomos: vision runner check failed', e);
  router.register(visionProtocol, {
    'vision.kick': async () => ({ runner: await supervisor.check() }),
    'vision.drained': async () => ({ runner: await supervisor.drained() }),
  });
  alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === VISION_ALARM) void supervisor.check().catch(report);
  });
  void (async () => {
    if (!(await alarms.get(VISION_ALARM))) await alarms.create(VISION_ALARM, { periodInMinutes: 1 });
  })().catch(report);
  // Start-up check, then every change to the queue, consent or pause that this context sees while awake.
  liveQuery(() => hasRunnableWork(db)).subscribe({
    next: (work) => {
      if (work) void supervisor.check().catch(report);
    },
    error: report,
  });
  return supervisor;
}
