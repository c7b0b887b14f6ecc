import { type HostAdapter, rowFromTarget } from '../adapter';
import type { MenuAction } from '../ui/toolbar';
import type { HostPage } from './host-page';

const ENTRIES: [MenuAction, string][] = [
  ['indexSelection', 'Index with Hypomos'],
  ['addToCollection', 'Add to collection… (Hypomos)'],
  ['shareToEvent', 'Share to event… (Hypomos)'],
];

/**
 * Our entries in the host's right-click menu on a file row. Listened to in the capture phase: the hosts stop the
 * propagation of right-clicks on their rows. Only real clicks count.
 */
export function initPageMenu(page: HostPage, signal: AbortSignal): void {
  // Not ctx.addEventListener: it replaces the signal with the page's own, so a listener would outlive its location.
  document.addEventListener(
    'contextmenu',
    (event) => {
      if (!event.isTrusted) return;
      page.pointer = rowFromTarget(event.target, page.adapter);
      if (!page.pointer) return;
      // The host builds its menu after the event: look for it a few times.
      for (const delay of [0, 60, 250, 600])
        page.ctx.setTimeout(() => {
          if (!signal.aborted) addPageMenuEntries(page.adapter, signal, (a) => page.choose(a, true));
        }, delay);
    },
    { capture: true, signal },
  );
}

/**
 * Adds our entries to the host's own right-click menu while it is open. The hosts build their menus
 * from their own item elements, so ours copy the menu-item role and are plain text; a trusted click
 * runs the action on the right-clicked row. Returns false when the menu is not (yet) there.
 */
function addPageMenuEntries(adapter: HostAdapter, signal: AbortSignal, choose: (action: MenuAction) => void): boolean {
  const menus = [...document.querySelectorAll<HTMLElement>(adapter.selectors.pageMenu)].filter(
    (m) => m.getClientRects().length > 0,
  );
  const menu = menus.at(-1);
  if (!menu) return false;
  if (menu.querySelector('[data-hypomos-menu-entry]')) return true;
  const sample = menu.querySelector('[role="menuitem"]');
  const itemTag = menu.tagName === 'UL' ? 'li' : 'div';
  const separator = document.createElement(itemTag);
  separator.setAttribute('role', 'separator');
  menu.append(separator);
  for (const [action, label] of ENTRIES) {
    const item = document.createElement(itemTag);
    item.setAttribute('role', 'menuitem');
    item.setAttribute('data-hypomos-menu-entry', action);
    item.setAttribute('tabindex', '-1');
    if (sample && itemTag === 'div') item.className = sample.className;
    item.style.cssText = 'padding:6px 16px;cursor:pointer;font:inherit';
    item.textContent = label;
    item.addEventListener(
      'click',
      (event) => {
        if (!event.isTrusted) return;
        event.stopPropagation();
        closeHostMenu(menu);
        choose(action);
      },
      { signal },
    );
    menu.append(item);
  }
  return true;
}

/** Both hosts close their menu on Escape; the saved pages do too. */
function closeHostMenu(menu: HTMLElement): void {
  menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }));
}
