import { type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../db/rows';
import { createProvider } from '../providers/index';
import type { SourcesSettings } from '../settings';
import { createSourceAuth, oauthConfigFor } from './source-auth';
import type { KeyValueStorage } from './token-store';
import { sourceRow } from '../../../testing/source-row';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const settings: SourcesSettings = {
  endpoints: {
    graph: 'https://graph.microsoft.com/v1.0',
    microsoftLogin: 'https://login.microsoftonline.com/common/oauth2/v2.0',
    drive: 'https://www.googleapis.com',
    googleAuth: 'https://accounts.google.com/o/oauth2/v2/auth',
    googleToken: 'https://oauth2.googleapis.com/token',
  },
  clientIds: { microsoft: 'ms-app', google: '' },
  syncIntervalMinutes: 15,
  concurrency: 4,
  thumbnailCacheMiB: 256,
  demo: { graphUrl: null, driveUrl: null, blobSasUrl: null },
};
const followRedirect = async (url: string) => (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';

let graph: GraphServer;
let drive: DriveServer;
beforeAll(async () => {
  graph = await startGraphServer();
  drive = await startDriveServer();
  await seedFromFolder(graph);
  await seedFromFolder(drive);
}, 60_000);
afterAll(async () => {
  await graph.close();
  await drive.close();
});

describe('source credentials', () => {
  it('signs production sources in at Microsoft/Google and contract-server sources at the server', () => {
    const ms = oauthConfigFor(sourceRow('a', 'onedrive', {}), settings, REDIRECT);
    expect([ms.clientId, ms.tokenUrl]).toEqual([
      'ms-app',
      'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    ]);
    expect(() => oauthConfigFor(sourceRow('b', 'gdrive', {}), settings, REDIRECT)).toThrow(/Google client id/);
    const demo = oauthConfigFor(sourceRow('c', 'gdrive', { baseUrl: 'http://127.0.0.1:9/' }), settings, REDIRECT);
    expect([demo.authorizeUrl, demo.tokenUrl]).toEqual([
      'http://127.0.0.1:9/o/oauth2/v2/auth',
      'http://127.0.0.1:9/token',
    ]);
  });

  it('signs in, keeps tokens only in extension storage, and feeds the providers', async () => {
    const map = new Map<string, unknown>();
    const storage: KeyValueStorage = {
      get: async (k) => map.get(k),
      set: async (k, v) => void map.set(k, v),
      remove: async (k) => void map.delete(k),
    };
    const sources = [
      sourceRow('od', 'onedrive', { baseUrl: graph.url, demo: '1' }),
      sourceRow('gd', 'gdrive', { baseUrl: drive.url, demo: '1' }),
    ];
    const auth = createSourceAuth({
      getSource: async (id) => sources.find((s) => s.id === id),
      settings: async () => settings,
      fetch,
      storage,
      launch: followRedirect,
      redirectUri: () => REDIRECT,
    });
    await auth.signIn('onedrive', 'od');
    await auth.signIn('gdrive', 'gd');
    expect([...map.keys()].sort()).toEqual(['tokens:gd', 'tokens:od']);
    for (const source of sources) {
      const provider = await createProvider(source, { fetch, getAccessToken: auth.getAccessToken });
      expect((await provider.changes(null)).upserts.length).toBeGreaterThan(0);
    }
    await expect(auth.signIn('gdrive', 'od')).rejects.toThrow(/is onedrive/);
    await auth.saveAzureSecrets('blob', { sas: 'sv=x', accountKey: null });
    expect(await auth.getAzureSecrets(sourceRow('blob', 'azblob', {}))).toEqual({ sas: 'sv=x', accountKey: null });
    await auth.forget('od');
    await expect(auth.getAccessToken(sources[0] as SourceRow, { forceRefresh: false })).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });
});
