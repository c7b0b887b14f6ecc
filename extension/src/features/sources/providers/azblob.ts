import { type HmacSha256, sasExpiry, serviceSas } from '@hypomos/shared/providers/azure-sas';
import { DelegatedLink, type Provider, ProviderError, type ProviderItem } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import { type Http, rangeBody, rangeHeader } from './http';
import { parseBlobList } from './blob-list-xml';

/**
 * Azure Blob Storage, one container. Blob has no change feed for a container SAS, so every sync lists
 * the whole container (`restype=container&comp=list`, paged by `marker`) and the scanner compares etags;
 * a finished listing's cursor makes the next call answer `reset`, which makes the scanner list in full
 * again and drop the blobs it did not see.
 *
 * Links: with the account key, each link is a blob SAS (sp=r) signed for that blob with its own expiry.
 * With only the user's container SAS, a narrower SAS cannot be minted: the link is the blob URL with the
 * user's SAS, valid until that SAS expires, and only when that SAS can do nothing but read (sp=r) — a
 * listing SAS in a link would let every viewer enumerate the container. Even sp=r opens every blob
 * whose name a viewer can guess, so the account key is the better choice. Neither can be revoked one by one (only a stored access
 * policy or a key rotation can do that), so `revokeLink` withdraws nothing at the storage side: the
 * portal stops handing the link out, and the expiry bounds it.
 */
export interface AzureBlobOptions {
  http: Http;
  /** https://account.blob.core.windows.net/container (no query). */
  containerUrl: string;
  /** The user's SAS query string (with or without '?'); needs at least r and l. */
  sas: string | null;
  /** The storage account key (base64), when the user gave it instead of or beside a SAS. */
  accountKey: string | null;
  hmac: HmacSha256;
  now?: () => number;
  pageSize?: number;
  /** Lifetime of a link made without an expiry when signing with the account key. */
  defaultLinkMs?: number;
}

const Cursor = z.object({ marker: z.string().nullable(), finished: z.boolean().default(false) });

