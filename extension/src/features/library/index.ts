/**
 * The library core every view shares: the in-memory catalog and its store, the live Dexie hooks, selection,
 * thumbnails, the justified grid and progress bars, and the filter evaluator (also used by the background to
 * resolve a shared search). Other features import from here, never from the files inside.
 */
export { type CatalogItem, displayAspect, loadCatalog, loadNewest, newestFirst, toCatalogItem } from './catalog';
export { DateScrubber, monthMarks } from './DateScrubber';
export {
  allItems,
  allTags,
  countItems,
  countItemsOfSource,
  deleteItems,
  eachItem,
  firstItemOfSource,
  getItem,
  getItems,
  ITEMS_TABLE,
  itemKeysOfSource,
  itemsInFolder,
  itemsPage,
  modifyItems,
  modifyItemsOfSource,
  putItem,
  putItems,
  updateItem,
} from './items';
export { type Evaluation, evaluateFilter, evaluateForLibrary, naiveScan, rangeQuery } from './evaluate';
export { JustifiedGrid, type StackBadges } from './JustifiedGrid';
export { type GridRow, justify, rowOfItem } from './layout';
export { MediaView } from './MediaView';
export { type Library, LibraryContext, useLibraryContext } from './library-context';
export { changedKeys, type LibraryState, LibraryStore, useLibrary } from './library-store';
export { EmptyLibrary, ProgressBar } from './Progress';
export { type ClickMods, clickSelect, emptySelection, keySelect, type SelectionState } from './selection';
export {
  Thumb,
  type ThumbnailSource,
  blobThumbnailSource,
  blurhashDataUrl,
  itemThumbnailSource,
  ThumbnailContext,
  useBestImage,
} from './thumbnails';
export { storedFilter } from './stored-filter';
export { useLive } from './use-live';
