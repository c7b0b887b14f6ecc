import { browser } from 'wxt/browser';
import { type Reply, unwrap } from '../../messages';
import type { HostReply, HostRequest } from '../messages';

/** Sends one request to the background and returns its value, or throws its error (MessageError). */
export async function send<R extends HostRequest>(request: R): Promise<HostReply<R['type']>> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<HostReply<R['type']>> | undefined;
  return unwrap(reply);
}
