import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from '../ports';

/**
 * A local OpenID Connect provider (the real `oidc-provider` package) standing in for Google and Microsoft in dev,
 * tests and the demo. Users sign in through its interaction pages (any password: it is a dev provider), or
 * non-interactively with `autoLogin(userId)`, which completes the login step without showing a page.
 */

export interface OidcUser {
  id: string;
  /** Omitted from the ID token when empty, as some providers do when the profile has no name. */
  name: string;
  email: string;
  /**
   * The `email_verified` claim: true by default; `null` leaves the claim out, as Microsoft's ID tokens do
   * (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference lists no email_verified).
   */
  emailVerified?: boolean | null;
}

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcProviderHandle {
  issuer: string;
  port: number;
  users: OidcUser[];
  clients: OidcClient[];
  /** Sign the next logins in as this user without any page; null brings the login page back. */
  autoLogin(userId: string | null): void;
  /** The entry for the worker's OIDC_PROVIDERS var. */
  workerConfig(
    clientId: string,
    id?: string,
    secretName?: string,
  ): { id: string; name: string; issuer: string; clientId: string; secretName: string };
  close(): Promise<void>;
}

export const DEFAULT_USERS: OidcUser[] = [
  { id: 'alice', name: 'Alice Organizer', email: 'alice@example.org' },
  { id: 'bob', name: 'Bob Guest', email: 'bob@example.org' },
  { id: 'carol', name: 'Carol Guest', email: 'carol@example.org' },
];

export async function startOidcProvider(opts: {
  clients: OidcClient[];
  users?: OidcUser[];
  port?: number;
}): Promise<OidcProviderHandle> {
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const users = opts.users ?? DEFAULT_USERS;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'dev-rs256', alg: 'RS256', use: 'sig' };
  let auto: string | null = null;

  const configuration: Configuration = {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['hypomos-dev-oidc-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The portal reads name and email from the ID token itself, as with Google and Microsoft.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = users.find((u) => u.id === id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          ...(user.name ? { name: user.name } : {}),
          email: user.email,
          ...(user.emailVerified === null ? {} : { email_verified: user.emailVerified ?? true }),
        }),
      };
    },
    // First-party clients: grant the requested scopes without a consent page, like a company IdP would.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { provider, session, client, params } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(String(params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
  };

  const provider = new Provider(issuer, configuration);
  // Non-interactive sign-in: answer the login interaction for the chosen user before the page renders.
  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([^/]+)$/.exec(ctx.path);
    if (auto && ctx.method === 'GET' && m) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(
          ctx.req,
          ctx.res,
          { login: { accountId: auto } },
          { mergeWithLastSubmission: false },
        );
        ctx.respond = false;
        return;
      }
    }
    await next();
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });

  return {
    issuer,
    port,
    users,
    clients: opts.clients,
    autoLogin(userId) {
      if (userId !== null && !users.some((u) => u.id === userId)) throw new Error(`unknown dev user ${userId}`);
      auto = userId;
    },
    workerConfig: (clientId, id = 'dev', secretName = 'OIDC_DEV_SECRET') => ({
      id,
      name: 'Dev ID',
      issuer,
      clientId,
      secretName,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
