import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from '../contract/faults';
import { applyCors, serveBytes } from '../contract/http';
import type { MediaStore, StoredNode } from '../contract/media-store';
import { renderThumbnail } from '../contract/thumbnails';

/**
 * Drive's public link forms for "anyone with the link" files, as they answer browsers since January 2024
 * (../shared/REAL-SERVICES.md, "Google Drive"):
 * - `drive.google.com/uc?id=…&export=download` redirects to `drive.usercontent.google.com/download?…`; both refuse a
 *   request a browser marks as coming from another site (403, no CORS headers);
 * - the download host answers an HTML virus-scan warning instead of the bytes of a large file;
 * - `drive.google.com/thumbnail?id=…&sz=w400` still renders cross-site but is rate-limited per client.
 */
export interface PublicLinkRules {
  /** Files above this size get the virus-scan page; Drive does it "roughly 25–100 MB" up (KoboCloud#160). */
  virusScanAboveBytes: number;
  /** Thumbnails a client may load per window before it is refused with `status`. */
  thumbnailLimit: { max: number; windowMs: number; status: 403 | 429 };
}

export const DEFAULT_PUBLIC_LINK_RULES: PublicLinkRules = {
  virusScanAboveBytes: 25 * 1024 * 1024,
  thumbnailLimit: { max: 600, windowMs: 60_000, status: 429 },
};

export interface PublicLinkContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: MediaStore;
  faults: FaultQueue;
  rules: PublicLinkRules;
  now: () => number;
  /** Requests the download hosts refused as coming from another site, for assertions. */
  refused: { url: string; secFetchSite: string }[];
}

/**
 * Since 2024-01-10/11 Drive's download hosts answer 403 to `Sec-Fetch-Site: cross-site`, which Chromium and Firefox
 * set themselves on every `<img>`, `<video>` and `fetch()` from another site; `fetch()` gets no
 * `Access-Control-Allow-Origin` either (wp-calypso#86571, homebrewery#3257, OpenLiveWriter#958/#959, GeoLibre PR #1709,
 * which isolated the Sec-Fetch-* filter). `same-site` is refused here too: every loopback port is one site, while a
 * real portal is never on google.com (see contract/README.md, "knowingly differ").
 */
export const fromAnotherSite = (req: IncomingMessage) => {
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
};

