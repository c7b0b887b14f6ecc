import { ProviderError } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import { OAuthClientConfig, OAuthError, refreshTokens, TokenSet } from './oauth';

/**
 * OAuth tokens per source, in the extension's local storage only: they are never sent to the portal.
 * An access token is refreshed when it is about to expire or when a provider was refused (401), and
 * concurrent refreshes of one source share one request, because Microsoft rotates refresh tokens and a
 * second use of the old one would fail.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

const Stored = z.object({ version: z.literal(1), config: OAuthClientConfig, tokens: TokenSet });
type Stored = z.infer<typeof Stored>;

/** Refresh this long before the stated expiry, so a token does not die in flight. */
const SKEW_MS = 60_000;

export class TokenStore {
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly fetchFn: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  static key(sourceId: string): string {
    return `tokens:${sourceId}`;
  }

  async save(sourceId: string, config: OAuthClientConfig, tokens: TokenSet): Promise<void> {
    const value: Stored = { version: 1, config, tokens };
    await this.storage.set(TokenStore.key(sourceId), value);
  }

  async forget(sourceId: string): Promise<void> {
    await this.storage.remove(TokenStore.key(sourceId));
  }

  async has(sourceId: string): Promise<boolean> {
    return (await this.read(sourceId)) !== null;
  }

  /** A usable access token; throws ProviderError 'unauthorized' when the user has to sign in again. */
  async getAccessToken(sourceId: string, opts: { forceRefresh: boolean } = { forceRefresh: false }): Promise<string> {
    const stored = await this.read(sourceId);
    if (!stored) throw new ProviderError('unauthorized', `Not signed in for source ${sourceId}`);
    if (!opts.forceRefresh && stored.tokens.expiresAt - SKEW_MS > this.now()) return stored.tokens.accessToken;
    let pending = this.refreshing.get(sourceId);
    if (!pending) {
      pending = this.refresh(sourceId, stored).finally(() => this.refreshing.delete(sourceId));
      this.refreshing.set(sourceId, pending);
    }
    return pending;
  }

  private async refresh(sourceId: string, stored: Stored): Promise<string> {
    if (!stored.tokens.refreshToken)
      throw new ProviderError('unauthorized', `Sign in again: no refresh token for source ${sourceId}`);
    try {
      const tokens = await refreshTokens(this.fetchFn, stored.config, stored.tokens.refreshToken, this.now());
      await this.save(sourceId, stored.config, tokens);
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof OAuthError)
        throw new ProviderError('unauthorized', `Sign in again (${error.code}): ${error.message}`);
      throw new ProviderError('network', `Token refresh failed: ${(error as Error).message}`);
    }
  }

  private async read(sourceId: string): Promise<Stored | null> {
    const parsed = Stored.safeParse(await this.storage.get(TokenStore.key(sourceId)));
    return parsed.success ? parsed.data : null;
  }
}
