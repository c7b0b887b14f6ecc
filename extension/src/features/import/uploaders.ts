import { ProviderError } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../db/rows';
import { createHttp, DEFAULT_ENDPOINTS, KIND_NAMES, type ProviderDeps, webCryptoHmac } from '../sources';
import { createAzureBlobUploader } from './upload/azblob';
import { createGoogleDriveUploader } from './upload/gdrive';
import { createOneDriveUploader } from './upload/onedrive';
import type { ResumableUploader } from './upload/types';

/** The uploader of a destination source, with the same credentials its provider uses. */
export async function uploaderFor(source: SourceRow, deps: ProviderDeps): Promise<ResumableUploader> {
  const c = source.config;
  const tokens = deps.getAccessToken;
  // The same endpoints and sign-in as the source's provider (sources/providers/index.ts).
  const http = createHttp({
    fetch: deps.fetch,
    now: deps.now,
    getAccessToken: tokens ? (o) => tokens(source, o) : undefined,
  });
  const trim = (u: string) => u.replace(/\/+$/, '');
  switch (source.kind) {
    case 'onedrive':
      return createOneDriveUploader({
        http,
        apiUrl: c.baseUrl ? `${trim(c.baseUrl)}/v1.0` : trim(deps.endpoints?.graph ?? DEFAULT_ENDPOINTS.graph),
      });
    case 'gdrive':
      return createGoogleDriveUploader({
        http,
        apiUrl: trim(c.baseUrl ?? deps.endpoints?.drive ?? DEFAULT_ENDPOINTS.drive),
        now: deps.now,
      });
    case 'azblob': {
      const secrets = (await deps.getAzureSecrets?.(source)) ?? {};
      const fromConfig = c.sasUrl ? new URL(c.sasUrl).search : (c.sas ?? null);
      const containerUrl =
        c.containerUrl ?? (c.sasUrl ? `${new URL(c.sasUrl).origin}${new URL(c.sasUrl).pathname}` : null);
      if (!containerUrl) throw new ProviderError('bad_response', `Source ${source.id} has no containerUrl`);
      return createAzureBlobUploader({
        http: createHttp({ fetch: deps.fetch, now: deps.now }),
        containerUrl,
        sas: secrets.sas ?? fromConfig ?? null,
        accountKey: secrets.accountKey ?? null,
        hmac: deps.hmac ?? webCryptoHmac,
        now: deps.now,
      });
    }
    case 'local':
      throw new ProviderError('bad_response', `${KIND_NAMES[source.kind]} sources are read-only: import into a cloud`);
  }
}

/** Sources an import can write to: every cloud; a local folder is only read. */
export const canImportInto = (source: SourceRow) => source.kind !== 'local';
