import type { HypomosDb } from '../../db';
import { portalClient } from '../../features/sharing/pairing';
import { browserSourceAuth } from '../../features/sources/auth/browser-auth';
import { browserLocalStorage } from '../../features/sources/auth/web-auth-flow';
import { createProviderFor } from '../../features/sources/provider-for';
import { moveEndpointFor } from '../../features/tiering/endpoints';
import type { MoverDeps } from '../../features/tiering/mover';
import { republishMoved } from '../../features/tiering/republish';

/** Moves as the dashboard runs them: the background's credentials, the paired portal for republishing. */
export function pageMoverDeps(db: HypomosDb): MoverDeps {
  const auth = browserSourceAuth(db);
  const providerDeps = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), ...auth };
  return {
    db,
    now: Date.now,
    async endpoint(sourceId) {
      const source = await db.sources.get(sourceId);
      if (!source) throw new Error(`The source ${sourceId} is no longer connected`);
      return moveEndpointFor(source, providerDeps);
    },
    republish: (key) =>
      republishMoved(
        {
          db,
          client: () => portalClient(browserLocalStorage, (input, init) => fetch(input, init)),
          providerFor: createProviderFor(db, auth),
        },
        key,
      ),
  };
}
