import { browser } from 'wxt/browser';
import { unwrap } from '../messages';
import { VisionReply, VisionRequest } from './messages';

/** Sends a vision message to the background (from the dashboard or the runner document) and checks the answer. */
export async function askVisionBackground(message: VisionRequest): Promise<VisionReply> {
  VisionRequest.parse(message);
  return VisionReply.parse(unwrap(await browser.runtime.sendMessage(message)));
}

/** After consent, resume or retry: the background opens its runner if there is work (it also re-checks on an alarm). */
export function kickVisionRunner(): void {
  void askVisionBackground({ type: 'vision.kick' }).catch((e: unknown) =>
    console.warn('Hypomos: vision runner not started', e),
  );
}
