import { type Azurite, type AzuriteContainer, startAzurite } from '@hypomos/dev-services/azurite';
import { containerAclXml, parseContainerAcl, policyTime } from '@hypomos/shared/providers/azure-access-policy';
import { corsPropertiesXml, portalCorsRule } from '@hypomos/shared/providers/azure-cors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzureBlobProvider, createAzureBlobProvider } from './azblob';
import { createHttp } from './http';
import { webCryptoHmac } from './index';

/** Share links and CORS of an Azure Blob source, against the real azurite (no CORS rule, no policies at start). */
let azurite: Azurite;
let container: AzuriteContainer;
const portal = 'https://portal.example';
const ref = { id: 'a/photo.jpg', path: 'a/photo.jpg' };
const inAnHour = () => new Date(Date.now() + 3600_000);

beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('photos');
  await container.upload(ref.id, Buffer.from('jpeg bytes'), 'image/jpeg');
}, 60_000);
afterAll(() => azurite?.close());

const withKey = (): AzureBlobProvider =>
  createAzureBlobProvider({
    http: createHttp({ fetch }),
    containerUrl: container.url,
    sas: null,
    accountKey: azurite.accountKey,
    hmac: webCryptoHmac,
  });
const withSasOnly = async (): Promise<AzureBlobProvider> =>
  createAzureBlobProvider({
    http: createHttp({ fetch }),
    containerUrl: container.url,
    sas: await container.sas('r', inAnHour()),
    accountKey: null,
    hmac: webCryptoHmac,
  });
const acl = async () =>
  parseContainerAcl(await (await azurite.ownerRequest('GET', '/photos?restype=container&comp=acl')).text());
const setAcl = async (xml: string) =>
  expect((await azurite.ownerRequest('PUT', '/photos?restype=container&comp=acl', { body: xml })).status).toBe(200);
const status = async (url: string) => (await fetch(url)).status;

describe('Blob CORS for the portal', () => {
  it('with only a container SAS: cannot read the rules, says so, and offers no download', async () => {
    const provider = await withSasOnly();
    expect(await provider.portalCors(portal)).toMatchObject({ state: 'unknown', allows: false });
    const link = await provider.createLink(ref, null, { portalOrigin: portal });
    expect(link.delivery).toMatchObject({ provider: 'azblob', full: link.url, download: null });
  });

  it('with only a SAS: a passing Test from the portal origin is what its links go by, and only for that origin', async () => {
    const tested = async (corsTestedFor: string) =>
      createAzureBlobProvider({
        http: createHttp({ fetch }),
        containerUrl: container.url,
        sas: await container.sas('r', inAnHour()),
        accountKey: null,
        hmac: webCryptoHmac,
        corsTestedFor,
      });
    const provider = await tested(portal);
    expect(await provider.portalCors(portal)).toEqual({ state: 'tested', allows: true, why: null });
    const link = await provider.createLink(ref, null, { portalOrigin: portal });
    expect(link.delivery).toMatchObject({ full: link.url, download: link.url });
    const elsewhere = await tested('https://elsewhere.example');
    expect((await elsewhere.portalCors(portal)).state).toBe('unknown');
  });

  it('with the key: adds the portal rule once, then finds it; the descriptor offers download', async () => {
    const first = withKey();
    expect(await first.portalCors(portal)).toEqual({ state: 'set', allows: true, why: null });
    const link = await first.createLink(ref, inAnHour(), { portalOrigin: portal });
    expect(link.delivery).toMatchObject({ full: link.url, download: link.url, grid: [link.url] });
    const get = await fetch(link.url, { headers: { Origin: portal } });
    expect(get.headers.get('access-control-allow-origin')).toBe(portal);
    expect(await withKey().portalCors(portal)).toEqual({ state: 'present', allows: true, why: null });
    // A container SAS still cannot read the rules, whatever they are: only "Test" can tell.
    expect((await (await withSasOnly()).portalCors(portal)).state).toBe('unknown');
  });

  it('with the key but five rules of the owner taken: changes nothing and says why', async () => {
    const others = [1, 2, 3, 4, 5].map((n) => ({ ...portalCorsRule(`https://o${n}.example`) }));
    await azurite.ownerRequest('PUT', '/?restype=service&comp=properties', { body: corsPropertiesXml(others) });
    const verdict = await withKey().portalCors(portal);
    expect(verdict).toMatchObject({ state: 'full', allows: false });
    expect(verdict.why).toMatch(/five CORS rules/);
    expect((await withKey().createLink(ref, inAnHour(), { portalOrigin: portal })).delivery?.download).toBeNull();
    await azurite.ownerRequest('PUT', '/?restype=service&comp=properties', {
      body: corsPropertiesXml([portalCorsRule(portal)]),
    });
  });
});

