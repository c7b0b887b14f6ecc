import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../test/helpers';

describe('the Blob CORS test page', () => {
  it('may be framed by extension pages only, and may connect only to the media hosts', async () => {
    const { app } = testApp();
    const page = await app.request('/tools/blob-cors-test', {}, env);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/tools/blob-cors-test.js"></script>');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors chrome-extension: moz-extension:');
    expect(csp).toMatch(/connect-src https:\/\/www\.googleapis\.com [^;]*https:\/\/\*\.blob\.core\.windows\.net/);
    expect(csp).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBeNull();

    const script = await app.request('/tools/blob-cors-test.js', {}, env);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // It answers only extension pages, and reads no cookies.
    const body = await script.text();
    expect(body).toContain("credentials: 'omit'");
    expect(body).toContain('chrome-extension|moz-extension');
  });

  it('leaves every other page unframeable', async () => {
    const { app } = testApp();
    const res = await app.request('/robots.txt', {}, env);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
