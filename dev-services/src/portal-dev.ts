import { DEFAULT_USERS, type OidcProviderHandle, type OidcUser, startOidcProvider } from './oidc';
import { freePort } from './ports';
import { startWranglerDev, type WranglerDev } from './wrangler-dev';

/**
 * The share portal as `npm start` and the e2e tests run it: the worker under `wrangler dev` on loopback, signing in
 * against a local oidc-provider that is registered as the worker's only OIDC provider ("Dev ID").
 */
export interface PortalDev {
  origin: string;
  idp: OidcProviderHandle;
  worker: WranglerDev;
  stop(): Promise<void>;
}

export const DEV_CLIENT = { clientId: 'hypomos-portal', clientSecret: 'dev-client-secret' };

export async function startPortalDev(
  opts: {
    port?: number;
    users?: OidcUser[];
    vars?: Record<string, string>;
    persistTo?: string;
    log?: (l: string) => void;
  } = {},
): Promise<PortalDev> {
  const port = opts.port ?? (await freePort());
  const idp = await startOidcProvider({
    users: opts.users ?? DEFAULT_USERS,
    clients: [{ ...DEV_CLIENT, redirectUris: [`http://127.0.0.1:${port}/auth/callback/dev`] }],
  });
  let worker: WranglerDev;
  try {
    worker = await startWranglerDev({
      port,
      persistTo: opts.persistTo,
      log: opts.log,
      vars: {
        OIDC_PROVIDERS: JSON.stringify([idp.workerConfig(DEV_CLIENT.clientId)]),
        OIDC_DEV_SECRET: DEV_CLIENT.clientSecret,
        ...opts.vars,
      },
    });
  } catch (err) {
    await idp.close();
    throw err;
  }
  return {
    origin: worker.origin,
    idp,
    worker,
    stop: async () => {
      await worker.stop();
      await idp.close();
    },
  };
}
