import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryInput } from '../shared/src/sharing/delivery';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../dev-services/src/wrangler-dev';
import { api } from './portal-support';

/**
 * Storage hosts answering as REAL-SERVICES.md says the real ones do, one behaviour per file id, on `localhost`
 * (another site than the portal's 127.0.0.1, so browsers send `Sec-Fetch-Site: cross-site` as they do in production):
 * - `/thumbnail?id=` Drive's thumbnail endpoint: throttled per client, here 429 above 4 requests in flight
 *   (chilli-axe/mpc-autofill#223, #262);
 * - `/drive/v3/files/ID?alt=media&key=` the Drive API: CORS and Range; 404 `notFound`; 403 `downloadQuotaExceeded`
 *   for an over-quota file (rclone/rclone#2652);
 * - `/embed/ID` a OneDrive embed link that refuses cross-site loads (a 403 without CORS, as Drive's download host
 *   does since 2024-01; whether embed links do is unknown, so this is the harsh case the viewer must heal from);
 * - `/od/download.aspx?share=ID` OneDrive personal's download form: bytes, no CORS (CORS unknown: assume none);
 * - `/blob/c/ID?sig=` a Blob SAS on an account without a CORS rule: bytes, no CORS headers.
 * Every request is recorded with the headers that matter, so a test can prove what went where.
 */
export interface StorageRequest {
  path: string;
  id: string;
  site: string | null;
  referer: string | null;
  range: string | null;
  status: number;
  /** Body bytes sent (what a byte count of relayed versus direct delivery adds up). */
  bytes: number;
}

export interface ScenarioStorage {
  origin: string;
  requests: StorageRequest[];
  /** Most Drive thumbnail requests in flight at once. */
  peakThumbnails: number;
  files: Map<string, { bytes: Buffer; type: string; sha256: string }>;
  /** The sha256 of the original an id serves. */
  hashOf(id: string): string;
  /** Serves `bytes` under file id `id` (e.g. a large file for throughput). */
  addFile(id: string, bytes: Buffer, type: string): void;
  close(): Promise<void>;
}

const DEMO = `${REPO_ROOT}/demo/photos`;
const JPEGS = [
  'Pictures/Nature/prairie_falcon.jpg',
  'Pictures/Nature/wood_anemones.jpg',
  'Pictures/Nature/el_torcal_rocks.jpg',
  'Pictures/Nature/tanners_ridge.jpg',
  'Pictures/Travel/thompson-springs.jpg',
  'Pictures/Cameras/Nikon D5000.jpg',
];
export const VIDEO = 'Videos/with-gps.mp4';

/** Which demo file an id serves: `video…` the demo video, anything else a JPEG chosen by the id's trailing number. */
const fileOf = (id: string) =>
  id.startsWith('video') ? VIDEO : JPEGS[Number(/(\d+)$/.exec(id)?.[1] ?? 0) % JPEGS.length]!;

