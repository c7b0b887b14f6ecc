import type { HostSelectors, SelectorExpectations } from '../selectors';

/**
 * Google Drive (drive.google.com). Rows carry the Drive file id in `data-id` and their selection in
 * `aria-selected`, in both the list view (`tr` rows of the 2023 redesign, `div[role=row]` before it)
 * and the grid view. Checked against the pages saved in ../fixtures/drive-*.html.
 */
export const driveSelectors: HostSelectors = {
  list: '[role="main"] [role="grid"]',
  row: '[role="main"] [role="grid"] [data-id][aria-selected]',
  selectedRow: '[role="main"] [role="grid"] [data-id][aria-selected="true"]',
  toolbarAnchor: 'header[role="banner"]',
  folderMarker: '[aria-label="Google Drive Folder"]',
  // Drive keeps its context menu in the DOM and shows it with inline style on right-click.
  pageMenu: 'div[role="menu"][aria-label="File actions"]',
};

export const driveExpectations: SelectorExpectations = {
  'drive-my-drive.html': { list: 1, row: 6, selectedRow: 2, toolbarAnchor: 1, folderMarker: 1, pageMenu: 1 },
  'drive-folder.html': { list: 1, row: 5, selectedRow: 0, toolbarAnchor: 1, folderMarker: 0, pageMenu: 0 },
  'drive-changed-markup.html': { list: 0, row: 0, selectedRow: 0, toolbarAnchor: 0, folderMarker: 0, pageMenu: 0 },
};
