import { CORS_PROBE_PATH, PROBE_HEADER } from '@hypomos/shared/providers/azure-cors-probe';
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { mediaSources } from '../middleware/security-headers';

/**
 * The page behind the extension's "Test" of a Blob account's CORS rule. A page on the extension's own origin cannot
 * test it: extension pages with host permissions skip CORS. So the extension frames this page, which runs on the
 * portal's origin like the viewer, and asks it to fetch one byte of a blob. Only extension pages may frame it or talk
 * to it; it holds no data, reads no cookies (credentials: 'omit') and may only connect to the media hosts (CSP).
 */
const SCRIPT = `"use strict";
const EXTENSION = /^(chrome-extension|moz-extension):\\/\\/[a-z0-9-]+$/;
addEventListener('message', async (e) => {
  const m = e.data;
  if (e.source !== parent || !EXTENSION.test(e.origin) || !m || m.type !== 'hypomos.corsProbe.run') return;
  if (typeof m.id !== 'string' || typeof m.url !== 'string') return;
  const attempt = async (headers) => {
    try {
      const res = await fetch(m.url, { headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
      await res.body?.cancel();
      return { kind: 'answered', status: res.status, contentRange: res.headers.get('content-range'), etag: res.headers.get('etag') };
    } catch (err) {
      return { kind: 'blocked', message: String(err).slice(0, 500) };
    }
  };
  // Range alone, as a download sends it; then with a header no browser safelists, so the browser must preflight.
  const plain = await attempt({ Range: 'bytes=0-0' });
  const preflighted = await attempt({ Range: 'bytes=0-0', '${PROBE_HEADER}': 'hypomos-cors-test' });
  parent.postMessage({ type: 'hypomos.corsProbe.result', id: m.id, plain, preflighted }, e.origin);
});
parent.postMessage({ type: 'hypomos.corsProbe.ready' }, '*');
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>Hypomos: Blob CORS test</title><script src="${CORS_PROBE_PATH}.js"></script>`;

export const blobCorsTestRoutes = new Hono<AppEnv>()
  .get(CORS_PROBE_PATH, (c) =>
    c.html(PAGE, 200, {
      'cache-control': 'no-store',
      'content-security-policy': [
        "default-src 'none'",
        "script-src 'self'",
        `connect-src ${mediaSources(c.env)}`,
        'frame-ancestors chrome-extension: moz-extension:',
      ].join('; '),
    }),
  )
  .get(`${CORS_PROBE_PATH}.js`, (c) =>
    c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }),
  );
