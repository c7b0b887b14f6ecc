import type { ImageQuality } from '@hypomos/shared/housekeeping/quality';

/** Rows of the tables the vision feature added in Dexie v3 (db/index.ts). */

/** What the models saw in one item's thumbnail, kept for near-duplicate matching and tag suggestions. */
export interface VisionFeaturesRow {
  key: string;
  phashVariants: string[];
  centreHash: string;
  rotationHashes: string[];
  /** COCO label → best score. */
  objectScores: Record<string, number>;
  faceCount: number;
  thumbWidth: number;
  thumbHeight: number;
  /** Sharpness and exposure of the thumbnail; missing on rows analysed before the housekeeping review. */
  quality?: ImageQuality;
  analyzedAt: number;
}

/** The user's answer to one tag suggestion; retraining learns from it (suggestions.ts). */
export interface TagFeedbackRow {
  key: string;
  tag: string;
  accepted: boolean;
  at: number;
}
