import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type HostAdapter, type PageRow, type PageSnapshot, readPage } from '../adapter';
import { type HostLocation, parseHostLocation } from '../location';
import type { MenuAction, ToolbarView } from '../ui/toolbar';
import { runAction } from './actions';
import { folderTarget, indexTarget, itemsTarget } from './targets';

type PageEvent = 'rendered' | 'indexChanged';
interface Listener {
  run: () => void;
  signal: AbortSignal;
}

/**
 * What the content script's units (toolbar, row badges, page menu, tab messages) share about one host page. Each
 * unit is an `init(page, signal)` that undoes itself when `signal` aborts: on every SPA navigation, and when the
 * extension is reloaded or updated.
 */
export class HostPage {
  /** The row last right-clicked at this location: the page menu's and the browser menu's target. */
  pointer: PageRow | null = null;
  /** The toolbar while it is mounted: actions report their progress in its status line. */
  view: ToolbarView | null = null;
  /** Aborted at the next navigation; actions started here stop with it. */
  locationSignal: AbortSignal;
  // Plain listener sets, not an EventTarget: in Firefox's content-script sandbox, listeners added to a
  // script-made EventTarget with an AbortSignal option never ran (hosts-firefox.e2e, row badges after an action).
  private readonly listeners: Record<PageEvent, Set<Listener>> = { rendered: new Set(), indexChanged: new Set() };

  constructor(
    readonly ctx: ContentScriptContext,
    readonly adapter: HostAdapter,
  ) {
    this.locationSignal = ctx.signal;
  }

  snapshot(): PageSnapshot {
    return readPage(document, this.adapter);
  }

  location(): HostLocation | null {
    return parseHostLocation(window.location.href);
  }

  /** Runs a toolbar or menu action on the selection, the folder, or the right-clicked row. */
  choose(action: MenuAction, fromPointer: boolean): void {
    if (!this.view) return;
    const snap = this.snapshot();
    const row = fromPointer ? this.pointer : null;
    const target =
      action === 'indexFolder'
        ? folderTarget(this.location())
        : action === 'indexSelection'
          ? indexTarget(snap, row)
          : itemsTarget(snap, row);
    void runAction(action, target, {
      adapter: this.adapter,
      view: this.view,
      signal: this.locationSignal,
      location: this.location(),
      changed: () => this.emit('indexChanged'),
    });
  }

  /** The host re-rendered part of the page (throttled). */
  onRendered(listener: () => void, signal: AbortSignal): void {
    this.listen('rendered', listener, signal);
  }

  /** An action changed which rows are indexed or shared. */
  onIndexChanged(listener: () => void, signal: AbortSignal): void {
    this.listen('indexChanged', listener, signal);
  }

  rendered(): void {
    this.emit('rendered');
  }

  private listen(kind: PageEvent, listener: () => void, signal: AbortSignal): void {
    this.listeners[kind].add({ run: listener, signal });
  }

  private emit(kind: PageEvent): void {
    for (const listener of [...this.listeners[kind]]) {
      if (listener.signal.aborted) this.listeners[kind].delete(listener);
      else listener.run();
    }
  }
}
