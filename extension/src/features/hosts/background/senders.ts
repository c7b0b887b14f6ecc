import type { MessageSender, SenderPolicy } from '../../messages';
import { hostOf } from '../location';

/**
 * Our own content script: our extension id, inside a tab, on an https page of one of the content
 * hosts (SharePoint only under /personal/). Web pages cannot message us at all (no `externally_connectable`); this refuses our own
 * scripts if a compromised host page ever got them to run somewhere else.
 */
export const fromOwnContentScript: SenderPolicy = (sender: MessageSender, own) => {
  if (sender.id !== own.id || !sender.tab || typeof sender.url !== 'string') return false;
  try {
    return hostOf(new URL(sender.url)) !== null;
  } catch {
    return false;
  }
};
