import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, nodeHmac, startAzurite } from '../dev-services/src/azurite';
import { createAzureBlobProvider } from '../extension/src/features/sources/providers/azblob';
import { createBlobOwner } from '../extension/src/features/sources/providers/azblob-owner';
import { createHttp } from '../extension/src/features/sources/providers/http';
import { BASE_FLAGS, CHROMIUM } from './harness/chromium';

/**
 * The owner's Shared Key calls (Get/Set Container ACL) made with Chromium's own fetch, HTTP cache included, against
 * azurite. Get Container ACL answers with ETag and Last-Modified, so a browser may keep the answer and later
 * revalidate it by adding If-None-Match / If-Modified-Since; both are part of the Shared Key string to sign, so the
 * service refuses the revalidation with 403 AuthorizationFailure (tiering's republish stopped so, one move in two).
 */
describe('Blob owner calls through a browser fetch (Chromium, azurite)', () => {
  let azurite: Azurite;
  let container: AzuriteContainer;
  let browser: Browser;
  let page: Page;

  /** fetch() as the page runs it: same origin as azurite, so no CORS rule is needed; bodies are strings here. */
  const browserFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const answer = await page.evaluate(
      async ({ url, method, headers, body, cache }) => {
        const res = await fetch(url, { method, headers, body, ...(cache ? { cache } : {}) });
        const pairs: [string, string][] = [];
        res.headers.forEach((value, name) => {
          pairs.push([name, value]);
        });
        return { status: res.status, headers: pairs, text: await res.text() };
      },
      {
        url: String(input),
        method: init.method ?? 'GET',
        headers: pairsOf(new Headers(init.headers)),
        body: typeof init.body === 'string' ? init.body : null,
        cache: init.cache ?? null,
      },
    );
    return new Response(answer.status === 204 ? null : answer.text, {
      status: answer.status,
      headers: answer.headers,
    });
  };
  const pairsOf = (headers: Headers) => {
    const pairs: [string, string][] = [];
    headers.forEach((value, name) => {
      pairs.push([name, value]);
    });
    return pairs;
  };
  const http = () => createHttp({ fetch: browserFetch });

  beforeAll(async () => {
    azurite = await startAzurite();
    container = await azurite.createContainer('photos');
    await container.upload('a/one.jpg', new Uint8Array([1, 2, 3]), 'image/jpeg');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BASE_FLAGS });
    page = await browser.newPage();
    await page.goto(`${azurite.url}/photos?restype=container`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await azurite?.close();
  });

  it('links of one share, each made by a fresh provider (as every tiering republish is), are all signed', async () => {
    for (let i = 0; i < 6; i++) {
      const provider = createAzureBlobProvider({
        http: http(),
        containerUrl: container.url,
        sas: null,
        accountKey: azurite.accountKey,
        hmac: nodeHmac,
      });
      const link = await provider.createLink({ id: 'a/one.jpg', path: 'a/one.jpg' }, null, { scope: 'share-1' });
      expect(link.linkId).toMatch(/^policy:/);
      // Long enough for the kept answer to go stale, so a cache would revalidate it.
      await page.waitForTimeout(400);
    }
  });

  it('reads the container ACL as it is now, not as an earlier answer had it', async () => {
    const owner = createBlobOwner({
      http: http(),
      serviceRoot: azurite.url,
      containerBase: container.url,
      account: azurite.account,
      accountKey: azurite.accountKey,
      sas: null,
      hmac: nodeHmac,
      now: Date.now,
    });
    const other = createBlobOwner({
      http: createHttp({ fetch }),
      serviceRoot: azurite.url,
      containerBase: container.url,
      account: azurite.account,
      accountKey: azurite.accountKey,
      sas: null,
      hmac: nodeHmac,
      now: Date.now,
    });
    const policy = (id: string) => ({ id, start: null, expiry: '2030-01-01T00:00:00.0000000Z', permission: 'r' });
    await other.writeAcl([policy('first')], null);
    expect((await owner.readAcl()).policies.map((p) => p.id)).toEqual(['first']);
    // Another device (the service worker, the CLI) changes the policies.
    await other.writeAcl([policy('first'), policy('second')], null);
    expect((await owner.readAcl()).policies.map((p) => p.id)).toEqual(['first', 'second']);
  });
});
