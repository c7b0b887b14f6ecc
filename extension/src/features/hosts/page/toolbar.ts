import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { selectedFileIds } from '../adapter';
import { toolbarCss } from '../ui/styles';
import { ToolbarView } from '../ui/toolbar';
import type { HostPage } from './host-page';
import { folderTarget } from './targets';

/**
 * The "Hypomos" toolbar button in the host's top bar, in a shadow root. The hosts re-render their top bar freely,
 * so it is mounted again whenever it was dropped. Without a top bar or a file list we recognise, there is none:
 * the popup falls back to the URL.
 */
export function initToolbar(page: HostPage, signal: AbortSignal): void {
  let ui: ShadowRootContentScriptUi<ToolbarView> | null = null;
  let mounting = false;

  const mount = async () => {
    const { adapter, ctx } = page;
    const anchor = document.querySelector(adapter.selectors.toolbarAnchor);
    if (!anchor && !page.snapshot().listFound) return;
    const next = await createShadowRootUi(ctx, {
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
          signal,
          () => {
            const snap = page.snapshot();
            const loc = page.location();
            return {
              listFound: snap.listFound,
              selectionCount: selectedFileIds(snap).length,
              folderLabel: folderTarget(loc).kind === 'folder' ? (loc?.label ?? null) : null,
            };
          },
          (action) => page.choose(action, false),
        );
      },
    });
    if (signal.aborted) return;
    next.mount();
    ui = next;
    page.view = next.mounted ?? null;
  };

  const ensure = () => {
    if (ui?.shadowHost && !ui.shadowHost.isConnected) drop();
    if (ui || mounting || signal.aborted) return;
    mounting = true;
    void mount().finally(() => {
      mounting = false;
    });
  };
  const drop = () => {
    ui?.remove();
    ui = null;
    page.view = null;
  };

  page.onRendered(ensure, signal);
  signal.addEventListener('abort', drop, { once: true });
  ensure();
}
