import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, seedCollection, testApp } from '../../../test/helpers';
import { mediaSources } from '.';

describe('security headers and the share page shell', () => {
  it('serves /s/<token> as the portal shell with escaped Open Graph tags and a media-host CSP', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 2, 'Secret family <script>alert(1)</script>');
    const s = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { title: '"Summer" <b>2024</b>' }),
    );
    const res = await app.request(`/s/${s.token}`, {}, env);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain('<meta property="og:title" content="&quot;Summer&quot; &lt;b&gt;2024&lt;/b&gt;">');
    expect(html).not.toContain('<b>2024</b>');
    expect(html).not.toMatch(/sharepoint|item-0|Owner/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/www\.googleapis\.com .*http:\/\/127\.0\.0\.1:\*/);
    // CSP is checked at every redirect hop: the redirect targets are listed too.
    expect(csp).toMatch(/media-src [^;]*https:\/\/drive\.usercontent\.google\.com [^;]*https:\/\/\*\.sharepoint\.com/);
    expect(csp).toMatch(/connect-src 'self' [^;]*https:\/\/my\.microsoftpersonalcontent\.com/);
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('revalidates the page shell with a 304 that carries no CSP, so the cached page keeps its own', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1, 'Album');
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const first = await app.request(`/s/${s.token}`, {}, env);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await app.request(`/s/${s.token}`, { headers: { 'if-none-match': etag } }, env);
    expect(again.status).toBe(304);
    // Browsers merge a 304's headers into the cached answer: a deny-all CSP here would block the page's own scripts.
    expect(again.headers.get('content-security-policy')).toBeNull();
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps a passcode-protected share title private', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1, 'Private album');
    const s = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: '1234abcd' }),
    );
    const html = await (await app.request(`/s/${s.token}`, {}, env)).text();
    expect(html).toContain('content="Shared photos"');
    expect(html).not.toContain('Private album');
  });

  it('gives API answers a deny-all CSP and nosniff; unknown pages a plain 404 page', async () => {
    const { app } = testApp();
    const api = await app.request('/api/health', {}, env);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await app.request(`/e/${'B'.repeat(43)}`, {}, env);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Link not found');
  });

  it('adds dev media hosts only on plain-http dev origins', () => {
    expect(mediaSources({ ...env, PUBLIC_ORIGIN: 'https://share.example.org' })).not.toContain('127.0.0.1');
    expect(mediaSources({ ...env, PUBLIC_ORIGIN: 'http://127.0.0.1:8787' })).toContain('http://127.0.0.1:*');
    expect(mediaSources({ ...env, MEDIA_HOSTS: "https://ok.example 'unsafe-inline' javascript:" })).not.toMatch(
      /unsafe|javascript/,
    );
  });
});
