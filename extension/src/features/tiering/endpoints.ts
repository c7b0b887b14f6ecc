import { type HmacSha256, serviceSas } from '@hypomos/shared/providers/azure-sas';
import { ProviderError, type ProviderItemRef } from '@hypomos/shared/providers/provider';
import type { ColdTier } from '@hypomos/shared/tiering/rules';
import type { SourceRow } from '../../db/rows';
import { createAzureBlobUploader, createOneDriveUploader } from '../import';
import { createHttp, createProvider, type Http, type ProviderDeps, webCryptoHmac } from '../sources';
import type { MoveEndpoint } from './mover';

/**
 * The move endpoint of a connected source, with the credentials its provider uses. Azurite (3.35) answers
 * Put Blob From URL and Put Block From URL with 501 Not Implemented, and its Copy Blob From URL only reads
 * other blobs, so hot→cold streams through the extension in the uploader's 4 MiB blocks, as cold→hot does.
 */
export async function moveEndpointFor(
  source: SourceRow,
  deps: ProviderDeps,
  opts: { blobBlockSize?: number } = {},
): Promise<MoveEndpoint> {
  const provider = await createProvider(source, deps);
  const readRange = (ref: ProviderItemRef, start: number, end: number) => provider.readRange(ref, start, end);
  const c = source.config;
  switch (source.kind) {
    case 'onedrive': {
      const get = deps.getAccessToken;
      const http = createHttp({
        fetch: deps.fetch,
        now: deps.now,
        getAccessToken: get ? (o) => get(source, o) : undefined,
      });
      const apiUrl = c.baseUrl ? `${c.baseUrl.replace(/\/+$/, '')}/v1.0` : (deps.endpoints?.graph ?? '');
      return {
        kind: 'onedrive',
        readRange,
        uploader: createOneDriveUploader({ http, apiUrl }),
        trash: (ref) => oneDriveTrash(http, apiUrl, ref),
        restore: async (ref) => {
          try {
            await provider.restore?.(ref);
            return 'restored';
          } catch (e) {
            // driveitem-restore answers 404 for an item not in the bin: restored by an earlier attempt (it is live
            // again, driveitem-get finds it) or purged from the bin (gone for good).
            if (!(e instanceof ProviderError && e.kind === 'not_found')) throw e;
            return ((await provider.items?.([ref.id])) ?? []).length > 0 ? 'restored' : 'gone';
          }
        },
      };
    }
    case 'azblob': {
      const secrets = (await deps.getAzureSecrets?.(source)) ?? {};
      const containerUrl =
        c.containerUrl ?? (c.sasUrl ? `${new URL(c.sasUrl).origin}${new URL(c.sasUrl).pathname}` : '');
      const blob = {
        http: createHttp({ fetch: deps.fetch, now: deps.now }),
        containerUrl,
        sas: secrets.sas ?? (c.sasUrl ? new URL(c.sasUrl).search : (c.sas ?? null)),
        accountKey: secrets.accountKey ?? null,
        hmac: deps.hmac ?? webCryptoHmac,
        now: deps.now ?? Date.now,
      };
      return {
        kind: 'azblob',
        readRange,
        uploader: createAzureBlobUploader({ ...blob, blockSize: opts.blobBlockSize }),
        trash: (ref) => blobCall(blob, ref, 'd', '', { method: 'DELETE' }),
        setTier: (ref, tier: ColdTier) =>
          blobCall(blob, ref, 'w', 'comp=tier', { method: 'PUT', headers: { 'x-ms-access-tier': tier } }),
      };
    }
    default:
      throw new ProviderError('bad_response', `Moving items in or out of a ${source.kind} source is not available yet`);
  }
}

/** driveitem-delete: 204, and the item is in the recycle bin; 404 means an earlier attempt already did it. */
async function oneDriveTrash(http: Http, apiUrl: string, ref: ProviderItemRef): Promise<void> {
  await http.request(`${apiUrl}/me/drive/items/${encodeURIComponent(ref.id)}`, { method: 'DELETE' }, { accept: [404] });
}

interface BlobAccess {
  http: Http;
  containerUrl: string;
  sas: string | null;
  accountKey: string | null;
  hmac: HmacSha256;
  now: () => number;
}

/**
 * Delete Blob (into the container's soft-delete retention when the account has it on: Blob's recycle bin) and
 * Set Blob Tier. 404 on delete means it is gone already.
 */
async function blobCall(a: BlobAccess, ref: ProviderItemRef, permission: string, query: string, init: RequestInit) {
  const url = new URL(a.containerUrl);
  const parts = url.pathname.split('/').filter(Boolean);
  const container = parts.at(-1) ?? '';
  const account = parts.length > 1 ? (parts[0] as string) : (url.hostname.split('.')[0] ?? '');
  const sas = a.accountKey
    ? await serviceSas(
        { account, container, blob: ref.id, permissions: permission, expiresAt: new Date(a.now() + 600_000) },
        a.accountKey,
        a.hmac,
      )
    : (a.sas ?? '').replace(/^\?/, '');
  const blobUrl = `${a.containerUrl.replace(/\/$/, '')}/${ref.id.split('/').map(encodeURIComponent).join('/')}`;
  await a.http.request(`${blobUrl}?${query}${query ? '&' : ''}${sas}`, init, {
    auth: false,
    accept: init.method === 'DELETE' ? [404] : [],
  });
}
