import type { HypomosDb } from '../../db';
import type { BinDeps } from '../../features/housekeeping';
import { createSourceAuth } from '../../features/sources/auth/source-auth';
import {
  browserLocalStorage,
  extensionRedirectUri,
  launchWithBrowserIdentity,
} from '../../features/sources/auth/web-auth-flow';
import { createProviderFor } from '../../features/sources/provider-for';
import { readSourcesSettings } from '../../features/sources/settings';
import { ask } from '../../protocol';

/** The bin as the dashboard runs it: the background's credentials for the providers, the background's scanner. */
export function pageBinDeps(db: HypomosDb): BinDeps {
  const auth = createSourceAuth({
    getSource: (id) => db.sources.get(id),
    settings: readSourcesSettings,
    fetch: (input, init) => fetch(input, init),
    storage: browserLocalStorage,
    launch: launchWithBrowserIdentity,
    redirectUri: extensionRedirectUri,
  });
  return {
    db,
    providerFor: createProviderFor(db, auth),
    sync: async (sourceId) => {
      await ask('sources.sync', { sourceId });
    },
    now: Date.now,
  };
}