export function createAzureBlobProvider(opts: AzureBlobOptions): Provider {
  const { http } = opts;
  const now = opts.now ?? Date.now;
  const url = new URL(opts.containerUrl);
  // Azurite and other emulators put the account in the path: http://host:port/account/container.
  const pathParts = url.pathname.split('/').filter(Boolean);
  const container = pathParts.at(-1) ?? '';
  const account = pathParts.length > 1 ? (pathParts[0] as string) : (url.hostname.split('.')[0] ?? '');
  const base = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  if (!opts.sas && !opts.accountKey)
    throw new ProviderError('unauthorized', 'An Azure Blob source needs a container SAS or the account key');

  let signed: { sas: string; until: number } | null = null;
  /** The SAS used for listing and reads: the user's, or one we sign for an hour with the key. */
  const readSas = async (): Promise<string> => {
    if (opts.sas) return opts.sas.replace(/^\?/, '');
    if (!signed || signed.until - now() < 5 * 60_000) {
      const until = now() + 3600_000;
      const sas = await serviceSas(
        { account, container, permissions: 'rl', expiresAt: new Date(until) },
        opts.accountKey as string,
        opts.hmac,
      );
      signed = { sas, until };
    }
    return signed.sas;
  };
  const blobUrl = (name: string) => `${base}/${name.split('/').map(encodeURIComponent).join('/')}`;

  return {
    kind: 'azblob',
    canLink: true,
    async changes(raw) {
      const cursor = raw ? Cursor.safeParse(safeJson(raw)) : null;
      if (cursor && (!cursor.success || cursor.data.finished))
        return { upserts: [], deletions: [], cursor: '', done: false, reset: true };
      const marker = cursor?.data.marker ?? null;
      const q = new URLSearchParams({ restype: 'container', comp: 'list', maxresults: String(opts.pageSize ?? 500) });
      if (marker) q.set('marker', marker);
      const res = await http.bytes(`${base}?${q}&${await readSas()}`, {}, { auth: false });
      let list: ReturnType<typeof parseBlobList>;
      try {
        list = parseBlobList(new TextDecoder().decode(res.bytes));
      } catch (error) {
        throw new ProviderError('bad_response', `List Blobs: ${(error as Error).message}`);
      }
      const upserts = list.blobs.filter((b) => !b.name.endsWith('/')).map(toProviderItem);
      const done = !list.nextMarker;
      return {
        upserts,
        deletions: [],
        cursor: JSON.stringify(done ? { marker: null, finished: true } : { marker: list.nextMarker }),
        done,
      };
    },
    async readRange(ref, start, end) {
      if (end <= start) return new Uint8Array(0);
      const res = await http.bytes(
        `${blobUrl(ref.id)}?${await readSas()}`,
        { headers: { Range: rangeHeader(start, end) } },
        { auth: false, accept: [416] },
      );
      return res.status === 416 ? new Uint8Array(0) : rangeBody(res.status, res.bytes, start, end);
    },
    async thumbnail() {
      return null;
    },
    async createLink(ref, expiresAt) {
      if (opts.accountKey) {
        const until = expiresAt ?? new Date(now() + (opts.defaultLinkMs ?? 30 * 24 * 3600_000));
        const sas = await serviceSas(
          { account, container, blob: ref.id, permissions: 'r', expiresAt: until },
          opts.accountKey,
          opts.hmac,
        );
        return DelegatedLink.parse({
          url: `${blobUrl(ref.id)}?${sas}`,
          thumbnailUrl: null,
          linkId: `sas:${until.getTime()}`,
          expiresAt: sasExpiry(sas),
        });
      }
      const sas = (opts.sas ?? '').replace(/^\?/, '');
      const permissions = new URLSearchParams(sas).get('sp') ?? '';
      if (!permissions.includes('r'))
        throw new ProviderError(
          'forbidden',
          'The container SAS has no read permission (sp=r), so it cannot make links',
        );
      // Every viewer of a link gets this SAS: one that can also list or write would hand over the container.
      if (permissions !== 'r') {
        throw new ProviderError(
          'forbidden',
          `The container SAS allows more than reading (sp=${permissions}): sharing it would let viewers list or change the whole container. Add the storage account key (each link then gets its own read-only SAS for one blob), or connect with a read-only SAS (sp=r).`,
        );
      }
      const until = sasExpiry(sas);
      return DelegatedLink.parse({
        url: `${blobUrl(ref.id)}?${sas}`,
        thumbnailUrl: null,
        linkId: 'container-sas',
        expiresAt: until,
      });
    },
    async revokeLink() {
      // See the note above: a SAS cannot be revoked on its own; its expiry bounds it.
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function toProviderItem(b: ReturnType<typeof parseBlobList>['blobs'][number]): ProviderItem {
  const slash = b.name.lastIndexOf('/');
  const time = (s: string | undefined) => (s ? Date.parse(s) : null);
  const md5 = b.props['Content-MD5'];
  return {
    id: b.name,
    name: slash >= 0 ? b.name.slice(slash + 1) : b.name,
    folder: slash >= 0 ? b.name.slice(0, slash) : '',
    mimeType: b.props['Content-Type'] || null,
    bytes: b.props['Content-Length'] ? Number(b.props['Content-Length']) : null,
    modifiedAt: time(b.props['Last-Modified']),
    createdAt: time(b.props['Creation-Time']),
    etag: b.props.Etag ?? null,
    hashes: md5 ? { md5: base64ToHex(md5) } : {},
    webUrl: null,
    width: null,
    height: null,
    takenAt: null,
    make: null,
    model: null,
    lat: null,
    lon: null,
    alt: null,
    durationMs: null,
    orientation: null,
  };
}

function base64ToHex(b64: string): string {
  const bin = atob(b64);
  return Array.from(bin, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}
