/**
 * Sharing: links, galleries, family shares and event contributions, published by the background's publisher.
 * Other features record contributions through `queueEventContribution` and read item states through
 * `contributionState`; the dashboard mounts `SharePanel`.
 */
export { applyApprovals, contributionState } from './approvals';
export { eventShareFor, queueEventContribution } from './contributions';
export { asPublished, type PublishedItem, readShare } from './rows';
// What tiering uses to republish a moved item's links.
export { type ProviderFor, refOf } from './links';
export type { PortalClient } from './portal-client';
export { SharePanel } from './SharePanel';
export { recordTombstones } from './tombstones';
