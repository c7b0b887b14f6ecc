import { ProviderError } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../db/rows';
import { KIND_NAMES } from '../sources/kind-names';
import { type ProviderDeps, webCryptoHmac } from '../sources/providers/index';
import { createHttp } from '../sources/providers/http';
import { createAzureBlobUploader } from './upload/azblob';
import type { ResumableUploader } from './upload/types';

/** The uploader of a destination source, with the same credentials its provider uses. */
export async function uploaderFor(source: SourceRow, deps: ProviderDeps): Promise<ResumableUploader> {
  const c = source.config;
  switch (source.kind) {
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
    default:
      // The OneDrive and Google Drive uploaders are being written against the same interface (upload/types.ts).
      throw new ProviderError('bad_response', `Importing into ${KIND_NAMES[source.kind]} is not available yet`);
  }
}

/** Sources an import can write to today. */
export const canImportInto = (source: SourceRow) => source.kind === 'azblob';
