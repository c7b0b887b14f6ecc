/**
 * The shape every host's selector file has. Each selector is paired with the saved fixture pages it
 * was checked against and the number of matches expected there (selectors.test.ts counts them), so a
 * change in the host's markup shows up as a failing count instead of a silent no-op.
 */
export interface HostSelectors {
  /** The file list's container; present (possibly empty) whenever the page shows a folder. */
  list: string;
  /** One file or folder row (list view) or tile (grid view) carrying the provider item id. */
  row: string;
  /** Rows the user has selected. */
  selectedRow: string;
  /** Where the "Hypomos" button is placed (the app's top bar). */
  toolbarAnchor: string;
  /** Inside a row: marks the row as a folder (folders are indexed with "index this folder", not as items). */
  folderMarker: string;
  /** The host's own right-click menu (we add our entries to it while it is open). */
  pageMenu: string;
}

export type SelectorName = keyof HostSelectors;

/** fixture file name → selector → expected number of matches. */
export type SelectorExpectations = Record<string, Record<SelectorName, number>>;
