import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { PortalClient } from './portal-client';
import { SharingShare, toShareRow } from './rows';
import { shareViewers } from './viewers';

const share = (id: string, o: Partial<SharingShare>) =>
  toShareRow(
    SharingShare.parse({
      id,
      collectionId: `c-${id}`,
      state: 'active',
      portalCollectionId: `pc-${id}`,
      kind: 'link',
      ...o,
    }),
  );
const stat = (itemId: string, viewed: number) => ({
  itemId,
  viewed,
  liked: 0,
  skipped: 0,
  downloaded: 0,
  preview: {} as never,
});

describe('shareViewers', () => {
  it('maps the portal’s per-item viewer counts to index keys, over live and ended shares, not events', async () => {
    const db = new HypomosDb('viewers-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.shares.bulkPut([
      share('a', { portalShareId: 'ps-a' }),
      share('b', { portalShareId: 'ps-b', state: 'revoked' }),
      share('e', { portalShareId: 'ps-e', kind: 'event' }),
      share('n', { portalShareId: null }),
      share('x', { portalShareId: 'ps-x' }),
    ]);
    await db.published.bulkPut([
      { shareId: 'a', itemKey: 'od:1', state: 'published', portalItemId: 'p1' },
      { shareId: 'a', itemKey: 'od:2', state: 'published', portalItemId: 'p2' },
      { shareId: 'b', itemKey: 'od:1', state: 'withdrawn', portalItemId: 'p9' },
    ]);
    const asked: string[] = [];
    const client = {
      shareStats: async (id: string) => {
        asked.push(id);
        if (id === 'ps-x') throw new Error('portal down');
        const items = id === 'ps-a' ? [stat('p1', 3), stat('p2', 0), stat('unknown', 5)] : [stat('p9', 2)];
        return { totals: { viewed: 0, liked: 0, skipped: 0, downloaded: 0 }, items };
      },
    } as unknown as PortalClient;
    const out = await shareViewers(db, client);
    expect(asked.sort()).toEqual(['ps-a', 'ps-b', 'ps-x']);
    expect(out).toEqual({
      items: [
        { itemKey: 'od:1', viewers: 3 },
        { itemKey: 'od:1', viewers: 2 },
      ],
      shares: 2,
      failed: 1,
    });
  });
});
