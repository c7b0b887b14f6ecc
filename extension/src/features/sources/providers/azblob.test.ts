import { type Azurite, type AzuriteContainer, nodeHmac, startAzurite } from '@hypomos/dev-services/azurite';
import { loadSeedFiles, demoPhotosDir } from '@hypomos/dev-services/seed/index';
import { type Provider, ProviderError, type ProviderItem } from '@hypomos/shared/providers/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureBlobProvider } from './azblob';
import { createHttp } from './http';
import { webCryptoHmac } from './index';

let azurite: Azurite;
let container: AzuriteContainer;
let withSas: Provider;
let withKey: Provider;
let seeded: Awaited<ReturnType<typeof loadSeedFiles>>;

beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('photos');
  seeded = await loadSeedFiles(demoPhotosDir);
  for (const f of seeded) await container.addFile(f);
  const http = createHttp({ fetch });
  const sas = await container.sas('rl', new Date(Date.now() + 3600_000));
  withSas = createAzureBlobProvider({
    http,
    containerUrl: container.url,
    sas,
    accountKey: null,
    hmac: webCryptoHmac,
    pageSize: 5,
  });
  withKey = createAzureBlobProvider({
    http,
    containerUrl: container.url,
    sas: null,
    accountKey: azurite.accountKey,
    hmac: webCryptoHmac,
    pageSize: 5,
  });
}, 60_000);
afterAll(() => azurite?.close());

async function listAll(provider: Provider, cursor: string | null) {
  const upserts: ProviderItem[] = [];
  let pages = 0;
  for (;;) {
    const page = await provider.changes(cursor);
    pages++;
    upserts.push(...page.upserts);
    cursor = page.cursor;
    if (page.done) return { upserts, cursor, pages };
    if (page.reset) cursor = null;
  }
}

describe('Azure Blob provider against azurite', () => {
  it('signs SAS with WebCrypto exactly as node:crypto does', async () => {
    expect(await webCryptoHmac(azurite.accountKey, 'a\nb')).toBe(await nodeHmac(azurite.accountKey, 'a\nb'));
  });

  it('lists the container in pages (marker) with etags, sizes and folders, with a SAS or the key', async () => {
    for (const provider of [withSas, withKey]) {
      const { upserts, pages } = await listAll(provider, null);
      expect(pages).toBe(3);
      expect(upserts).toHaveLength(seeded.length);
      const iphone = upserts.find((u) => u.id === 'Pictures/Travel/Apple iPhone 4.jpg');
      expect(iphone).toMatchObject({
        name: 'Apple iPhone 4.jpg',
        folder: 'Pictures/Travel',
        mimeType: 'image/jpeg',
        etag: expect.any(String),
      });
      expect(iphone?.bytes).toBe(seeded.find((f) => f.path === iphone?.id)?.bytes.length);
      expect(iphone?.hashes.md5).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('answers reset after a finished listing, so the next sync lists again and sees changes by etag', async () => {
    const first = await listAll(withSas, null);
    const etag = first.upserts.find((u) => u.id === 'Pictures/Nature/wood_anemones.jpg')?.etag;
    await container.upload('Pictures/Nature/wood_anemones.jpg', Buffer.from('changed'), 'image/jpeg');
    await container.remove('Pictures/Nature/el_torcal_rocks.jpg');
    await container.upload('Pictures/Later/added.jpg', Buffer.from('new'), 'image/jpeg');
    expect((await withSas.changes(first.cursor)).reset).toBe(true);
    const second = await listAll(withSas, null);
    const ids = second.upserts.map((u) => u.id);
    expect(ids).toContain('Pictures/Later/added.jpg');
    expect(ids).not.toContain('Pictures/Nature/el_torcal_rocks.jpg');
    expect(second.upserts.find((u) => u.id === 'Pictures/Nature/wood_anemones.jpg')?.etag).not.toBe(etag);
  });

  it('reads byte ranges with the SAS', async () => {
    const file = seeded.find((f) => f.path === 'Pictures/Cameras/Nikon D5000.jpg');
    const ref = { id: 'Pictures/Cameras/Nikon D5000.jpg', path: 'Pictures/Cameras/Nikon D5000.jpg' };
    expect(Buffer.from(await withSas.readRange(ref, 5, 70_000))).toEqual(file?.bytes.subarray(5, 70_000));
    expect(Buffer.from(await withKey.readRange(ref, 0, 10))).toEqual(file?.bytes.subarray(0, 10));
    expect(await withSas.thumbnail(ref, 'small')).toBeNull();
  });

  it('makes per-blob SAS links with the key, and without it only from a read-only container SAS', async () => {
    const ref = { id: 'Pictures/Travel/thompson-springs.jpg', path: 'Pictures/Travel/thompson-springs.jpg' };
    const expiresAt = new Date(Date.now() + 600_000);
    const signed = await withKey.createLink(ref, expiresAt);
    expect(new URL(signed.url).searchParams.get('sr')).toBe('b');
    // SAS times have whole seconds.
    expect(signed.expiresAt).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);
    const open = await fetch(signed.url, { headers: { Origin: 'https://viewer.example' } });
    expect(open.status).toBe(200);
    // No CORS rule on the account yet: an <img> loads it, a cross-origin fetch() could not read it.
    expect(open.headers.get('access-control-allow-origin')).toBeNull();
    // A blob SAS is scoped to its blob: the same signature does not open a neighbour.
    const neighbour = signed.url.replace('thompson-springs.jpg', 'denali.webp');
    expect((await fetch(neighbour)).status).toBe(403);
    // The listing SAS (sp=rl) is not handed out; a read-only one is.
    await expect(withSas.createLink(ref, expiresAt)).rejects.toMatchObject({ kind: 'forbidden' });
    const readOnly = createAzureBlobProvider({
      http: createHttp({ fetch }),
      containerUrl: container.url,
      sas: await container.sas('r', expiresAt),
      accountKey: null,
      hmac: webCryptoHmac,
    });
    const shared = await readOnly.createLink(ref, expiresAt);
    expect(new URLSearchParams(new URL(shared.url).search).get('sp')).toBe('r');
    expect((await fetch(shared.url)).status).toBe(200);
    await container.remove(ref.path);
    expect((await fetch(signed.url)).status).toBe(404);
  });

  it('refuses links when the SAS cannot read, and maps auth failures', async () => {
    const listOnly = createAzureBlobProvider({
      http: createHttp({ fetch }),
      containerUrl: container.url,
      sas: await container.sas('l', new Date(Date.now() + 600_000)),
      accountKey: null,
      hmac: webCryptoHmac,
    });
    await expect(listOnly.createLink({ id: 'x.jpg', path: 'x.jpg' }, null)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const wrongKey = createAzureBlobProvider({
      http: createHttp({ fetch }),
      containerUrl: container.url,
      sas: null,
      accountKey: Buffer.from('nope').toString('base64'),
      hmac: webCryptoHmac,
    });
    const error = await wrongKey.changes(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('forbidden');
  });
});
