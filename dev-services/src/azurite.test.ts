import { containerAclXml, policyTime } from '@hypomos/shared/providers/azure-access-policy';
import {
  corsAllowsPortal,
  corsPropertiesXml,
  parseCorsRules,
  portalCorsRule,
  withPortalRule,
} from '@hypomos/shared/providers/azure-cors';
import { serviceSas } from '@hypomos/shared/providers/azure-sas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, DEV_ACCOUNT, DEV_KEY, nodeHmac, startAzurite } from './azurite';

let azurite: Azurite;
let container: AzuriteContainer;
const portal = 'https://portal.example';

beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('strict');
  await container.upload('a/b.jpg', Buffer.from('0123456789'), 'image/jpeg');
}, 60_000);
afterAll(() => azurite?.close());

const preflight = (origin: string) =>
  fetch(`${container.url}/a/b.jpg`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
  });
const readSas = () => container.sas('r', new Date(Date.now() + 600_000));
const getFrom = async (origin: string) =>
  fetch(`${container.url}/a/b.jpg?${await readSas()}`, { headers: { Origin: origin } });
const setCors = async (body: string) =>
  expect((await azurite.ownerRequest('PUT', '/?restype=service&comp=properties', { body })).status).toBe(202);
const setAcl = async (body: string) =>
  expect((await azurite.ownerRequest('PUT', '/strict?restype=container&comp=acl', { body })).status).toBe(200);

describe('azurite launcher', () => {
  it('serves blobs only with a valid SAS signed by the account key', async () => {
    const sas = await readSas();
    expect((await fetch(`${container.url}/a/b.jpg?${sas}`)).status).toBe(200);
    expect((await fetch(`${container.url}/a/b.jpg`)).status).toBe(403);
    const tampered = sas.replace(/sp=r/, 'sp=rl');
    expect((await fetch(`${container.url}/a/b.jpg?${tampered}`)).status).toBe(403);
  });
});

// "CORS support for Azure Storage" (learn.microsoft.com): no rules by default; a preflight that matches no rule is
// refused with 403; an actual request gets Access-Control-Allow-Origin only when a rule matches its origin.
describe('azurite applies Blob-service CORS as Azure documents it', () => {
  it('has no rule on a new account: the preflight is refused and a GET carries no Access-Control-Allow-Origin', async () => {
    const props = await azurite.ownerRequest('GET', '/?restype=service&comp=properties');
    expect(props.status).toBe(200);
    expect(parseCorsRules(await props.text())).toEqual([]);
    expect((await preflight(portal)).status).toBe(403);
    const get = await getFrom(portal);
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with the portal rule set by Shared Key: the portal is allowed, another origin still is not', async () => {
    await setCors(corsPropertiesXml(withPortalRule([], portal) ?? []));
    const answer = await preflight(portal);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(portal);
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/GET/);
    expect((await preflight('https://elsewhere.example')).status).toBe(403);

    const get = await getFrom(portal);
    expect(get.headers.get('access-control-allow-origin')).toBe(portal);
    expect(get.headers.get('access-control-expose-headers')?.toLowerCase()).toMatch(/content-length/);
    expect((await getFrom('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads the rule back through Get Blob Service Properties, and the check agrees', async () => {
    const rules = parseCorsRules(await (await azurite.ownerRequest('GET', '/?restype=service&comp=properties')).text());
    expect(rules).toEqual([portalCorsRule(portal)]);
    expect(corsAllowsPortal(rules, portal)).toEqual({ ok: true });
    expect(corsAllowsPortal(rules, 'https://elsewhere.example').ok).toBe(false);
  });

  it('refuses a request signed with the wrong key (Shared Key is checked, not trusted)', async () => {
    const res = await fetch(`${azurite.url}/?restype=service&comp=properties`, {
      headers: {
        'x-ms-date': new Date().toUTCString(),
        'x-ms-version': '2025-05-05',
        Authorization: `SharedKey ${DEV_ACCOUNT}:${Buffer.alloc(32).toString('base64')}`,
      },
    });
    expect(res.status).toBe(403);
  });
});

// "Define a stored access policy" / "Set Container ACL": a SAS naming a policy (si=) stops working once the policy
// is deleted; at most five policies per container.
describe('azurite applies stored access policies as Azure documents them', () => {
  const policySas = (id: string) =>
    serviceSas(
      { account: DEV_ACCOUNT, container: 'strict', blob: 'a/b.jpg', permissions: '', expiresAt: null, identifier: id },
      DEV_KEY,
      nodeHmac,
    );
  const policy = (id: string) => ({
    id,
    start: null,
    expiry: policyTime(Date.now() + 3600_000),
    permission: 'r',
  });

  it('serves a SAS that names a live policy, and answers 403 AuthenticationFailed once the policy is deleted', async () => {
    await setAcl(containerAclXml([policy('hypomos-share1'), policy('hypomos-share2')]));
    const url = `${container.url}/a/b.jpg?${await policySas('hypomos-share1')}`;
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('0123456789');

    await setAcl(containerAclXml([policy('hypomos-share2')]));
    const revoked = await fetch(url);
    expect(revoked.status).toBe(403);
    // Azure names this AuthenticationFailed; azurite 3.35 says AuthorizationFailure (contract/README.md).
    expect(revoked.headers.get('x-ms-error-code')).toBe('AuthorizationFailure');
    expect((await fetch(`${container.url}/a/b.jpg?${await policySas('hypomos-share2')}`)).status).toBe(200);
  });

  it('answers 403 for a SAS whose policy has expired', async () => {
    await setAcl(containerAclXml([{ ...policy('hypomos-old'), expiry: policyTime(Date.now() - 60_000) }]));
    expect((await fetch(`${container.url}/a/b.jpg?${await policySas('hypomos-old')}`)).status).toBe(403);
  });

  it('knowingly kinder than Azure: accepts a sixth policy (Azure answers 400), so clients must count themselves', async () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => policy(`p${n}`));
    const res = await azurite.ownerRequest('PUT', '/strict?restype=container&comp=acl', {
      body: containerAclXml(six),
    });
    expect(res.status).toBe(200);
    await setAcl(containerAclXml([]));
  });
});
