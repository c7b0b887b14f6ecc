/**
 * On-device vision for the dashboard. Mount `VisionPanel` (consent, progress, pause; give it `kickVisionRunner`),
 * `PeopleManager`, `DuplicatesReview` and `TagSuggestions`; in the background call `startVisionBackground` (it opens
 * the runner document that drains the queue) and `registerRetrainAlarm`. All take the Dexie db; the review also
 * takes the sources' ThumbnailSource.
 */
export { kickVisionRunner } from './client';
export { DashboardVisionRunner } from './DashboardVisionRunner';
export { findDuplicatesInWorker } from './dupes-client';
export { DuplicatesReview } from './DuplicatesReview';
export { useBackgroundVisionRunner, useVisionProgress, useVisionRunner } from './hooks';
export { PeopleManager } from './PeopleManager';
export { registerRetrainAlarm, RETRAIN_ALARM, retrainTagModels } from './suggestions';
export { TagSuggestions } from './TagSuggestions';
export { VisionPanel } from './VisionPanel';
