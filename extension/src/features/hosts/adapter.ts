import type { HostKind } from './location';
import type { HostSelectors } from './selectors';

/** One cloud web app: its selectors and how a row names its provider item. */
export interface HostAdapter {
  kind: HostKind;
  selectors: HostSelectors;
  rowId(row: Element): string | null;
}

export interface PageRow {
  id: string;
  selected: boolean;
  folder: boolean;
  element: Element;
}

/** What the content script can read from the page right now. */
export interface PageSnapshot {
  /** False when the host's markup no longer matches our selectors: the popup then acts on the URL's folder. */
  listFound: boolean;
  rows: PageRow[];
}

export function readPage(root: ParentNode, adapter: HostAdapter): PageSnapshot {
  const listFound = root.querySelector(adapter.selectors.list) !== null;
  const rows: PageRow[] = [];
  for (const element of root.querySelectorAll(adapter.selectors.row)) {
    const id = adapter.rowId(element);
    if (!id) continue;
    rows.push({
      id,
      selected: element.getAttribute('aria-selected') === 'true',
      folder: element.querySelector(adapter.selectors.folderMarker) !== null,
      element,
    });
  }
  return { listFound, rows };
}

/** Ids of the selected files (folders are left out: they are indexed with "index this folder"). */
export function selectedFileIds(snapshot: PageSnapshot): string[] {
  return snapshot.rows.filter((r) => r.selected && !r.folder).map((r) => r.id);
}

/** The row an event happened on (e.g. the row under the pointer at a right-click), if any. */
export function rowFromTarget(target: EventTarget | null, adapter: HostAdapter): PageRow | null {
  if (!target || typeof (target as Element).closest !== 'function') return null;
  const element = (target as Element).closest(adapter.selectors.row);
  const id = element ? adapter.rowId(element) : null;
  if (!element || !id) return null;
  return {
    id,
    selected: element.getAttribute('aria-selected') === 'true',
    folder: element.querySelector(adapter.selectors.folderMarker) !== null,
    element,
  };
}
