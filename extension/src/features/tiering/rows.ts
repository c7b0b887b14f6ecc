import { z } from 'zod';

/**
 * One item's move, step by step. Each state says what is done, so a restarted worker knows the next step:
 * queued → copying (upload checkpoint kept) → copied (destination id and hashes) → verified → switched (the
 * index points at the destination) → republished (every share carries a link to the destination) → done
 * (the source copy is in its recycle bin). 'failed' keeps the step it stopped at in `failedAt`.
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
  createdAt: z.number(),
  updatedAt: z.number(),
  log: z.array(MoveLogEntry),
});
export type MoveRow = z.infer<typeof MoveRow>;
