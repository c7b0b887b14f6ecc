import { type PageRow, type PageSnapshot, selectedFileIds } from '../adapter';
import type { HostLocation } from '../location';
import type { FolderRef } from '../messages';

/** What an action applies to, decided from the page at the moment the user chose it. */
export type ActionTarget =
  | { kind: 'items'; ids: string[] }
  | { kind: 'folder'; folder: FolderRef; label: string }
  | { kind: 'none'; reason: string };

/**
 * Items an item action applies to: the row that was right-clicked when it is not part of the selection
 * (the host selects it anyway, but not always before our entry is chosen), otherwise the selection.
 */
export function itemsTarget(snapshot: PageSnapshot, pointer: PageRow | null): ActionTarget {
  if (!snapshot.listFound)
    return { kind: 'none', reason: "Hypomos can't read this page's file list; actions apply to the current folder." };
  if (pointer && !pointer.selected) {
    return pointer.folder
      ? { kind: 'none', reason: 'That is a folder: open it and use "Index this folder".' }
      : { kind: 'items', ids: [pointer.id] };
  }
  const ids = selectedFileIds(snapshot);
  if (ids.length === 0)
    return { kind: 'none', reason: 'Select photos or videos first (folders are indexed with "Index this folder").' };
  return { kind: 'items', ids };
}

/** "Index": a right-clicked folder row means that folder; otherwise items, as above. */
export function indexTarget(snapshot: PageSnapshot, pointer: PageRow | null): ActionTarget {
  if (pointer?.folder) return { kind: 'folder', folder: { id: pointer.id, path: null }, label: 'the folder' };
  return itemsTarget(snapshot, pointer);
}

export function folderTarget(location: HostLocation | null): ActionTarget {
  if (!location || (location.folderId === null && location.folderPath === null)) {
    return { kind: 'none', reason: 'This page is not a folder.' };
  }
  return { kind: 'folder', folder: { id: location.folderId, path: location.folderPath }, label: location.label };
}
