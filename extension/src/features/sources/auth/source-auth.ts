import { ProviderError } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import type { SourceRow } from '../../../db/rows';
import type { SourcesSettings } from '../settings';
import { googleConfig, microsoftConfig, type OAuthClientConfig } from './oauth';
import { type LaunchFlow, signIn } from './sign-in';
import { type KeyValueStorage, TokenStore } from './token-store';

/**
 * Credentials of connected sources, as the background uses them: sign-in for OneDrive/Drive sources,
 * access tokens for their providers, and Azure Blob secrets. Everything stays in extension storage.
 * A source whose config has `baseUrl` (a contract server, e.g. the demo) signs in at that server's own
 * identity endpoints; the others at Microsoft's and Google's, with the client ids from the settings.
 */
export interface SourceAuthDeps {
  getSource: (sourceId: string) => Promise<SourceRow | undefined>;
  settings: () => Promise<SourcesSettings>;
  fetch: typeof fetch;
  storage: KeyValueStorage;
  launch: LaunchFlow;
  /** `identity.getRedirectURL()` in the extension. */
  redirectUri: () => string;
  now?: () => number;
}

/** Client id the contract servers accept for demo sources (any id works there; this one is readable). */
export const DEMO_CLIENT_ID = 'hypomos-demo';

export function oauthConfigFor(
  source: Pick<SourceRow, 'kind' | 'config'>,
  settings: SourcesSettings,
  redirectUri: string,
): OAuthClientConfig {
  const server = source.config.baseUrl?.replace(/\/+$/, '');
  if (source.kind === 'onedrive') {
    const clientId = server ? DEMO_CLIENT_ID : settings.clientIds.microsoft;
    if (!clientId) throw new ProviderError('unauthorized', 'No Microsoft client id is configured (settings → sources)');
    return microsoftConfig({
      clientId,
      redirectUri,
      loginBase: server ? `${server}/common/oauth2/v2.0` : settings.endpoints.microsoftLogin,
    });
  }
  if (source.kind === 'gdrive') {
    const clientId = server ? DEMO_CLIENT_ID : settings.clientIds.google;
    if (!clientId) throw new ProviderError('unauthorized', 'No Google client id is configured (settings → sources)');
    return googleConfig({
      clientId,
      redirectUri,
      authorizeUrl: server ? `${server}/o/oauth2/v2/auth` : settings.endpoints.googleAuth,
      tokenUrl: server ? `${server}/token` : settings.endpoints.googleToken,
    });
  }
  throw new ProviderError('bad_response', `${source.kind} sources do not sign in with OAuth`);
}

const AzureSecrets = z.object({ sas: z.string().nullable().optional(), accountKey: z.string().nullable().optional() });
export type AzureSecrets = z.infer<typeof AzureSecrets>;
const azureKey = (sourceId: string) => `azure-secrets:${sourceId}`;

export function createSourceAuth(deps: SourceAuthDeps) {
  const tokens = new TokenStore(deps.storage, deps.fetch, deps.now);
  const sourceOf = async (sourceId: string) => {
    const source = await deps.getSource(sourceId);
    if (!source) throw new ProviderError('not_found', `No source ${sourceId}`);
    return source;
  };
  return {
    tokens,
    /** Runs the browser sign-in for a OneDrive or Drive source and keeps its tokens. */
    async signIn(kind: 'onedrive' | 'gdrive', sourceId: string): Promise<void> {
      const source = await sourceOf(sourceId);
      if (source.kind !== kind)
        throw new ProviderError('bad_response', `Source ${sourceId} is ${source.kind}, not ${kind}`);
      const config = oauthConfigFor(source, await deps.settings(), deps.redirectUri());
      const set = await signIn(config, { fetch: deps.fetch, launch: deps.launch, now: deps.now });
      await tokens.save(sourceId, config, set);
    },
    getAccessToken: (source: SourceRow, opts: { forceRefresh: boolean }) => tokens.getAccessToken(source.id, opts),
    async getAzureSecrets(source: SourceRow): Promise<AzureSecrets> {
      const parsed = AzureSecrets.safeParse(await deps.storage.get(azureKey(source.id)));
      return parsed.success ? parsed.data : {};
    },
    async saveAzureSecrets(sourceId: string, secrets: AzureSecrets): Promise<void> {
      await deps.storage.set(azureKey(sourceId), AzureSecrets.parse(secrets));
    },
    /** Forgets a disconnected source's tokens and secrets. */
    async forget(sourceId: string): Promise<void> {
      await tokens.forget(sourceId);
      await deps.storage.remove(azureKey(sourceId));
    },
  };
}

export type SourceAuth = ReturnType<typeof createSourceAuth>;
