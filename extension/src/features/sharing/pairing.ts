import { z } from 'zod';
import { type Fetch, PortalClient, PortalError } from './portal-client';

/**
 * Stored in `browser.storage.local` only: the portal's origin, the revocable API token from pairing, and what the
 * portal told about itself then (its Drive browser API key, which goes into Drive links' delivery descriptors).
 */
export const PortalSettings = z.object({
  version: z.literal(1),
  origin: z.string().url(),
  token: z.string().nullable(),
  tokenId: z.string().nullable(),
  pairedAs: z.string().nullable(),
  // Added later: settings stored before it read as "no key" until the next pairing.
  driveApiKey: z.string().nullable().default(null),
});
export type PortalSettings = z.infer<typeof PortalSettings>;
export const PORTAL_KEY = 'hypomos.portal';

export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export async function readPortal(store: KeyValue): Promise<PortalSettings | null> {
  const parsed = PortalSettings.safeParse(await store.get(PORTAL_KEY));
  return parsed.success ? parsed.data : null;
}

export async function setPortalOrigin(store: KeyValue, origin: string): Promise<PortalSettings> {
  const url = new URL(origin);
  if (!/^https?:$/.test(url.protocol)) throw new Error('The portal address must start with https://');
  const current = await readPortal(store);
  // A new portal invalidates the token: it belonged to the other portal.
  const next: PortalSettings =
    current?.origin === url.origin
      ? current
      : { version: 1, origin: url.origin, token: null, tokenId: null, pairedAs: null, driveApiKey: null };
  await store.set(PORTAL_KEY, next);
  return next;
}

/** The URL `launchWebAuthFlow` opens: the portal signs the user in, asks "Allow?", then redirects with a code. */
export function pairUrl(origin: string, redirectUri: string, state: string): string {
  const u = new URL('/auth/pair', origin);
  u.searchParams.set('redirect_uri', redirectUri);
  u.searchParams.set('state', state);
  return u.href;
}

/** Reads the code from the redirect, checking it answers our request (state) and not someone else's. */
export function codeFromRedirect(redirected: string, state: string): string {
  const u = new URL(redirected);
  const error = u.searchParams.get('error');
  if (error) throw new PortalError(400, error, `The portal refused pairing: ${error}`);
  if (u.searchParams.get('state') !== state)
    throw new PortalError(400, 'state_mismatch', 'The pairing answer does not belong to this request');
  const code = u.searchParams.get('code');
  if (!code) throw new PortalError(400, 'no_code', 'The portal did not send a pairing code');
  return code;
}

/** Exchanges the one-time code for an API token and stores it. The same function serves the real flow and tests. */
export async function completePairing(
  store: KeyValue,
  fetch: Fetch,
  origin: string,
  code: string,
  name: string,
): Promise<PortalSettings> {
  const issued = await new PortalClient(origin, '', fetch).exchange(code, name);
  const next: PortalSettings = {
    version: 1,
    origin,
    token: issued.token,
    tokenId: issued.info.id,
    pairedAs: issued.info.name,
    driveApiKey: issued.portal.driveApiKey,
  };
  await store.set(PORTAL_KEY, next);
  return next;
}

/** "Connect to portal": launch (identity.launchWebAuthFlow in the browser), then exchange. */
export async function pairWithPortal(opts: {
  store: KeyValue;
  fetch: Fetch;
  launch: (url: string) => Promise<string>;
  redirectUri: string;
  randomState: () => string;
  name: string;
}): Promise<PortalSettings> {
  const portal = await readPortal(opts.store);
  if (!portal) throw new Error('Set the portal address first');
  const state = opts.randomState();
  const redirected = await opts.launch(pairUrl(portal.origin, opts.redirectUri, state));
  return completePairing(opts.store, opts.fetch, portal.origin, codeFromRedirect(redirected, state), opts.name);
}

/** Revokes the token at the portal (best effort when unreachable) and forgets it here. */
export async function unpair(store: KeyValue, fetch: Fetch): Promise<void> {
  const portal = await readPortal(store);
  if (!portal?.token) return;
  if (portal.tokenId) {
    await new PortalClient(portal.origin, portal.token, fetch).revokeToken(portal.tokenId).catch((e: unknown) => {
      if (!(e instanceof PortalError) || e.status === 0)
        console.warn('Hypomos: token revocation not confirmed by the portal', e);
    });
  }
  await store.set(PORTAL_KEY, { ...portal, token: null, tokenId: null, pairedAs: null, driveApiKey: null });
}

export async function portalClient(store: KeyValue, fetch: Fetch): Promise<PortalClient> {
  const portal = await readPortal(store);
  if (!portal?.token)
    throw new PortalError(401, 'not_paired', 'Connect the extension to your portal first (Settings → Portal)');
  return new PortalClient(portal.origin, portal.token, fetch);
}

/** The paired portal's Google Drive browser API key, for Drive links' delivery (null: not paired, or none set). */
export async function portalDriveApiKey(store: KeyValue): Promise<string | null> {
  const portal = await readPortal(store);
  return portal?.token ? portal.driveApiKey : null;
}
