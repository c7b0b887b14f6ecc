/**
 * Housekeeping: the review of what could go (blurry, dark, bursts and look-alikes with their best shot, old
 * screenshots, often skipped, returned deletions), the recycle bin with restore, and the rules in
 * shared/housekeeping. The dashboard mounts `HousekeepingPage` with the bin's deps (providers, sync).
 */
export { type BinDeps, binItems, restoreItems } from './bin';
export { HousekeepingPage } from './HousekeepingPage';
