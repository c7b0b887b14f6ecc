import { z } from 'zod';
import { defineProtocol, fromExtensionPage } from '../messages';

/**
 * Messages between extension pages and the background about the vision queue. Pages say "there may be work now"
 * (after consent, resume, retry); the runner document says its run ended so the background can close it.
 */
export const VisionKick = z.object({ type: z.literal('vision.kick') });
export const VisionDrained = z.object({ type: z.literal('vision.drained') });

/** Both answer whether a runner document is open after the background re-checked the queue. */
export const VisionReply = z.object({ runner: z.boolean() });
export type VisionReply = z.infer<typeof VisionReply>;

export const visionProtocol = defineProtocol({
  'vision.kick': { request: VisionKick, reply: VisionReply, allow: fromExtensionPage },
  'vision.drained': { request: VisionDrained, reply: VisionReply, allow: fromExtensionPage },
});
