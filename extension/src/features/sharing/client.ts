import { browser } from 'wxt/browser';
import { unwrap } from '../messages';

/** Sends a sharing message to the background from an extension page and unwraps the answer. */
export async function askSharing<T>(message: { type: `sharing.${string}` } & Record<string, unknown>): Promise<T> {
  return unwrap(await browser.runtime.sendMessage(message)) as T;
}