/** The download hosts' refusal: a 403 page without CORS headers. */
function refuseOtherSite(a: PublicLinkContext) {
  a.refused.push({ url: a.url.href, secFetchSite: String(a.req.headers['sec-fetch-site']) });
  sendHtml(a.res, 403, '<!DOCTYPE html><title>Error 403 (Forbidden)</title>');
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

const publicNode = (store: MediaStore, id: string | null): StoredNode | null => {
  const node = id ? store.get(id) : undefined;
  return node && !node.trashed && !node.folder && node.permissions.some((p) => !p.revoked) ? node : null;
};

/** `drive.google.com/uc?id=…&export=download`: refused from another site, else a redirect to the download host. */
export function serveUc(a: PublicLinkContext, downloadHost: string): void {
  if (fromAnotherSite(a.req)) {
    refuseOtherSite(a);
    return;
  }
  const id = a.url.searchParams.get('id');
  if (!publicNode(a.store, id)) {
    sendHtml(a.res, 404, '<!DOCTYPE html><title>Error 404 (Not Found)</title>');
    return;
  }
  // uc?export=download answers 303 to drive.usercontent.google.com (REAL-SERVICES.md; the CSP must list that host).
  const target = new URL('/download', downloadHost);
  target.searchParams.set('id', id as string);
  target.searchParams.set('export', 'download');
  a.res.writeHead(303, { Location: target.href, 'Content-Length': 0 });
  a.res.end();
}

/** `drive.usercontent.google.com/download?id=…`: the same cross-site refusal, and the virus-scan page for big files. */
export function serveDownload(a: PublicLinkContext): void {
  if (fromAnotherSite(a.req)) {
    refuseOtherSite(a);
    return;
  }
  if (a.url.pathname !== '/download') {
    sendHtml(a.res, 404, '<!DOCTYPE html><title>Not Found</title>');
    return;
  }
  const node = publicNode(a.store, a.url.searchParams.get('id'));
  if (!node?.content) {
    sendHtml(a.res, 404, '<!DOCTYPE html><title>Error 404 (Not Found)</title>');
    return;
  }
  // Large files get a 200 HTML page with a "Download anyway" form, not their bytes (KoboCloud#160,
  // google-drive-ruby#291): a client that trusts the status gets HTML in place of a photo.
  // "Download anyway" (confirm=t) is the page's own way on, which scripts such as gdown take.
  if (node.content.length > a.rules.virusScanAboveBytes && a.url.searchParams.get('confirm') !== 't') {
    sendHtml(a.res, 200, virusScanPage(node.id));
    return;
  }
  const reset = a.faults.take(a.req.method ?? 'GET', a.url.pathname + a.url.search, 'reset');
  serveBytes(a.req, a.res, node.content, { contentType: node.mimeType, etag: `"${node.md5}"`, reset });
}

const virusScanPage = (id: string) =>
  `<!DOCTYPE html><title>Google Drive - Virus scan warning</title><p>Google Drive can't scan this file for viruses.</p><form action="/download" method="get"><input type="hidden" name="id" value="${id}"><input type="hidden" name="confirm" value="t"><input type="submit" value="Download anyway"></form>`;

/** Requests per client address in a sliding window. */
export class ClientWindow {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly limit: { max: number; windowMs: number }) {}

  /** Counts one request; false when the client is over the limit. */
  admit(client: string, now: number): boolean {
    const recent = (this.seen.get(client) ?? []).filter((t) => t > now - this.limit.windowMs);
    const ok = recent.length < this.limit.max;
    if (ok) recent.push(now);
    this.seen.set(client, recent);
    return ok;
  }
}

/**
 * The box of `sz`: `wN` or `hN` (one edge; here, as before, the longest), or `wN-hM`, a box that bounds both edges
 * ("https://drive.google.com/thumbnail?sz=w800-h800&id=…: you can use any width and height you like",
 * simonw/google-drive-to-sqlite#12; the endpoint itself is undocumented). Default w220; never enlarged.
 */
export function thumbnailBox(sz: string | null): { width: number; height: number } {
  const clamp = (n: number) => Math.min(Math.max(n, 32), 4096);
  const both = /^w(\d+)-h(\d+)$/.exec(sz ?? '');
  if (both) return { width: clamp(Number(both[1])), height: clamp(Number(both[2])) };
  const one = clamp(Number(/^[wh]?(\d+)$/.exec(sz ?? 'w220')?.[1] ?? 220));
  return { width: one, height: one };
}

/**
 * `drive.google.com/thumbnail?id=…&sz=wN` renders cross-site (with CORS) but is rate-limited per viewer address with
 * 403/429 (mpc-autofill#223, #262; breadboard PR #5699). It is a re-encoded derivative, never the original.
 */
export async function serveThumbnail(a: PublicLinkContext, limiter: ClientWindow): Promise<void> {
  applyCors(a.req, a.res);
  if (!limiter.admit(a.req.socket.remoteAddress ?? '', a.now())) {
    sendHtml(a.res, a.rules.thumbnailLimit.status, '<!DOCTYPE html><title>Too many requests</title>');
    return;
  }
  const node = publicNode(a.store, a.url.searchParams.get('id'));
  const box = thumbnailBox(a.url.searchParams.get('sz'));
  const rendered = node ? await renderThumbnail(node, box.width, box.height) : null;
  if (!rendered) {
    sendHtml(a.res, 404, '<!DOCTYPE html><title>Error 404 (Not Found)</title>');
    return;
  }
  serveBytes(a.req, a.res, rendered.bytes, { contentType: 'image/jpeg' });
}