/** Sends the file (or the asked range); returns the status and the body's length. */
function sendBytes(req: IncomingMessage, res: ServerResponse, bytes: Buffer, type: string, cors: boolean) {
  const headers: Record<string, string> = { 'content-type': type, 'accept-ranges': 'bytes' };
  if (cors) {
    headers['access-control-allow-origin'] = '*';
    headers['access-control-expose-headers'] = 'content-length, content-range';
  }
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (m && (m[1] || m[2])) {
    const start = m[1] ? Number(m[1]) : bytes.length - Number(m[2]);
    const end = m[1] && m[2] ? Math.min(Number(m[2]), bytes.length - 1) : bytes.length - 1;
    res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` });
    res.end(bytes.subarray(start, end + 1));
    return { status: 206, bytes: end + 1 - start };
  }
  res.writeHead(200, { ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
  return { status: 200, bytes: bytes.length };
}

const driveError = (code: number, reason: string) =>
  JSON.stringify({ error: { code, message: reason, errors: [{ domain: 'usageLimits', reason, message: reason }] } });

export async function startScenarioStorage(): Promise<ScenarioStorage> {
  const files = new Map<string, { bytes: Buffer; type: string; sha256: string }>();
  for (const f of [...JPEGS, VIDEO]) {
    const bytes = await readFile(`${DEMO}/${f}`);
    files.set(f, {
      bytes,
      type: f.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg',
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  const requests: StorageRequest[] = [];
  let inFlight = 0;
  const state = { peakThumbnails: 0 };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const site = (req.headers['sec-fetch-site'] as string | undefined) ?? null;
    const crossSite = site === 'cross-site';
    const record = (id: string, status: number, bytes = 0) =>
      requests.push({
        path: url.pathname,
        id,
        site,
        referer: req.headers.referer ?? null,
        range: req.headers.range ?? null,
        status,
        bytes,
      });
    const file = (id: string) => files.get(files.has(id) ? id : fileOf(id))!;
    const serve = (id: string, type: string, cors: boolean) => {
      const sent = sendBytes(req, res, file(id).bytes, type, cors);
      record(id, sent.status, sent.bytes);
    };

    if (url.pathname === '/thumbnail') {
      const id = url.searchParams.get('id') ?? '';
      inFlight++;
      state.peakThumbnails = Math.max(state.peakThumbnails, inFlight);
      await new Promise((r) => setTimeout(r, 150)); // renders take time: concurrency shows
      inFlight--;
      const status =
        inFlight >= 4 || id.includes('quota') ? 429 : id.includes('thumb404') || id.includes('gone') ? 404 : 200;
      if (status !== 200) {
        record(id, status);
        res.writeHead(status, status === 429 ? { 'retry-after': '1.5' } : {});
        return res.end();
      }
      return serve(id, 'image/jpeg', false);
    }
    const api = /^\/drive\/v3\/files\/([^/]+)$/.exec(url.pathname);
    if (api && url.searchParams.get('alt') === 'media' && url.searchParams.get('key')) {
      const id = decodeURIComponent(api[1]!);
      const json = { 'content-type': 'application/json; charset=UTF-8', 'access-control-allow-origin': '*' };
      if (id.includes('gone')) {
        record(id, 404);
        res.writeHead(404, json);
        return res.end(driveError(404, 'notFound'));
      }
      if (id.includes('quota')) {
        record(id, 403);
        res.writeHead(403, json);
        return res.end(driveError(403, 'downloadQuotaExceeded'));
      }
      return serve(id, file(id).type, true);
    }
    const embed = /^\/embed\/([^/]+)$/.exec(url.pathname);
    if (embed) {
      const id = embed[1]!;
      if (crossSite) {
        record(id, 403);
        res.writeHead(403, { 'content-type': 'text/html' });
        return res.end('<html>Forbidden</html>');
      }
      return serve(id, file(id).type, false);
    }
    if (url.pathname === '/od/download.aspx') {
      const id = url.searchParams.get('share') ?? '';
      return serve(id, 'application/octet-stream', false);
    }
    const blob = /^\/blob\/c\/([^/]+)$/.exec(url.pathname);
    if (blob && url.searchParams.get('sig')) {
      const id = blob[1]!;
      return serve(id, file(id).type, false);
    }
    record(url.pathname, 404);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    get peakThumbnails() {
      return state.peakThumbnails;
    },
    files,
    hashOf: (id) => files.get(files.has(id) ? id : fileOf(id))!.sha256,
    addFile: (id, bytes, type) =>
      files.set(id, { bytes, type, sha256: createHash('sha256').update(bytes).digest('hex') }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** One published item with its descriptor, as the provider's extension code would publish it. */
export function scenarioItem(storage: ScenarioStorage, id: string, mediaType: 'image' | 'video', d: DeliveryInput) {
  const f = storage.files.get(fileOf(id))!;
  return {
    sourceId: 'mix',
    sourceItemId: id,
    mediaType,
    mimeType: f.type,
    capturedAt: new Date(Date.UTC(2024, 6, 1) + Number(/(\d+)$/.exec(id)?.[1] ?? 0) * 60_000).toISOString(),
    width: 4,
    height: 3,
    originalUrl: d.full ?? d.relaySource!,
    thumbnailUrl: d.grid[0] ?? null,
    contentHash: `sha256:${f.sha256}`,
    delivery: d,
  };
}

/** The mixed share of the e2e and the bench: every path the viewer can take, and each way it can fail. */
export function mixedItems(s: ScenarioStorage) {
  const d = descriptors(s);
  return [
    ...Array.from({ length: 10 }, (_, i) =>
      scenarioItem(s, `drive-${i + 1}`, 'image', d.drive(`drive-${i + 1}`, 'image')),
    ),
    scenarioItem(s, 'drive-thumb404-11', 'image', d.drive('drive-thumb404-11', 'image')),
    scenarioItem(s, 'video-thumb404-12', 'video', d.drive('video-thumb404-12', 'video')),
    scenarioItem(s, 'drive-quota-13', 'image', d.drive('drive-quota-13', 'image')),
    scenarioItem(s, 'drive-gone-14', 'image', d.drive('drive-gone-14', 'image')),
    scenarioItem(s, 'od-15', 'image', d.oneDrive('od-15', 'image')),
    scenarioItem(s, 'video-od-16', 'video', d.oneDrive('video-od-16', 'video')),
    scenarioItem(s, 'blob-17', 'image', d.blobWithoutCors('blob-17')),
  ];
}

/** Descriptors per provider, pointing at the scenario storage instead of the real hosts. */
export const descriptors = (s: ScenarioStorage) => ({
  drive: (id: string, media: 'image' | 'video'): DeliveryInput => {
    const api = `${s.origin}/drive/v3/files/${id}?alt=media&key=KEY`;
    const thumb = `${s.origin}/thumbnail?id=${id}&sz=w800`;
    return {
      provider: 'gdrive',
      grid: media === 'image' ? [thumb, api] : [thumb],
      full: api,
      download: api,
      relaySource: api,
      referrer: 'strict-origin',
    };
  },
  oneDrive: (id: string, media: 'image' | 'video'): DeliveryInput => ({
    provider: 'onedrive',
    grid: media === 'image' ? [`${s.origin}/embed/${id}`] : [],
    full: media === 'image' ? `${s.origin}/embed/${id}` : null,
    download: null,
    relaySource: `${s.origin}/od/download.aspx?share=${id}`,
    referrer: 'no-referrer',
  }),
  blobWithoutCors: (id: string): DeliveryInput => ({
    provider: 'azblob',
    grid: [`${s.origin}/blob/c/${id}?sig=x`],
    full: `${s.origin}/blob/c/${id}?sig=x`,
    download: null,
    relaySource: `${s.origin}/blob/c/${id}?sig=x`,
    referrer: 'no-referrer',
  }),
});

/**
 * Publishes `items` (with their descriptors) as a new collection of the signed-in owner and shares it with downloads
 * allowed; returns the share and each source item id's portal item id.
 */
export async function publishShare(owner: Page, title: string, items: ReturnType<typeof scenarioItem>[]) {
  await api(owner, 'PUT', '/api/sources/mix', { kind: 'gdrive', name: 'Mixed' });
  const col = await api<{ id: string }>(owner, 'POST', '/api/collections', { title, kind: 'static' });
  const published = await api<{ results: { status: string; itemId: string; sourceItemId: string }[] }>(
    owner,
    'POST',
    `/api/collections/${col.json.id}/items`,
    { items },
  );
  const refused = published.json.results.filter((r) => r.status !== 'created');
  if (published.status !== 200 || refused.length) throw new Error(`publish: ${JSON.stringify(published.json)}`);
  const share = await api<{ url: string; share: { id: string } }>(
    owner,
    'POST',
    `/api/collections/${col.json.id}/shares`,
    { kind: 'link', allowDownload: true, relay: true },
  );
  if (share.status !== 201) throw new Error(`share: ${share.status} ${JSON.stringify(share.json)}`);
  return {
    collectionId: col.json.id,
    shareId: share.json.share.id,
    url: share.json.url,
    ids: new Map(published.json.results.map((r) => [r.sourceItemId, r.itemId])),
  };
}
