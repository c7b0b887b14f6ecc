import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HostAdapter } from '../adapter';
import { HostPage } from './host-page';
import { initPageMenu } from './page-menu';
import { initRowBadges } from './row-badges';
import { initTabMessages } from './tab-messages';
import { initToolbar } from './toolbar';

/** The units that live as long as one location of the single-page host: each undoes itself at the next one. */
const PER_LOCATION = [initToolbar, initRowBadges, initPageMenu];

/**
 * The in-page part of one host (Drive or OneDrive): the "Hypomos" toolbar button, our entries in the host's
 * right-click menu, row badges, and answers to the popup and the browser context menu. Everything is tied to
 * `ctx` (extension reload or update); the per-location units also to a scope aborted on every SPA navigation
 * (`wxt:locationchange`).
 */
export function initHostPage(ctx: ContentScriptContext, adapter: HostAdapter): void {
  const page = new HostPage(ctx, adapter);
  let scope: AbortController | null = null;
  const startLocation = () => {
    scope?.abort();
    scope = childScope(ctx.signal);
    page.locationSignal = scope.signal;
    page.pointer = null;
    for (const init of PER_LOCATION) init(page, scope.signal);
  };

  // The host re-renders its list and top bar freely: the units look again, throttled, after DOM changes.
  let pending: number | null = null;
  const observer = new MutationObserver(() => {
    if (pending !== null) return;
    pending = ctx.setTimeout(() => {
      pending = null;
      page.rendered();
    }, 200);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
  // WXT only notices that the extension was reloaded or updated (this script orphaned) when it checks the
  // context; a once-a-second check makes the orphaned UI go away even on a page that is idle.
  ctx.setInterval(() => {}, 1000);

  ctx.addEventListener(window, 'wxt:locationchange', startLocation);
  initTabMessages(page, ctx.signal);
  startLocation();
}

function childScope(parent: AbortSignal): AbortController {
  const child = new AbortController();
  parent.addEventListener('abort', () => child.abort(), { once: true, signal: child.signal });
  return child;
}
