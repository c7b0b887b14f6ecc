import type { MessageSender, SenderPolicy } from './router';

export { fromExtensionPage } from './router';

/** Hosts our content scripts run on; any other page is not ours to listen to. */
const CONTENT_HOSTS = ['drive.google.com', 'onedrive.live.com'];
const CONTENT_HOST_SUFFIXES = ['.sharepoint.com'];

export function isContentHost(hostname: string): boolean {
  return CONTENT_HOSTS.includes(hostname) || CONTENT_HOST_SUFFIXES.some((s) => hostname.endsWith(s) && hostname.length > s.length);
}

/**
 * Our own content script: our extension id, inside a tab, on an https page of one of the content
 * hosts. Web pages cannot message us at all (no `externally_connectable`); this refuses our own
 * scripts if a compromised host page ever got them to run somewhere else.
 */
export const fromOwnContentScript: SenderPolicy = (sender: MessageSender, own) => {
  if (sender.id !== own.id || !sender.tab || typeof sender.url !== 'string') return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && isContentHost(url.hostname);
};
