import { md5Base64 } from '@hypomos/shared/import/local-hashes';
import { type HmacSha256, serviceSas } from '@hypomos/shared/providers/azure-sas';
import { unescapeXml } from '@hypomos/shared/providers/azure-xml';
import { ProviderError } from '@hypomos/shared/providers/provider';
import type { Http } from '../../sources';
import { type ResumableUploader, type UploadCheckpoint, UploadError, type UploadTarget } from './types';

/**
 * Azure Blob uploads as block blobs (learn.microsoft.com, "Put Block", "Put Block List", "Get Block List"):
 * each fragment is staged as a block whose id is the base64 of its zero-padded index (all ids of a blob must
 * have the same length), then the list is committed. Staged blocks live 7 days uncommitted, so a resume asks
 * Get Block List which of ours are there and continues after the last one in order.
 *
 * Verification: every block carries Content-MD5, which the service checks (400 Md5Mismatch). The blob's own
 * Content-MD5 is the whole-file MD5 we give at commit (x-ms-blob-content-md5): Azure stores it without
 * computing it, so it proves the bytes only through the checked blocks and the committed size, which we read back.
 */
export const BLOB_BLOCK_SIZE = 4 * 1024 * 1024;
/** The service takes at most 50,000 blocks per blob. */
const MAX_BLOCKS = 50_000;

export interface AzureBlobUploaderOptions {
  http: Http;
  /** https://account.blob.core.windows.net/container, or azurite's http://host:port/account/container. */
  containerUrl: string;
  /** The user's container SAS; writing needs c or w, resuming needs r. */
  sas: string | null;
  accountKey: string | null;
  hmac: HmacSha256;
  now?: () => number;
  blockSize?: number;
}

