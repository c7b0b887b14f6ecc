import type { HypomosDb } from '../../../db';
import { staticCollections } from '../../collections';
import type { MessageRouter } from '../../messages';
import { hostsProtocol } from '../messages';
import { addToCollection, type Ids } from './collections';
import { shareToEvent } from './events';
import type { HostIndexer } from './indexer';
import { sourceForHost } from './sources';
import { popupStatus, rowStatuses } from './status';

export interface HostHandlerDeps extends Ids {
  db: HypomosDb;
  indexer: HostIndexer;
}

/** Registers the background side of the in-Drive/OneDrive actions and the popup's status. */
export function registerHostHandlers(router: MessageRouter, deps: HostHandlerDeps): void {
  const { db, indexer } = deps;
  router.register(hostsProtocol, {
    'hosts.indexSelection': async (m) => {
      const source = await sourceForHost(db, m.host);
      return { sourceId: source.id, outcomes: await indexer.indexItems(source, m.itemIds) };
    },
    'hosts.indexFolder': async (m) => {
      const source = await sourceForHost(db, m.host);
      return { sourceId: source.id, queued: await indexer.indexFolder(source, m.folder) };
    },
    'hosts.listCollections': async () => ({
      collections: (await staticCollections(db)).map((c) => ({ id: c.id, title: c.title, size: c.itemKeys.length })),
    }),
    'hosts.addToCollection': async (m) =>
      addToCollection(db, indexer, deps, await sourceForHost(db, m.host), m.itemIds, m.target),
    'hosts.shareToEvent': async (m) =>
      shareToEvent(db, indexer, deps, await sourceForHost(db, m.host), m.itemIds, m.token),
    'hosts.rowStatus': async (m) => ({
      statuses: await rowStatuses(db, m.host, m.itemIds),
    }),
    'popup.status': async () => popupStatus(db),
  });
}
