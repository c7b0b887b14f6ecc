import type { HmacSha256 } from '@hypomos/shared/providers/azure-sas';
import { ONEDRIVE_PERSONAL_CONTENT } from '@hypomos/shared/providers/onedrive-share';
import { type Provider, ProviderError } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../../db/rows';
import { createAzureBlobProvider } from './azblob';
import { createGoogleDriveProvider } from './gdrive';
import { createHttp } from './http';
import { createLocalFolderProvider } from './local-folder';
import { createOneDriveProvider } from './onedrive';

/**
 * Everything a provider needs from outside. Production passes the browser's fetch and the token store
 * (auth/token-store); tests pass Node's fetch and tokens from the contract servers.
 */
export interface ProviderDeps {
  fetch: typeof fetch;
  /** OneDrive/Drive: the source's access token; `forceRefresh` after a 401. */
  getAccessToken?: (source: SourceRow, opts: { forceRefresh: boolean }) => Promise<string>;
  /** Azure Blob: the user's SAS and/or account key (kept out of SourceRow.config when possible). */
  getAzureSecrets?: (source: SourceRow) => Promise<{ sas?: string | null; accountKey?: string | null }>;
  /** Local folder: the directory handle kept in IndexedDB. */
  getDirectoryHandle?: (source: SourceRow) => Promise<FileSystemDirectoryHandle>;
  /** HMAC-SHA256 for SAS signing; WebCrypto by default. */
  hmac?: HmacSha256;
  /** Production API roots from the settings (Graph with /v1.0, Drive origin); sources with `baseUrl` override them. */
  endpoints?: { graph?: string; drive?: string; oneDriveContent?: string };
  /** Drive: the paired portal's browser API key, for the delivery of shared files (sharing/pairing.ts). */
  driveApiKey?: () => Promise<string | null>;
  now?: () => number;
}

/** Production endpoints; `config.baseUrl` points a source at a contract server. */
export const DEFAULT_ENDPOINTS = {
  graph: 'https://graph.microsoft.com/v1.0',
  drive: 'https://www.googleapis.com',
  drivePublic: 'https://drive.google.com',
  /** OneDrive personal's content host: the download.aspx form of a view link (the relay's source). */
  oneDriveContent: ONEDRIVE_PERSONAL_CONTENT,
};

/**
 * The provider of a connected source. Config keys: onedrive `baseUrl` (origin serving /v1.0, e.g. a
 * contract server) and `contentUrl` (its stand-in for my.microsoftpersonalcontent.com, by default the contract
 * server's content host);
 * gdrive `baseUrl` (API origin) and `publicUrl` (origin of public links, defaults to drive.google.com, or
 * to `baseUrl` for a contract server); azblob `containerUrl` plus `sasUrl`/`sas` or secrets from
 * `getAzureSecrets`; local: the handle from `getDirectoryHandle`.
 */
export async function createProvider(source: SourceRow, deps: ProviderDeps): Promise<Provider> {
  const c = source.config;
  const now = deps.now ?? Date.now;
  const tokenGetter = deps.getAccessToken;
  const http = createHttp({
    fetch: deps.fetch,
    now,
    getAccessToken: tokenGetter ? (o) => tokenGetter(source, o) : undefined,
  });
  switch (source.kind) {
    case 'onedrive':
      return createOneDriveProvider({
        http,
        apiUrl: c.baseUrl ? `${trim(c.baseUrl)}/v1.0` : trim(deps.endpoints?.graph ?? DEFAULT_ENDPOINTS.graph),
        personalContentUrl: trim(
          c.contentUrl ??
            (c.baseUrl
              ? contractContentUrl(c.baseUrl)
              : (deps.endpoints?.oneDriveContent ?? DEFAULT_ENDPOINTS.oneDriveContent)),
        ),
      });
    case 'gdrive': {
      const apiUrl = trim(c.baseUrl ?? deps.endpoints?.drive ?? DEFAULT_ENDPOINTS.drive);
      const publicUrl = trim(c.publicUrl ?? (c.baseUrl ? apiUrl : DEFAULT_ENDPOINTS.drivePublic));
      return createGoogleDriveProvider({ http, apiUrl, publicUrl, deliveryApiKey: deps.driveApiKey });
    }
    case 'azblob': {
      const secrets = (await deps.getAzureSecrets?.(source)) ?? {};
      const fromConfig = c.sasUrl ? new URL(c.sasUrl).search : (c.sas ?? null);
      const containerUrl =
        c.containerUrl ?? (c.sasUrl ? `${new URL(c.sasUrl).origin}${new URL(c.sasUrl).pathname}` : null);
      if (!containerUrl) throw new ProviderError('bad_response', `Source ${source.id} has no containerUrl`);
      return createAzureBlobProvider({
        http: createHttp({ fetch: deps.fetch, now }),
        containerUrl,
        sas: secrets.sas ?? fromConfig ?? null,
        accountKey: secrets.accountKey ?? null,
        hmac: deps.hmac ?? webCryptoHmac,
        now,
        corsTestedFor: c.corsTestedFor ?? null,
      });
    }
    case 'local': {
      const get = deps.getDirectoryHandle;
      if (!get) throw new ProviderError('unauthorized', 'No folder handle available for this source');
      return createLocalFolderProvider({ getDirectory: () => get(source) });
    }
  }
}

const trim = (u: string) => u.replace(/\/+$/, '');

/** A Graph contract server serves link content on 127.0.0.2 at its API's port (dev-services/src/graph/server.ts). */
function contractContentUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.hostname = '127.0.0.2';
  return url.origin;
}

/** HMAC-SHA256 with WebCrypto (service worker, pages and Node alike). */
export const webCryptoHmac: HmacSha256 = async (keyBase64, message) => {
  const raw = Uint8Array.from(atob(keyBase64), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  return btoa(String.fromCharCode(...sig));
};
