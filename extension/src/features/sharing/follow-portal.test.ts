import { REVOKE_UNDO_MS, type Share } from '@hypomos/shared/api/shares';
import type { Provider } from '@hypomos/shared/providers/provider';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { followPortal } from './expiry';
import type { PortalClient } from './portal-client';
import { readShare, SharingShare, toShareRow } from './rows';

const freshDb = () => new HypomosDb('follow-portal-test', { indexedDB: new IDBFactory(), IDBKeyRange });
const link = (n: number) => ({
  url: `https://example.org/l/${n}`,
  thumbnailUrl: null,
  linkId: `perm-${n}`,
  expiresAt: null,
});

// The schema's defaults fill what these tests do not care about.
const share = (id: string, portalShareId: string | null, o: Partial<SharingShare> = {}) =>
  toShareRow(
    SharingShare.parse({
      id,
      collectionId: `c-${id}`,
      state: 'active',
      portalCollectionId: `pc-${id}`,
      kind: 'link',
      title: id,
      portalShareId,
      ...o,
    }),
  );

const portalShare = (id: string, status: Share['status'], revokedAt: string | null = null) =>
  ({ id, status, revokedAt }) as unknown as Share;

async function setUp(portal: Share[]) {
  const db = freshDb();
  await db.sources.put({
    id: 'od',
    kind: 'onedrive',
    name: 'OneDrive',
    config: {},
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  });
  const ref = (id: string) => ({ sourceId: 'od', id, path: `${id}.jpg`, media: 'image' as const });
  await db.shares.bulkPut([
    share('kept', 'ps-1'),
    share('revoked', 'ps-2'),
    share('gone', 'ps-3'),
    share('event', null, { kind: 'event' }),
  ]);
  await db.published.bulkPut([
    { shareId: 'kept', itemKey: 'od:a', state: 'published', link: link(1), ref: ref('a') },
    { shareId: 'revoked', itemKey: 'od:b', state: 'published', link: link(2), ref: ref('b') },
    { shareId: 'gone', itemKey: 'od:c', state: 'published', link: link(3), ref: ref('c') },
  ] as never[]);
  const revokedLinks: string[] = [];
  const deleted: string[] = [];
  const provider = { revokeLink: async (_ref: unknown, l: { linkId: string }) => void revokedLinks.push(l.linkId) };
  const client = {
    listShares: async () => ({ shares: portal }),
    deleteCollection: async (id: string) => void deleted.push(id),
  } as unknown as PortalClient;
  const deps = {
    db,
    providerFor: async () => provider as unknown as Provider,
    now: () => 5000,
    client: async () => client,
  };
  return { db, deps, revokedLinks, deleted };
}

describe('share status follows the portal', () => {
  it('ends a share revoked in the portal owner pages, or whose portal share is gone, and revokes its links', async () => {
    const { db, deps, revokedLinks, deleted } = await setUp([
      portalShare('ps-1', 'active'),
      portalShare('ps-2', 'revoked'),
    ]);
    expect((await followPortal(deps)).ended.sort()).toEqual(['gone', 'revoked']);
    const state = async (id: string) => readShare(await db.shares.get(id))?.state;
    expect(await state('kept')).toBe('active');
    expect(await state('revoked')).toBe('revoked');
    expect(await state('gone')).toBe('revoked');
    expect(await state('event')).toBe('active');
    expect(revokedLinks.sort()).toEqual(['perm-2', 'perm-3']);
    // The portal already ended them: nothing is deleted there on their behalf.
    expect(deleted).toEqual([]);
    // A second pass has nothing left to do.
    expect(await followPortal(deps)).toEqual({ ended: [], recheckAt: null });
  });

  it('ends an expired one as expired', async () => {
    const { db, deps } = await setUp([
      portalShare('ps-1', 'expired'),
      portalShare('ps-2', 'active'),
      portalShare('ps-3', 'active'),
    ]);
    expect((await followPortal(deps)).ended).toEqual(['kept']);
    expect(readShare(await db.shares.get('kept'))?.state).toBe('expired');
  });

  it('waits out the undo window of a revocation before revoking the links, which the owner may still restore', async () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const { db, deps, revokedLinks } = await setUp([
      portalShare('ps-1', 'active'),
      portalShare('ps-2', 'revoked', at(5000 - REVOKE_UNDO_MS + 1000)),
      portalShare('ps-3', 'active'),
    ]);
    // Asked again once the revocation is final.
    expect(await followPortal(deps)).toEqual({ ended: [], recheckAt: 6000 });
    expect(readShare(await db.shares.get('revoked'))?.state).toBe('active');
    expect(revokedLinks).toEqual([]);
    expect((await followPortal({ ...deps, now: () => 6001 })).ended).toEqual(['revoked']);
    expect(revokedLinks).toEqual(['perm-2']);
  });

  it('changes nothing when the portal cannot be asked', async () => {
    const { db, deps } = await setUp([]);
    const offline = {
      ...deps,
      client: async () => ({ listShares: async () => Promise.reject(new Error('offline')) }) as unknown as PortalClient,
    };
    await expect(followPortal(offline)).rejects.toThrow('offline');
    expect(readShare(await db.shares.get('revoked'))?.state).toBe('active');
  });
});