describe('Blob share links through stored access policies', () => {
  it("names the share's policy, and revoking the share stops all its links, not another share's", async () => {
    const provider = withKey();
    const a = await provider.createLink(ref, inAnHour(), { scope: 'share-a' });
    const b = await provider.createLink(ref, inAnHour(), { scope: 'share-b' });
    expect(new URL(a.url).searchParams.get('si')).toBe('hypomos-share-a');
    expect(new URL(a.url).searchParams.get('se')).toBeNull();
    expect(a).toMatchObject({ linkId: 'policy:hypomos-share-a', notice: null });
    expect(await status(a.url)).toBe(200);
    expect((await acl()).map((p) => [p.id, p.permission])).toEqual([
      ['hypomos-share-a', 'r'],
      ['hypomos-share-b', 'r'],
    ]);

    await withKey().revokeScope?.('share-a');
    expect(await status(a.url)).toBe(403);
    expect(await status(b.url)).toBe(200);
    expect((await acl()).map((p) => p.id)).toEqual(['hypomos-share-b']);
  });

  it('renews a rolling policy for a share without an end date instead of writing at every link', async () => {
    const provider = withKey();
    const first = await provider.createLink(ref, null, { scope: 'rolling' });
    const again = await withKey().createLink({ id: 'a/other.jpg', path: 'a/other.jpg' }, null, { scope: 'rolling' });
    expect(again.expiresAt).toBe(first.expiresAt);
    expect(first.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    await withKey().revokeScope?.('rolling');
  });

  it('keeps the owner’s policies and public access, never writes a sixth policy, and warns when none is free', async () => {
    const owners = [1, 2, 3].map((n) => ({
      id: `owner${n}`,
      start: null,
      expiry: policyTime(Date.now() + 3600_000),
      permission: 'rl',
    }));
    // The owner's container is public at blob level: a Set Container ACL without the header would make it private.
    const set = await azurite.ownerRequest('PUT', '/photos?restype=container&comp=acl', {
      body: containerAclXml(owners),
      msHeaders: { 'x-ms-blob-public-access': 'blob' },
    });
    expect(set.status).toBe(200);
    const provider = withKey();
    await provider.createLink(ref, inAnHour(), { scope: 'share-c' });
    const full = await provider.createLink(ref, inAnHour(), { scope: 'share-d' });
    expect(full.linkId).toBe('policy:hypomos-share-d');
    const sixth = await provider.createLink(ref, inAnHour(), { scope: 'share-e' });
    expect(new URL(sixth.url).searchParams.get('si')).toBeNull();
    expect(sixth.notice).toMatch(/already has 5 stored access policies .*stays valid until it expires/);
    expect(await status(sixth.url)).toBe(200);
    // azurite would accept a sixth (Azure refuses it): the ACL read back shows none was written.
    expect((await acl()).map((p) => p.id)).toEqual([
      'owner1',
      'owner2',
      'owner3',
      'hypomos-share-c',
      'hypomos-share-d',
    ]);
    const read = await azurite.ownerRequest('GET', '/photos?restype=container&comp=acl');
    expect(read.headers.get('x-ms-blob-public-access')).toBe('blob');

    await withKey().revokeScope?.('share-c');
    const freed = await withKey().createLink(ref, inAnHour(), { scope: 'share-e' });
    expect(freed.linkId).toBe('policy:hypomos-share-e');
    expect((await acl()).map((p) => p.id)).toContain('owner1');
  });

  it('reuses the slot of its own expired policy', async () => {
    const kept = (await acl()).filter((p) => p.id.startsWith('owner'));
    const expired = { id: 'hypomos-ended', start: null, expiry: policyTime(Date.now() - 60_000), permission: 'r' };
    const live = { id: 'hypomos-live', start: null, expiry: policyTime(Date.now() + 3600_000), permission: 'r' };
    await setAcl(containerAclXml([...kept, live, expired]));
    const link = await withKey().createLink(ref, inAnHour(), { scope: 'share-f' });
    expect(link.linkId).toBe('policy:hypomos-share-f');
    expect((await acl()).map((p) => p.id)).toEqual(['owner1', 'owner2', 'owner3', 'hypomos-live', 'hypomos-share-f']);
  });
});
