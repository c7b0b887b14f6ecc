import { browser } from 'wxt/browser';
import { hostsProtocol, tabProtocol } from './features/hosts/messages';
import { createAsk, mergeProtocols } from './features/messages';
import { sharingProtocol } from './features/sharing/messages';
import { sourcesProtocol } from './features/sources/messages';
import { visionProtocol } from './features/vision/messages';

/**
 * Every message the extension's pages and content scripts send to the background, by type. Each feature owns
 * its map beside its code (`<feature>/messages.ts`) and registers its handlers on the background's router.
 */
export const protocol = mergeProtocols(sourcesProtocol, sharingProtocol, hostsProtocol, visionProtocol);

/** Asks the background: `ask('sharing.list', { collectionId })` resolves to the typed reply or throws MessageError. */
export const ask = createAsk(protocol, (message) => browser.runtime.sendMessage(message));

/** Asks the content script in a tab's top frame (the popup and the context menus do). */
export const askTab = (tabId: number) =>
  createAsk(tabProtocol, (message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }));
