import type { HostAdapter } from '../adapter';
import type { MenuAction } from '../ui/toolbar';

const ENTRIES: [MenuAction, string][] = [
  ['indexSelection', 'Index with Hypomos'],
  ['addToCollection', 'Add to collection… (Hypomos)'],
  ['shareToEvent', 'Share to event… (Hypomos)'],
];

/**
 * Adds our entries to the host's own right-click menu while it is open. The hosts build their menus
 * from their own item elements, so ours copy the menu-item role and are plain text; a trusted click
 * runs the action on the right-clicked row. Returns false when the menu is not (yet) there.
 */
export function addPageMenuEntries(
  adapter: HostAdapter,
  signal: AbortSignal,
  choose: (action: MenuAction) => void,
): boolean {
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
