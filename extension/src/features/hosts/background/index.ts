import { browser } from 'wxt/browser';
import type { HypomosDb } from '../../../db';
import { createHostContextMenus, listenToHostContextMenus } from './context-menus';
import type { MessageRouter } from '../../messages';
import { registerHostHandlers } from './handlers';
import { createHostIndexer, type ScannerAccess } from './indexer';

/**
 * Background side of the in-Drive/OneDrive feature, for background.ts: message handlers on the shared
 * router and the browser context-menu entries. Listeners are added synchronously at start-up, as MV3
 * requires for events that wake the service worker.
 */
export function setupHostFeature(router: MessageRouter, scanner: ScannerAccess, db: HypomosDb): void {
  registerHostHandlers(router, {
    db,
    indexer: createHostIndexer(scanner),
    newId: () => crypto.randomUUID(),
    now: () => Date.now(),
  });
  listenToHostContextMenus();
  browser.runtime.onInstalled.addListener(() => void createHostContextMenus());
  browser.runtime.onStartup.addListener(() => void createHostContextMenus());
}