export function createAzureBlobUploader(opts: AzureBlobUploaderOptions): ResumableUploader {
  const { http } = opts;
  const now = opts.now ?? Date.now;
  const url = new URL(opts.containerUrl);
  const base = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  const parts = url.pathname.split('/').filter(Boolean);
  const container = parts.at(-1) ?? '';
  const account = parts.length > 1 ? (parts[0] as string) : (url.hostname.split('.')[0] ?? '');
  const blockSize = opts.blockSize ?? BLOB_BLOCK_SIZE;
  if (!opts.sas && !opts.accountKey)
    throw new ProviderError('unauthorized', 'An Azure Blob source needs a container SAS or the account key');
  if (opts.sas && !opts.accountKey) {
    const sp = new URLSearchParams(opts.sas.replace(/^\?/, '')).get('sp') ?? '';
    if (!/[cw]/.test(sp) || !sp.includes('r'))
      throw new ProviderError(
        'forbidden',
        `Importing into this container needs a SAS that may read and write (sp with r and c or w); this one has sp=${sp}. Add the storage account key or a SAS with more rights.`,
      );
  }

  const blobName = (cp: UploadCheckpoint) =>
    (cp.blobUrl as string)
      .slice(base.length + 1)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
  const sasFor = async (name: string) => {
    if (!opts.accountKey) return (opts.sas as string).replace(/^\?/, '');
    return serviceSas(
      { account, container, blob: name, permissions: 'rcw', expiresAt: new Date(now() + 3600_000) },
      opts.accountKey,
      opts.hmac,
    );
  };
  const blobUrlOf = (name: string) => `${base}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const call = async (name: string, query: string, init: RequestInit, accept: number[] = []) =>
    http.request(`${blobUrlOf(name)}?${query}${query ? '&' : ''}${await sasFor(name)}`, init, { auth: false, accept });
  const exists = async (name: string, signal?: AbortSignal) => {
    const res = await call(name, '', { method: 'HEAD', signal }, [404]);
    return res.status !== 404;
  };
  const blockId = (index: number) => btoa(`block-${String(index).padStart(6, '0')}`);

  return {
    fragmentSize: blockSize,
    async begin(target: UploadTarget, signal) {
      if (Math.ceil(target.size / blockSize) > MAX_BLOCKS)
        throw new UploadError('name_refused', 'bad_response', `${target.name} is larger than a block blob can hold`);
      const folder = target.folderPath.split('/').filter(Boolean);
      // Never overwrite: a name taken in the container becomes "name (2).ext", as the import's own names do.
      const dot = target.name.lastIndexOf('.');
      const stem = dot > 0 ? target.name.slice(0, dot) : target.name;
      const ext = dot > 0 ? target.name.slice(dot) : '';
      let name = target.name;
      for (let n = 2; await exists([...folder, name].join('/'), signal); n++) name = `${stem} (${n})${ext}`;
      return {
        kind: 'azblob',
        blobUrl: blobUrlOf([...folder, name].join('/')),
        blockIds: [],
        offset: 0,
        size: target.size,
        name,
        contentType: target.mimeType,
        ...(target.contentMd5 ? { contentMd5: target.contentMd5 } : {}),
      };
    },
    async resume(cp, signal) {
      const name = blobName(cp);
      const res = await call(name, 'comp=blocklist&blocklisttype=all', { signal }, [404]);
      const xml = res.status === 404 ? '' : await res.text();
      const committed = blocksIn(xml, 'CommittedBlocks');
      const ours = Array.from({ length: Math.ceil(cp.size / blockSize) }, (_, i) => blockId(i));
      // Committed before the checkpoint was saved: only finishing is left.
      if (committed.length === ours.length && committed.every((b, i) => b.name === ours[i]))
        return { ...cp, blockIds: ours, offset: cp.size };
      const staged = new Map(blocksIn(xml, 'UncommittedBlocks').map((b) => [b.name, b.size]));
      let done = 0;
      while (done < ours.length && staged.get(ours[done] as string) === Math.min(blockSize, cp.size - done * blockSize))
        done++;
      return { ...cp, blockIds: ours.slice(0, done), offset: Math.min(cp.size, done * blockSize) };
    },
    async send(cp, chunk, signal) {
      const name = blobName(cp);
      let checkpoint = cp;
      if (chunk.size > 0) {
        const index = Math.floor(cp.offset / blockSize);
        if (cp.offset % blockSize !== 0 || chunk.size > blockSize)
          throw new ProviderError('bad_response', `A block must start at a multiple of ${blockSize} bytes`);
        const id = blockId(index);
        const bytes = new Uint8Array(await chunk.arrayBuffer());
        await call(name, `comp=block&blockid=${encodeURIComponent(id)}`, {
          method: 'PUT',
          body: bytes,
          headers: { 'Content-MD5': await md5Base64(bytes) },
          signal,
        }).then((r) => r.body?.cancel());
        checkpoint = { ...cp, blockIds: [...(cp.blockIds ?? []).slice(0, index), id], offset: cp.offset + chunk.size };
      }
      if (checkpoint.offset < checkpoint.size) return { state: 'partial', checkpoint };
      return { state: 'done', remote: await commit(name, checkpoint, signal) };
    },
    async cancel() {
      // Uncommitted blocks cannot be deleted one by one; the service drops them after 7 days.
    },
  };

  async function commit(name: string, cp: UploadCheckpoint, signal?: AbortSignal) {
    const ids = cp.blockIds ?? [];
    const body = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    const headers: Record<string, string> = {
      'Content-Type': 'application/xml',
      'x-ms-blob-content-type': cp.contentType || 'application/octet-stream',
      // Never replace a blob someone else wrote meanwhile under this name.
      'If-None-Match': '*',
    };
    if (cp.contentMd5) headers['x-ms-blob-content-md5'] = cp.contentMd5;
    const res = await call(name, 'comp=blocklist', { method: 'PUT', body, headers, signal }, [409]);
    await res.body?.cancel();
    if (res.status === 409) {
      // Our own commit whose answer was lost looks the same: same blocks committed means it is ours.
      const again = await call(name, 'comp=blocklist&blocklisttype=committed', { signal });
      const committed = blocksIn(await again.text(), 'CommittedBlocks').map((b) => b.name);
      if (committed.join() !== ids.join())
        throw new UploadError('name_refused', 'bad_response', `${name} was created by someone else meanwhile`, 409);
    }
    const head = await call(name, '', { method: 'HEAD', signal });
    const size = Number(head.headers.get('Content-Length'));
    if (size !== cp.size)
      throw new ProviderError('bad_response', `${name}: the service holds ${size} bytes, ${cp.size} were sent`);
    const md5 = head.headers.get('Content-MD5');
    const slash = name.lastIndexOf('/');
    return {
      providerId: name,
      path: name,
      name: name.slice(slash + 1),
      size,
      hashes: md5 ? { contentMd5: md5 } : {},
      // The header quotes the etag; List Blobs, which the scanner compares with, does not.
      etag: head.headers.get('ETag')?.replace(/^"|"$/g, '') ?? null,
      modifiedAt: Date.parse(head.headers.get('Last-Modified') ?? '') || null,
    };
  }
}

function blocksIn(xml: string, list: 'CommittedBlocks' | 'UncommittedBlocks'): { name: string; size: number }[] {
  const section = new RegExp(`<${list}>([\\s\\S]*?)</${list}>`).exec(xml)?.[1] ?? '';
  return [...section.matchAll(/<Block>\s*<Name>([^<]*)<\/Name>\s*<Size>(\d+)<\/Size>\s*<\/Block>/g)].map((m) => ({
    name: unescapeXml(m[1] as string),
    size: Number(m[2]),
  }));
}
