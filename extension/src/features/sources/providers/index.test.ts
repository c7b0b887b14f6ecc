import { type DemoSources, startDemoSources } from '@hypomos/dev-services/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../db/rows';
import { DemoConfig, demoSources } from '../demo-config';
import { createProvider } from './index';

// The factory on the sources the demo build connects (features/sources/demo-config), against the
// running demo servers: one page from each proves base URLs, credentials and paths line up.
let demo: DemoSources;
let rows: SourceRow[];
/** The demo Blob's SAS: a credential, kept out of the source row (sources/auth stores it). */
let blobSas: string | null = null;

beforeAll(async () => {
  demo = await startDemoSources();
  const specs = demoSources(DemoConfig.parse(demo.config));
  blobSas = specs.find((s) => s.kind === 'azblob')?.sas ?? null;
  rows = specs.map(({ sas: _sas, ...s }, i) => ({
    ...s,
    id: `${s.kind}-${i}`,
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  }));
}, 60_000);
afterAll(() => demo?.close());

describe('createProvider', () => {
  it('builds a working provider for every demo source', async () => {
    const tokens = {
      onedrive: demo.graph.authority.issueAccessToken(),
      gdrive: demo.drive.authority.issueAccessToken(),
    } as Record<string, string>;
    const kinds: string[] = [];
    for (const row of rows) {
      const provider = await createProvider(row, {
        fetch,
        getAccessToken: async (source) => tokens[source.kind] ?? '',
        getAzureSecrets: async () => ({ sas: blobSas }),
      });
      let cursor: string | null = null;
      let count = 0;
      for (;;) {
        const page = await provider.changes(cursor);
        count += page.upserts.length;
        cursor = page.cursor;
        if (page.done) break;
      }
      expect(count, row.kind).toBe(14);
      kinds.push(provider.kind);
    }
    expect(kinds.sort()).toEqual(['azblob', 'gdrive', 'onedrive']);
  });

  it('says clearly what is missing', async () => {
    const base = {
      id: 'x',
      name: 'x',
      createdAt: 0,
      visionOptIn: false,
      autoTagFolders: false,
      ignoredFolderNames: [],
    };
    await expect(createProvider({ ...base, kind: 'azblob', config: {} }, { fetch })).rejects.toThrow(/containerUrl/);
    await expect(createProvider({ ...base, kind: 'local', config: {} }, { fetch })).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });
});
