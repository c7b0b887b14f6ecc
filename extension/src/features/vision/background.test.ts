import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { VisionSupervisor } from './background';
import { claimBatch, enqueueKeys, hasRunnableWork, markDone, setPaused, upgradeVisionQueue } from './queue';
import type { RunnerDocument } from './runner-document';

const source = (id: string, visionOptIn: boolean): SourceRow => ({
  id,
  kind: 'local',
  name: id,
  config: {},
  createdAt: 0,
  visionOptIn,
  autoTagFolders: false,
  ignoredFolderNames: [],
});

/** A runner document that records what the supervisor asked of it. */
function recordingDocument(): RunnerDocument & { log: string[]; open_: boolean } {
  const doc = {
    log: [] as string[],
    open_: false,
    isOpen: async () => doc.open_,
    open: async () => {
      if (!doc.open_) doc.log.push('open');
      doc.open_ = true;
    },
    close: async () => {
      if (doc.open_) doc.log.push('close');
      doc.open_ = false;
    },
  };
  return doc;
}

describe('vision queue consent gate and background supervisor (Dexie over fake-indexeddb)', () => {
  let db: HypomosDb;
  beforeEach(async () => {
    db = new HypomosDb(`vision-bg-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.sources.bulkPut([source('yes', true), source('no', false)]);
    await db.items.bulkPut(
      ['yes:1', 'yes:2', 'no:1'].map((k) =>
        makeIndexItem({
          sourceId: k.split(':')[0] as string,
          providerItemId: k.split(':')[1] as string,
          mediaType: 'image',
        }),
      ),
    );
  });

  it('claims only items of consented sources, and sees no work while paused or without consent', async () => {
    expect(await hasRunnableWork(db)).toBe(false);
    await enqueueKeys(db, ['no:1']);
    expect(await hasRunnableWork(db)).toBe(false);
    expect(await claimBatch(db, 10)).toEqual([]);
    await enqueueKeys(db, ['yes:1', 'yes:2']);
    expect(await hasRunnableWork(db)).toBe(true);
    await setPaused(db, true);
    expect(await hasRunnableWork(db)).toBe(false);
    await setPaused(db, false);
    expect(await claimBatch(db, 10)).toEqual(['yes:1', 'yes:2']);
    expect(await hasRunnableWork(db)).toBe(false);
    expect((await db.visionQueue.get('no:1'))?.state).toBe('queued');
  });

  it('opens the runner only for work, closes it when drained, and reopens for work that came meanwhile', async () => {
    const doc = recordingDocument();
    const supervisor = new VisionSupervisor(db, doc, async () => false);
    expect(await supervisor.check()).toBe(false);
    await enqueueKeys(db, ['yes:1']);
    expect(await supervisor.check()).toBe(true);
    expect(await supervisor.check()).toBe(true);
    expect(doc.log).toEqual(['open']);
    // The run ended but an item was queued after its last claim: closed, then opened again.
    expect(await supervisor.drained()).toBe(true);
    expect(doc.log).toEqual(['open', 'close', 'open']);
    await db.visionQueue.update('yes:1', { state: 'done' });
    expect(await supervisor.drained()).toBe(false);
    expect(doc.log).toEqual(['open', 'close', 'open', 'close']);
  });

  it('items left running by a dead runner (lock free) bring a runner back; a live runner holding the lock does not', async () => {
    const doc = recordingDocument();
    let held = true;
    const supervisor = new VisionSupervisor(db, doc, async (name) => held && name === db.name);
    await enqueueKeys(db, ['yes:1']);
    expect(await claimBatch(db, 10)).toEqual(['yes:1']);
    expect(await hasRunnableWork(db)).toBe(false);
    expect(await supervisor.check()).toBe(false);
    held = false;
    expect(await supervisor.check()).toBe(true);
    expect(doc.log).toEqual(['open']);
  });

  it('a paused queue keeps the runner closed until resumed', async () => {
    const doc = recordingDocument();
    const supervisor = new VisionSupervisor(db, doc, async () => false);
    await enqueueKeys(db, ['yes:1']);
    await setPaused(db, true);
    expect(await supervisor.check()).toBe(false);
    await setPaused(db, false);
    expect(await supervisor.check()).toBe(true);
    expect(doc.log).toEqual(['open']);
  });

  it('after a scan, new items of a consented source are queued and the runner opens', async () => {
    const doc = recordingDocument();
    const supervisor = new VisionSupervisor(db, doc, async () => false);
    await supervisor.sourceSynced('no');
    expect(await db.visionQueue.count()).toBe(0);
    await supervisor.sourceSynced('yes');
    expect((await db.visionQueue.toCollection().primaryKeys()).sort()).toEqual(['yes:1', 'yes:2']);
    expect(doc.log).toEqual(['open']);
  });

  it('videos that vision version 1 skipped are queued once, for consented sources only', async () => {
    const video = (k: string) =>
      makeIndexItem({
        sourceId: k.split(':')[0] as string,
        providerItemId: k.split(':')[1] as string,
        mediaType: 'video',
      });
    await db.items.bulkPut(['yes:v1', 'yes:v2', 'no:v3'].map(video));
    // Version 1: the scan queued only photos, and a video queued by hand was marked done without analysis.
    await enqueueKeys(db, ['yes:1', 'yes:v1']);
    await markDone(db, 'yes:1');
    await markDone(db, 'yes:v1');
    const doc = recordingDocument();
    const supervisor = new VisionSupervisor(db, doc, async () => false);
    expect(await supervisor.check()).toBe(true);
    const rows = Object.fromEntries((await db.visionQueue.toArray()).map((r) => [r.key, r.state]));
    expect(rows).toEqual({ 'yes:1': 'done', 'yes:v1': 'queued', 'yes:v2': 'queued' });
    // Once: a video analysed under version 2 stays done.
    await markDone(db, 'yes:v1');
    expect(await upgradeVisionQueue(db)).toBe(0);
    expect((await db.visionQueue.get('yes:v1'))?.state).toBe('done');
    // A later scan queues videos with the photos.
    await supervisor.sourceSynced('yes');
    expect((await db.visionQueue.toCollection().primaryKeys()).sort()).toEqual(['yes:1', 'yes:2', 'yes:v1', 'yes:v2']);
  });
});
