/**
 * On-device vision for the dashboard. Mount `VisionPanel` (consent, progress, pause; it runs the pipeline while the
 * page is open), `PeopleManager`, `DuplicatesReview` and `TagSuggestions`; register `registerRetrainAlarm` in the
 * background. All take the Dexie db; the panel and the review also take the sources' ThumbnailSource.
 */
export { DuplicatesReview } from './DuplicatesReview';
export { useVisionProgress, useVisionRunner } from './hooks';
export { PeopleManager } from './PeopleManager';
export { registerRetrainAlarm, RETRAIN_ALARM, retrainTagModels } from './suggestions';
export { TagSuggestions } from './TagSuggestions';
export { VisionPanel } from './VisionPanel';
