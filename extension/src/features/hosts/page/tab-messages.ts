import { browser } from 'wxt/browser';
import { MessageRouter } from '../../messages';
import { selectedFileIds } from '../adapter';
import { tabProtocol } from '../messages';
import type { HostPage } from './host-page';

// As in vision/urls.ts: the repo's typecheck does not load WXT's generated public-path types for getURL.
const ownOrigin = () => (browser.runtime as unknown as { getURL(p: string): string }).getURL('/').replace(/\/$/, '');

/** Answers the popup (what this page shows) and the browser's context menu (run an action on the pointed row). */
export function initTabMessages(page: HostPage, signal: AbortSignal): void {
  const router = new MessageRouter({ id: browser.runtime.id, origin: ownOrigin() });
  router.register(tabProtocol, {
    'hosts.pageState': async () => {
      const snap = page.snapshot();
      return {
        location: page.location(),
        listFound: snap.listFound,
        selectedIds: selectedFileIds(snap),
        rowCount: snap.rows.length,
      };
    },
    'hosts.contextAction': async (m) => {
      // Without our toolbar (the file list is unreadable) there is nowhere to act: the background opens the popup.
      const taken = page.view !== null && page.snapshot().listFound;
      if (taken) page.choose(m.action, true);
      return { taken };
    },
  });
  const listener = router.listener();
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
