import { createHash } from 'node:crypto';
import { type Azurite, type AzuriteContainer, startAzurite } from '@hypomos/dev-services/azurite';
import { hexToBase64 } from '@hypomos/shared/import/local-hashes';
import { corpusFile } from '@hypomos/shared/metadata/test-readers';
import { ProviderError } from '@hypomos/shared/providers/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../db/rows';
import { createHttp, createProvider, webCryptoHmac } from '../../sources';
import { createAzureBlobUploader } from './azblob';
import { type ResumableUploader, type UploadCheckpoint, UploadError, type UploadTarget } from './types';

const photo = corpusFile('exifr-fixtures/canon-dslr.jpg');
const BLOCK = 64 * 1024;
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

let azurite: Azurite;
let container: AzuriteContainer;
let uploader: ResumableUploader;
const http = createHttp({ fetch });

beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('imports');
  uploader = keyUploader();
}, 60_000);
afterAll(() => azurite?.close());

const keyUploader = () =>
  createAzureBlobUploader({
    http,
    containerUrl: container.url,
    sas: null,
    accountKey: azurite.accountKey,
    hmac: webCryptoHmac,
    blockSize: BLOCK,
  });

const target = (name: string, bytes = photo): UploadTarget => ({
  sourceId: 'blob',
  folderPath: 'Pictures/2008/2008-07-13',
  name,
  size: bytes.length,
  mimeType: 'image/jpeg',
  contentMd5: hexToBase64(md5(bytes)),
});

async function sendAll(u: ResumableUploader, cp: UploadCheckpoint, bytes: Uint8Array, stopAfter = Infinity) {
  for (let sent = 0; ; sent++) {
    if (sent === stopAfter) return { cp, remote: null };
    const r = await u.send(cp, new Blob([bytes.slice(cp.offset, cp.offset + u.fragmentSize)]));
    if (r.state === 'done') return { cp, remote: r.remote };
    cp = r.checkpoint;
  }
}

async function download(path: string) {
  const sas = await container.sas('r', new Date(Date.now() + 600_000));
  const res = await fetch(`${container.url}/${path.split('/').map(encodeURIComponent).join('/')}?${sas}`);
  // Compared by MD5: a deep equality over megabytes of bytes takes vitest seconds.
  return md5(new Uint8Array(await res.arrayBuffer()));
}

