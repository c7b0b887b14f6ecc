import type { HypomosDb } from '../../../db';
import { fromExtensionPage, type MessageRouter, type SenderPolicy } from '../../messages';
import { fromOwnContentScript } from './senders';
import {
  AddToCollection,
  IndexFolder,
  IndexSelection,
  ListCollections,
  PopupStatus,
  RowStatusRequest,
  ShareToEvent,
} from '../messages';
import { addToCollection, type Ids } from './collections';
import { shareToEvent } from './events';
import type { HostIndexer } from './indexer';
import { sourceForHost } from './sources';
import { popupStatus, rowStatuses } from './status';

export interface HostHandlerDeps extends Ids {
  db: HypomosDb;
  indexer: HostIndexer;
}

const fromPageOrHost: SenderPolicy = (sender, own) =>
  fromExtensionPage(sender, own) || fromOwnContentScript(sender, own);

/** Registers the background side of the in-Drive/OneDrive actions and the popup's status. */
export function registerHostHandlers(router: MessageRouter, deps: HostHandlerDeps): void {
  const { db, indexer } = deps;
  router
    .on('hosts.indexSelection', IndexSelection, fromPageOrHost, async (m) => {
      const source = await sourceForHost(db, m.host);
      return { sourceId: source.id, outcomes: await indexer.indexItems(source, m.itemIds) };
    })
    .on('hosts.indexFolder', IndexFolder, fromPageOrHost, async (m) => {
      const source = await sourceForHost(db, m.host);
      return { sourceId: source.id, queued: await indexer.indexFolder(source, m.folder) };
    })
    .on('hosts.listCollections', ListCollections, fromPageOrHost, async () => {
      const rows = await db.collections.where('kind').equals('static').toArray();
      return {
        collections: rows
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .map((c) => ({ id: c.id, title: c.title, size: c.itemKeys.length })),
      };
    })
    .on('hosts.addToCollection', AddToCollection, fromPageOrHost, async (m) =>
      addToCollection(db, indexer, deps, await sourceForHost(db, m.host), m.itemIds, m.target),
    )
    .on('hosts.shareToEvent', ShareToEvent, fromPageOrHost, async (m) =>
      shareToEvent(db, indexer, deps, await sourceForHost(db, m.host), m.itemIds, m.token),
    )
    .on('hosts.rowStatus', RowStatusRequest, fromOwnContentScript, async (m) => ({
      statuses: await rowStatuses(db, m.host, m.itemIds),
    }))
    .on('popup.status', PopupStatus, fromExtensionPage, async () => popupStatus(db));
}
