import { el, onTrusted } from './dom';

export type MenuAction = 'indexSelection' | 'indexFolder' | 'addToCollection' | 'shareToEvent';

/** What the menu shows when it opens; computed from the page at that moment. */
export interface MenuModel {
  /** False when our selectors no longer match the host's file list. */
  listFound: boolean;
  selectionCount: number;
  /** The folder from the URL, or null when the page is not a folder. */
  folderLabel: string | null;
}

export const FALLBACK_NOTE = "Hypomos can't read this page's file list; actions apply to the current folder.";

/**
 * The "Hypomos" button and its menu, built inside our shadow root. It only shows things and reports
 * which entry was chosen; the controller does the work and calls `setStatus`/`showPanel`.
 */
export class ToolbarView {
  private readonly menu: HTMLElement;
  private readonly status: HTMLElement;
  private readonly extra: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly signal: AbortSignal,
    private readonly model: () => MenuModel,
    private readonly onAction: (action: MenuAction) => void,
  ) {
    const button = el('button', {
      className: 'button',
      text: 'Hypomos',
      attrs: { type: 'button', 'aria-haspopup': 'menu', 'data-hypomos-button': '' },
    });
    this.menu = el('div', { className: 'menu', attrs: { role: 'menu', 'aria-label': 'Hypomos' } });
    this.menu.hidden = true;
    this.extra = el('div');
    this.status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
    onTrusted(button, 'click', () => (this.menu.hidden ? this.open() : this.close()), signal);
    container.append(el('div', { className: 'root' }, [button, this.menu]));
  }

  open(): void {
    const m = this.model();
    this.menu.replaceChildren();
    if (!m.listFound) this.menu.append(el('div', { className: 'note warning', text: FALLBACK_NOTE }));
    const entries: [MenuAction, string, boolean][] = [
      [
        'indexSelection',
        m.selectionCount ? `Index selection (${m.selectionCount})` : 'Index selection (nothing selected)',
        m.listFound && m.selectionCount > 0,
      ],
      [
        'indexFolder',
        m.folderLabel ? `Index this folder (${m.folderLabel})` : 'Index this folder (not a folder page)',
        m.folderLabel !== null,
      ],
      ['addToCollection', 'Add to collection…', m.listFound && m.selectionCount > 0],
      ['shareToEvent', 'Share to event…', m.listFound && m.selectionCount > 0],
    ];
    for (const [action, label, enabled] of entries) {
      const item = el('button', {
        className: 'item',
        text: label,
        attrs: { type: 'button', role: 'menuitem', 'data-action': action },
      });
      item.disabled = !enabled;
      onTrusted(item, 'click', () => this.onAction(action), this.signal);
      this.menu.append(item);
    }
    this.menu.append(this.extra, this.status);
    this.menu.hidden = false;
  }

  close(): void {
    this.menu.hidden = true;
    this.extra.replaceChildren();
  }

  showPanel(panel: HTMLElement | null): void {
    if (this.menu.hidden) this.open();
    this.extra.replaceChildren(...(panel ? [panel] : []));
  }

  setStatus(text: string, kind: 'ok' | 'error' | 'busy'): void {
    if (this.menu.hidden) this.open();
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
    this.status.dataset.kind = kind;
  }
}
