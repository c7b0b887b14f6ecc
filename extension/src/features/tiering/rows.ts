import { SourceKind } from '@hypomos/shared/index/item';
import { z } from 'zod';

/**
 * One item's move, step by step. Each state says what is done, so a restarted worker knows the next step:
 * queued → copying (upload checkpoint kept) → copied (destination id and hashes) → verified → switched (the
 * index points at the destination) → republished (every share carries a link to the destination) → done
 * (the source copy is in its recycle bin). 'failed' keeps the step it stopped at in `failedAt`.
 *
 * A done move can be undone while the source's recycle bin holds the original (undo.ts): undo-queued →
 * undo-restored (the original is back at the source, under its old id) → undo-switched (the index points at it
 * again) → undo-republished (every share links to it again) → undone (the copy is deleted at the destination).
 */
export const MoveState = z.enum([
  'queued',
  'copying',
  'copied',
  'verified',
  'switched',
  'republished',
  'done',
  'failed',
  'undo-queued',
  'undo-restored',
  'undo-switched',
  'undo-republished',
  'undone',
]);
export type MoveState = z.infer<typeof MoveState>;

export const MoveLogEntry = z.object({ at: z.number(), state: MoveState, note: z.string() });
export type MoveLogEntry = z.infer<typeof MoveLogEntry>;

export const MoveRow = z.object({
  id: z.string(),
  runId: z.string(),
  /** The item's key: it never changes, wherever the bytes live. */
  key: z.string(),
  direction: z.enum(['to-cold', 'to-warm']),
  state: MoveState,
  failedAt: MoveState.nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  fromSourceId: z.string(),
  fromId: z.string(),
  fromPath: z.string(),
  toSourceId: z.string(),
  /** Set once the copy is committed: the destination's item id (blob name, driveItem id). */
  toId: z.string().nullable(),
  toPath: z.string().nullable(),
  toName: z.string().nullable(),
  tier: z.enum(['Cool', 'Cold', 'Archive']).nullable(),
  /** The uploader's checkpoint (plain JSON) while copying. */
  upload: z.unknown().nullable(),
  /** Hashes of the bytes read from the source, and what the destination reported over what it stored. */
  sourceHashes: z.record(z.string(), z.string()).nullable(),
  destHashes: z.record(z.string(), z.string()).nullable(),
  destEtag: z.string().nullable(),
  /** Bytes that went through the extension for this move (the figure tiering.browser_bytes_per_moved_byte). */
  browserBytes: z.number().int().nonnegative(),
  /**
   * Where the item was in the index before the switch (what the scanner had stored), so an undo points it back
   * exactly. Absent on moves switched before undo existed: undo then rebuilds it from `fromPath`.
   */
  fromItem: z
    .object({
      sourceKind: SourceKind,
      folder: z.string(),
      name: z.string(),
      etag: z.string().nullable(),
      contentHashes: z.record(z.string(), z.string()),
      webUrl: z.string().nullable(),
      thumbnailUrl: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  log: z.array(MoveLogEntry),
});
export type MoveRow = z.infer<typeof MoveRow>;
