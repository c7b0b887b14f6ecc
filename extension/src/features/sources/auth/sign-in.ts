import { buildAuthorizeUrl, exchangeCode, type OAuthClientConfig, parseRedirect, type TokenSet } from './oauth';
import { challengeOf, createState, createVerifier } from './pkce';

/** Shows the provider's sign-in page and resolves with the URL it redirected to. */
export type LaunchFlow = (authorizeUrl: string) => Promise<string>;

/**
 * The whole Authorization Code + PKCE round trip: verifier and state, authorize, redirect, code
 * exchange. The verifier never leaves this function. `launch` is `identity.launchWebAuthFlow` in the
 * extension (web-auth-flow.ts).
 */
export async function signIn(
  config: OAuthClientConfig,
  deps: { fetch: typeof fetch; launch: LaunchFlow; now?: () => number },
): Promise<TokenSet> {
  const verifier = createVerifier();
  const state = createState();
  const url = buildAuthorizeUrl(config, { state, challenge: await challengeOf(verifier) });
  const code = parseRedirect(await deps.launch(url), state);
  return exchangeCode(deps.fetch, config, code, verifier, (deps.now ?? Date.now)());
}
