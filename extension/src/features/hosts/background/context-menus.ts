import { browser } from 'wxt/browser';
import { askTab } from '../../../protocol';
import type { PageAction } from '../messages';

/** Where our browser context-menu entries appear: the Drive and OneDrive web apps only. */
export const HOST_PAGE_PATTERNS = [
  'https://drive.google.com/*',
  'https://onedrive.live.com/*',
  'https://*.sharepoint.com/personal/*',
];

const ENTRIES: { id: string; title: string; action: PageAction }[] = [
  { id: 'hypomos-index', title: 'Index with Hypomos', action: 'indexSelection' },
  { id: 'hypomos-collection', title: 'Add to collection…', action: 'addToCollection' },
  { id: 'hypomos-event', title: 'Share to event…', action: 'shareToEvent' },
];

/**
 * (Re)creates the entries. Menus persist across service-worker restarts but not across updates, and
 * creating an existing id fails, so everything is removed first.
 */
export async function createHostContextMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const entry of ENTRIES) {
    browser.contextMenus.create({
      id: entry.id,
      title: entry.title,
      contexts: ['page', 'link', 'image', 'selection'],
      documentUrlPatterns: HOST_PAGE_PATTERNS,
    });
  }
}

/**
 * A chosen entry is handed to the content script of that tab (top frame), which knows the row that was
 * right-clicked and the selection, and shows the outcome in its toolbar.
 */
export function listenToHostContextMenus(): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const entry = ENTRIES.find((e) => e.id === info.menuItemId);
    if (!entry || tab?.id === undefined) return;
    askTab(tab.id)('hosts.contextAction', { action: entry.action })
      .then((reply) => reply.taken)
      .catch(() => false)
      .then((taken) => {
        // The page's file list could not be read (or the script is not there): the popup acts on the URL's folder.
        if (!taken) return openPopup();
      })
      .catch((error: unknown) => console.warn('Hypomos: could not open the popup for the context-menu action', error));
  });
}

/** Chrome MV3 has `action`, Firefox MV2 `browserAction`; both open the toolbar popup from a menu click. */
async function openPopup(): Promise<void> {
  const api = browser as unknown as {
    action?: { openPopup?: () => Promise<void> };
    browserAction?: { openPopup?: () => Promise<void> };
  };
  await (api.action ?? api.browserAction)?.openPopup?.();
}
