import { z } from 'zod';

/**
 * Messages between extension pages and the background about the vision queue. Pages say "there may be work now"
 * (after consent, resume, retry); the runner document says its run ended so the background can close it.
 */
export const VisionKick = z.object({ type: z.literal('vision.kick') });
export const VisionDrained = z.object({ type: z.literal('vision.drained') });
export const VisionRequest = z.discriminatedUnion('type', [VisionKick, VisionDrained]);
export type VisionRequest = z.infer<typeof VisionRequest>;

/** Both answer whether a runner document is open after the background re-checked the queue. */
export const VisionReply = z.object({ runner: z.boolean() });
export type VisionReply = z.infer<typeof VisionReply>;
