import type { HypomosDb } from '../../../db';
import { readSourcesSettings } from '../settings';
import { createSourceAuth } from './source-auth';
import { browserLocalStorage, extensionRedirectUri, launchWithBrowserIdentity } from './web-auth-flow';

/**
 * The sources' credentials as this browser keeps them: tokens and Blob secrets in `storage.local`, sign-in through
 * the browser's identity flow. The background and the dashboard's long jobs (import, tiering, the bin) share them.
 */
export function browserSourceAuth(db: HypomosDb) {
  return createSourceAuth({
    getSource: (id) => db.sources.get(id),
    settings: readSourcesSettings,
    fetch: (input, init) => fetch(input, init),
    storage: browserLocalStorage,
    launch: launchWithBrowserIdentity,
    redirectUri: extensionRedirectUri,
  });
}
