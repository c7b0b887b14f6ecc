import { type Provider, ProviderError } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { createProvider, type ProviderDeps } from './providers';

/**
 * The provider of a source as the scanner and the publisher get it: the browser's fetch, the sign-in
 * tokens and Blob secrets from auth, and the local folder's handle from IndexedDB (asking the user to
 * pick the folder again happens on the sources page, where there is a user gesture).
 */
export function createProviderFor(
  db: HypomosDb,
  auth: Pick<ProviderDeps, 'getAccessToken' | 'getAzureSecrets' | 'driveApiKey'>,
): (source: SourceRow) => Promise<Provider> {
  return (source) =>
    createProvider(source, {
      // Called through a wrapper: fetch must not be invoked with a provider object as `this`.
      fetch: (input, init) => fetch(input, init),
      ...auth,
      getDirectoryHandle: async (s) => {
        const row = await db.dirHandles.get(s.id);
        if (!row) throw new ProviderError('unauthorized', `Choose the folder of "${s.name}" again on the sources page`);
        return row.handle;
      },
    });
}
