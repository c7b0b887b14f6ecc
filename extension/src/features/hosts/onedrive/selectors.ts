import type { HostSelectors, SelectorExpectations } from '../selectors';

/**
 * OneDrive (onedrive.live.com and personal `*.sharepoint.com/personal/*` sites). The file list is a
 * Fluent UI DetailsList: rows are `[data-automationid="DetailsRow"]` with `aria-selected`; the Graph
 * item id is the row's `data-item-key` (photo tiles in the grid view carry the same attribute).
 * Checked against the pages saved in ../fixtures/onedrive-*.html.
 */
export const onedriveSelectors: HostSelectors = {
  list: '[role="main"] [data-automationid="DetailsList"], [role="main"] [data-automationid="TilesList"]',
  row: '[role="main"] [data-item-key][aria-selected]',
  selectedRow: '[role="main"] [data-item-key][aria-selected="true"]',
  /** The suite header on both hosts; the command bar when the header is missing (first match wins). */
  toolbarAnchor: '#O365_NavHeader, [data-automationid="CommandBar"]',
  folderMarker: '[data-icon-name="FabricFolder"]',
  // Fluent's ContextualMenu, rendered in a layer only while open (so the saved pages have none).
  pageMenu: '.ms-Layer .ms-ContextualMenu-container [role="menu"]',
};

export const onedriveExpectations: SelectorExpectations = {
  'onedrive-folder.html': { list: 1, row: 5, selectedRow: 2, toolbarAnchor: 2, folderMarker: 1, pageMenu: 0 },
  'onedrive-sharepoint-tiles.html': { list: 1, row: 3, selectedRow: 1, toolbarAnchor: 1, folderMarker: 0, pageMenu: 0 },
  'onedrive-changed-markup.html': { list: 0, row: 0, selectedRow: 0, toolbarAnchor: 0, folderMarker: 0, pageMenu: 0 },
};
