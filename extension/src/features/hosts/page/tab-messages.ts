import { browser } from 'wxt/browser';
import { type PageState, TabRequest } from '../messages';
import { selectedFileIds } from '../adapter';
import type { HostPage } from './host-page';

/** Answers the popup (what this page shows) and the browser's context menu (run an action on the pointed row). */
export function initTabMessages(page: HostPage, signal: AbortSignal): void {
  const onTabMessage = (raw: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void): boolean => {
    if (sender.id !== browser.runtime.id) return false;
    const parsed = TabRequest.safeParse(raw);
    if (!parsed.success) return false;
    const snap = page.snapshot();
    if (parsed.data.type === 'hosts.pageState') {
      const state: PageState = {
        location: page.location(),
        listFound: snap.listFound,
        selectedIds: selectedFileIds(snap),
        rowCount: snap.rows.length,
      };
      sendResponse(state);
      return false;
    }
    // Without our toolbar (the file list is unreadable) there is nowhere to act: the background opens the popup.
    const taken = page.view !== null && snap.listFound;
    if (taken) page.choose(parsed.data.action, true);
    sendResponse({ ok: taken });
    return false;
  };
  browser.runtime.onMessage.addListener(onTabMessage);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onTabMessage), { once: true });
}
