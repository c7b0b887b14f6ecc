import { browser } from 'wxt/browser';
import { parseHostLocation } from '../../features/hosts/location';
import type { PageState } from '../../features/hosts/messages';
import { askTab } from '../../protocol';

export interface CurrentTab {
  tabId: number | null;
  url: string | null;
  location: PageState['location'];
  /** The content script's view of the page; null when it did not answer (not loaded, or not a host page). */
  page: PageState | null;
}

/**
 * The tab the popup acts on: the active tab of the last focused window, or the tab named in
 * `#tab=<id>` when the popup is opened as a page (e.g. pinned in its own window).
 */
export async function currentTab(): Promise<CurrentTab> {
  const pinned = Number(new URLSearchParams(window.location.hash.slice(1)).get('tab'));
  const tab =
    Number.isInteger(pinned) && pinned > 0
      ? await browser.tabs.get(pinned)
      : (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  if (!tab?.id || !tab.url) return { tabId: null, url: null, location: null, page: null };
  const location = parseHostLocation(tab.url);
  if (!location) return { tabId: tab.id, url: tab.url, location: null, page: null };
  const page = await askTab(tab.id)('hosts.pageState').catch(() => null);
  return { tabId: tab.id, url: tab.url, location, page };
}
