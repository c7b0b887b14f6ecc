import { browser } from 'wxt/browser';
import { type SourcesReplies, SourcesRequest, unwrap } from '../messages';
import type { z } from 'zod';

type Req = z.input<typeof SourcesRequest>;
type ReplyOf<T extends Req['type']> = z.infer<(typeof SourcesReplies)[T]>;

/** Sends a sources message to the background from an extension page and unwraps the answer. */
export async function askBackground<T extends Req['type']>(message: Extract<Req, { type: T }>): Promise<ReplyOf<T>> {
  SourcesRequest.parse(message);
  return unwrap(await browser.runtime.sendMessage(message)) as ReplyOf<T>;
}
