import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { type HostAdapter, type PageRow, readPage, rowFromTarget, selectedFileIds } from '../adapter';
import { parseHostLocation } from '../location';
import { type PageState, type RowStatus, TabRequest } from '../messages';
import { toolbarCss } from '../ui/styles';
import { type MenuAction, ToolbarView } from '../ui/toolbar';
import { runAction } from './actions';
import { applyBadge, removeBadges } from './badges';
import { addPageMenuEntries } from './page-menu';
import { send } from './send';
import { folderTarget, indexTarget, itemsTarget } from './targets';

/**
 * The in-page part of one host (Drive or OneDrive): the "Hypomos" toolbar button, our entries in the
 * host's right-click menu, row badges, and answers to the popup and the browser context menu.
 * Everything it adds is tied to `ctx` (extension reload/update) and to a per-location scope that is
 * aborted on every SPA navigation (`wxt:locationchange`).
 */
export async function initHostPage(ctx: ContentScriptContext, adapter: HostAdapter): Promise<void> {
  let scope = childScope(ctx.signal);
  let pointer: PageRow | null = null;
  let view: ToolbarView | null = null;
  let ui: ShadowRootContentScriptUi<ToolbarView> | null = null;
  const statuses = new Map<string, RowStatus>();
  let refreshTimer: number | null = null;

  const snapshot = () => readPage(document, adapter);
  const location = () => parseHostLocation(window.location.href);

  const choose = (action: MenuAction, fromPointer: boolean) => {
    if (!view) return;
    const snap = snapshot();
    const row = fromPointer ? pointer : null;
    const target =
      action === 'indexFolder'
        ? folderTarget(location())
        : action === 'indexSelection'
          ? indexTarget(snap, row)
          : itemsTarget(snap, row);
    void runAction(action, target, {
      adapter,
      view,
      signal: scope.signal,
      location: location(),
      changed: () => refreshStatuses(true),
    });
  };

  async function mountToolbar(): Promise<void> {
    const anchor = document.querySelector(adapter.selectors.toolbarAnchor);
    const listFound = snapshot().listFound;
    if (!anchor && !listFound) return; // nothing of the host we recognise: the popup falls back to the URL
    ui = await createShadowRootUi(ctx, {
      name: 'hypomos-toolbar',
      position: 'inline',
      anchor: anchor ?? document.body,
      append: 'last',
      css: toolbarCss,
      onMount(container, _shadow, host) {
        host.setAttribute('data-hypomos', 'toolbar');
        if (!anchor) host.setAttribute('style', 'position:fixed;top:8px;right:8px;z-index:2147483000');
        return new ToolbarView(
          container,
          scope.signal,
          () => {
            const snap = snapshot();
            const loc = location();
            return {
              listFound: snap.listFound,
              selectionCount: selectedFileIds(snap).length,
              folderLabel: folderTarget(loc).kind === 'folder' ? (loc?.label ?? null) : null,
            };
          },
          (action) => choose(action, false),
        );
      },
    });
    ui.mount();
    view = ui.mounted ?? null;
  }

  function refreshStatuses(force: boolean): void {
    if (force) statuses.clear();
    const rows = snapshot().rows;
    const unknown = rows.map((r) => r.id).filter((id) => !statuses.has(id));
    for (const row of rows) if (statuses.has(row.id)) applyBadge(row, statuses.get(row.id) ?? null);
    if (unknown.length === 0) return;
    for (const id of unknown) statuses.set(id, null); // asked once per location unless an action changes things
    send({ type: 'hosts.rowStatus', host: adapter.kind, itemIds: unknown.slice(0, 5000) })
      .then((reply) => {
        if (ctx.isInvalid) return;
        for (const [id, status] of Object.entries(reply.statuses)) statuses.set(id, status);
        for (const row of snapshot().rows) applyBadge(row, statuses.get(row.id) ?? null);
      })
      .catch(() => {
        // No source connected yet, or the background is restarting: rows simply have no badge.
      });
  }

  // The host re-renders its list and top bar freely; look again (throttled) after DOM changes.
  const scheduleRefresh = () => {
    if (refreshTimer !== null) return;
    refreshTimer = ctx.setTimeout(() => {
      refreshTimer = null;
      if (ui?.shadowHost && !ui.shadowHost.isConnected) {
        ui.remove();
        ui = null;
        view = null;
      }
      if (!ui) void mountToolbar();
      refreshStatuses(false);
    }, 200);
  };
  // WXT only notices that the extension was reloaded or updated (this script orphaned) when it checks
  // the context; a once-a-second check makes the orphaned UI go away even on a page that is idle.
  ctx.setInterval(() => {}, 1000);
  const observer = new MutationObserver(scheduleRefresh);
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    ui?.remove();
    removeBadges(document);
  });

  ctx.addEventListener(window, 'wxt:locationchange', () => {
    scope.abort();
    scope = childScope(ctx.signal);
    pointer = null;
    statuses.clear();
    removeBadges(document);
    ui?.remove();
    ui = null;
    view = null;
    scheduleRefresh();
  });

  // Capture phase: the hosts stop propagation of right-clicks on their rows. Only real clicks count.
  ctx.addEventListener(
    document,
    'contextmenu',
    (event) => {
      if (!event.isTrusted) return;
      pointer = rowFromTarget(event.target, adapter);
      if (!pointer) return;
      for (const delay of [0, 60, 250, 600])
        ctx.setTimeout(() => addPageMenuEntries(adapter, scope.signal, (a) => choose(a, true)), delay);
    },
    { capture: true },
  );

  const onTabMessage = (raw: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void): boolean => {
    if (sender.id !== browser.runtime.id) return false;
    const parsed = TabRequest.safeParse(raw);
    if (!parsed.success) return false;
    if (parsed.data.type === 'hosts.pageState') {
      const snap = snapshot();
      const state: PageState = {
        location: location(),
        listFound: snap.listFound,
        selectedIds: selectedFileIds(snap),
        rowCount: snap.rows.length,
      };
      sendResponse(state);
      return false;
    }
    // Without our toolbar (the file list is unreadable) there is nowhere to act: the background opens the popup.
    const taken = view !== null && snapshot().listFound;
    if (taken) choose(parsed.data.action, true);
    sendResponse({ ok: taken });
    return false;
  };
  browser.runtime.onMessage.addListener(onTabMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onTabMessage));

  await mountToolbar();
  refreshStatuses(false);
}

function childScope(parent: AbortSignal): AbortController {
  const child = new AbortController();
  parent.addEventListener('abort', () => child.abort(), { once: true, signal: child.signal });
  return child;
}