async function listed(path: string) {
  // The scanner's own provider, as a sync of this container would list it.
  const sas = await container.sas('rl', new Date(Date.now() + 600_000));
  const source: SourceRow = {
    id: 'blob',
    kind: 'azblob',
    name: 'Blob',
    config: { containerUrl: container.url, sas },
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
  const provider = await createProvider(source, { fetch });
  for (let cursor: string | null = null; ; ) {
    const page = await provider.changes(cursor);
    const hit = page.upserts.find((u) => u.id === path);
    if (hit) return hit;
    if (page.done) return null;
    cursor = page.cursor;
  }
}

describe('Azure Blob uploader against azurite', { timeout: 30_000 }, () => {
  it('stages the file as blocks, commits them, and the listing reports its MD5, size and etag', async () => {
    expect(photo.length).toBeGreaterThan(3 * BLOCK);
    const cp = await uploader.begin(target('canon-dslr.jpg'));
    const { remote } = await sendAll(uploader, cp, photo);
    expect(remote).toMatchObject({
      path: 'Pictures/2008/2008-07-13/canon-dslr.jpg',
      name: 'canon-dslr.jpg',
      size: photo.length,
    });
    expect(await download('Pictures/2008/2008-07-13/canon-dslr.jpg')).toBe(md5(photo));
    const item = await listed('Pictures/2008/2008-07-13/canon-dslr.jpg');
    expect(item?.hashes.md5).toBe(md5(photo));
    expect(item?.mimeType).toBe('image/jpeg');
    expect(item?.etag).toBe(remote?.etag);
    expect(remote?.hashes.contentMd5).toBe(hexToBase64(md5(photo)));
  });

  it('resumes from the blocks already staged (Get Block List), sending only the missing ones', async () => {
    const first = await uploader.begin(target('resumed.jpg'));
    const { cp: stopped } = await sendAll(uploader, first, photo, 2);
    expect(stopped.offset).toBe(2 * BLOCK);
    // A new page after a reload: only the checkpoint saved before the second block survived.
    const fresh = keyUploader();
    const resumed = await fresh.resume({ ...stopped, offset: BLOCK, blockIds: stopped.blockIds?.slice(0, 1) });
    expect(resumed).not.toBe('expired');
    const cp = resumed as UploadCheckpoint;
    expect(cp.offset).toBe(2 * BLOCK);
    const { remote } = await sendAll(fresh, cp, photo);
    expect(remote?.size).toBe(photo.length);
    expect(await download('Pictures/2008/2008-07-13/resumed.jpg')).toBe(md5(photo));
  });

  it('finishes a file whose commit went through before its checkpoint was saved', async () => {
    const cp = await uploader.begin(target('committed.jpg'));
    await sendAll(uploader, cp, photo);
    const resumed = (await keyUploader().resume(cp)) as UploadCheckpoint;
    expect(resumed.offset).toBe(photo.length);
    const r = await uploader.send(resumed, new Blob([]));
    expect(r.state).toBe('done');
  });

  it('never overwrites: a taken name gets " (2)", and a blob created meanwhile under the name refuses the commit', async () => {
    const other = new Uint8Array([1, 2, 3]);
    await container.upload('Pictures/2008/2008-07-13/taken.jpg', other, 'image/jpeg');
    const cp = await uploader.begin(target('taken.jpg'));
    expect(cp.name).toBe('taken (2).jpg');
    const { remote } = await sendAll(uploader, cp, photo);
    expect(remote?.path).toBe('Pictures/2008/2008-07-13/taken (2).jpg');
    expect(await download('Pictures/2008/2008-07-13/taken.jpg')).toBe(md5(other));

    const raced = await uploader.begin(target('raced.jpg'));
    const { cp: staged } = await sendAll(uploader, raced, photo, Math.ceil(photo.length / BLOCK) - 1);
    await container.upload('Pictures/2008/2008-07-13/raced.jpg', other, 'image/jpeg');
    const last = uploader.send(staged, new Blob([photo.slice(staged.offset, staged.offset + BLOCK)]));
    await expect(last).rejects.toMatchObject({ code: 'name_refused', status: 409 });
    await expect(last).rejects.toBeInstanceOf(UploadError);
    expect(await download('Pictures/2008/2008-07-13/raced.jpg')).toBe(md5(other));
  });

  it('writes with a container SAS that may write, and refuses a read-only SAS before sending anything', async () => {
    const writer = createAzureBlobUploader({
      http,
      containerUrl: container.url,
      sas: await container.sas('rcw', new Date(Date.now() + 600_000)),
      accountKey: null,
      hmac: webCryptoHmac,
      blockSize: BLOCK,
    });
    const { remote } = await sendAll(writer, await writer.begin(target('with-sas.jpg')), photo);
    expect(remote?.size).toBe(photo.length);
    const readOnly = await container.sas('rl', new Date(Date.now() + 600_000));
    expect(() =>
      createAzureBlobUploader({
        http,
        containerUrl: container.url,
        sas: readOnly,
        accountKey: null,
        hmac: webCryptoHmac,
      }),
    ).toThrow(/may read and write.*sp=rl/);
  });

  it('refuses a block whose bytes were changed on the way (Content-MD5 checked by the service)', async () => {
    const cp = await uploader.begin(target('corrupt.jpg'));
    const block = photo.slice(0, BLOCK);
    const tampering = createAzureBlobUploader({
      http: createHttp({
        fetch: (input, init) => {
          // The body is changed after the MD5 was computed over the original bytes.
          if (init?.body instanceof Uint8Array) init.body[10] = (init.body[10] as number) ^ 0xff;
          return fetch(input, init);
        },
      }),
      containerUrl: container.url,
      sas: null,
      accountKey: azurite.accountKey,
      hmac: webCryptoHmac,
      blockSize: BLOCK,
    });
    await expect(tampering.send(cp, new Blob([block]))).rejects.toBeInstanceOf(ProviderError);
    await expect(tampering.send(cp, new Blob([block]))).rejects.toMatchObject({ status: 400 });
  });
});
