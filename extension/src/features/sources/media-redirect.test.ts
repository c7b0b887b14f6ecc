import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Provider } from '@hypomos/shared/providers/provider';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { FIREFOX_MEDIA_ORIGIN } from '../../platform/media-path';
import { registerMediaRedirect, type WebRequestApi } from './media-redirect';

const OWN = 'moz-extension://3c1f0a7e-0000-4000-8000-000000000001/';
const GRAPH = 'https://graph.microsoft.com/v1.0/me/drive/items/A1%21121/content';

type Listener = (details: {
  url: string;
  originUrl?: string;
  requestHeaders?: { name: string; value?: string }[];
}) => Promise<Record<string, unknown>>;

async function setUp() {
  const db = new HypomosDb(`media-redirect-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.sources.put({ id: 'od', kind: 'onedrive', name: 'OneDrive' } as SourceRow);
  await db.items.put({
    key: 'od:A1!121',
    sourceId: 'od',
    providerItemId: 'A1!121',
    name: 'clip.mp4',
    folder: 'Videos',
  } as never);
  let token = 'token-1';
  const asked: unknown[] = [];
  const provider = {
    mediaRequest: async (ref: unknown) => {
      asked.push(ref);
      return { url: GRAPH, headers: { Authorization: `Bearer ${token}` } };
    },
  } as unknown as Provider;
  const listeners: { request?: Listener; headers?: Listener } = {};
  const filters: { urls: string[]; types?: string[] }[] = [];
  const webRequest = {
    onBeforeRequest: {
      addListener: (l: Listener, filter: (typeof filters)[number]) => {
        listeners.request = l;
        filters.push(filter);
      },
    },
    onBeforeSendHeaders: {
      addListener: (l: Listener, filter: (typeof filters)[number]) => {
        listeners.headers = l;
        filters.push(filter);
      },
    },
  } as unknown as WebRequestApi;
  registerMediaRedirect(webRequest, { db, providerFor: async () => provider, ownOrigin: OWN });
  return {
    filters,
    asked,
    renew: (next: string) => (token = next),
    request: (url: string, originUrl: string) => listeners.request!({ url, originUrl }),
    headers: (url: string, originUrl: string) =>
      listeners.headers!({ url, originUrl, requestHeaders: [{ name: 'Range', value: 'bytes=0-' }] }),
  };
}

const media = `${FIREFOX_MEDIA_ORIGIN}/media/${encodeURIComponent('od:A1!121')}`;

describe('Firefox video playback through a webRequest redirect', () => {
  it("redirects the extension page's request to the provider and adds the current token to that URL only", async () => {
    const t = await setUp();
    expect(await t.request(media, `${OWN}dashboard.html`)).toEqual({ redirectUrl: GRAPH });
    expect(t.asked).toEqual([{ id: 'A1!121', path: 'Videos/clip.mp4' }]);
    expect(await t.headers(GRAPH, `${OWN}dashboard.html`)).toEqual({
      requestHeaders: [
        { name: 'Range', value: 'bytes=0-' },
        { name: 'Authorization', value: 'Bearer token-1' },
      ],
    });
    // A refreshed token is used by the next Range request.
    t.renew('token-2');
    expect(await t.headers(GRAPH, `${OWN}dashboard.html`)).toMatchObject({
      requestHeaders: expect.arrayContaining([{ name: 'Authorization', value: 'Bearer token-2' }]),
    });
    // Graph's 302 target (pre-authenticated, another host) gets no token.
    expect(
      await t.headers('https://contoso-my.sharepoint.com/download.aspx?UniqueId=1', `${OWN}dashboard.html`),
    ).toEqual({});
  });

  it('a web page asking for the same addresses is cancelled and never gets the token', async () => {
    const t = await setUp();
    await t.request(media, `${OWN}dashboard.html`);
    expect(await t.request(media, 'https://evil.example/page.html')).toEqual({ cancel: true });
    expect(await t.request(media, undefined as unknown as string)).toEqual({ cancel: true });
    expect(await t.headers(GRAPH, 'https://evil.example/page.html')).toEqual({});
  });

  it("listens to media loads only: the user's Drive and OneDrive tabs never wait on it", async () => {
    const t = await setUp();
    expect(t.filters.map((f) => f.types)).toEqual([['media'], ['media']]);
  });

  it('an item not in the library is cancelled', async () => {
    const t = await setUp();
    expect(await t.request(`${FIREFOX_MEDIA_ORIGIN}/media/od%3Amissing`, `${OWN}dashboard.html`)).toEqual({
      cancel: true,
    });
  });
});
