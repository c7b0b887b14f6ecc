import { browser } from 'wxt/browser';
import type { LaunchFlow } from './sign-in';
import type { KeyValueStorage } from './token-store';

/**
 * Sign-in through `identity.launchWebAuthFlow` (Chrome and Firefox): the browser shows the provider's
 * page and hands back the redirect to `identity.getRedirectURL()`, which never loads, so the code stays
 * inside the extension. `signIn(config, { fetch, launch: launchWithBrowserIdentity })` does the rest.
 */
export const extensionRedirectUri = () => browser.identity.getRedirectURL();

export const launchWithBrowserIdentity: LaunchFlow = async (url) => {
  const redirected = await browser.identity.launchWebAuthFlow({ url, interactive: true });
  if (!redirected) throw new Error('Sign-in was closed before it finished');
  return redirected;
};

/** `browser.storage.local` as the token store's storage. */
export const browserLocalStorage: KeyValueStorage = {
  async get(key) {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
  async remove(key) {
    await browser.storage.local.remove(key);
  },
};
