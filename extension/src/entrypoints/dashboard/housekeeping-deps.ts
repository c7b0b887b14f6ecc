import type { HypomosDb } from '../../db';
import type { BinDeps } from '../../features/housekeeping';
import { browserSourceAuth } from '../../features/sources/auth/browser-auth';
import { createProviderFor } from '../../features/sources/provider-for';
import { ask } from '../../protocol';

/** The bin as the dashboard runs it: the background's credentials for the providers, the background's scanner. */
export function pageBinDeps(db: HypomosDb): BinDeps {
  const auth = browserSourceAuth(db);
  return {
    db,
    providerFor: createProviderFor(db, auth),
    sync: async (sourceId) => {
      await ask('sources.sync', { sourceId });
    },
    now: Date.now,
  };
}
