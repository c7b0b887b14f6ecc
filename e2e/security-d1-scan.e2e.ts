import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_KEY } from '../dev-services/src/azurite';
import { REPO_ROOT } from '../dev-services/src/wrangler-dev';
import { pairInTab, putCollection, type ShareStack, startShareStack, waitShare } from './share-support';

// Security (issue 9): after a real end-to-end publish (extension → portal under wrangler dev, originals in the
// Graph/Drive contract servers and azurite), every table of the portal's D1 is scanned for the provider
// credentials the extension holds (OAuth access/refresh tokens, the container SAS signature, the account key)
// and for image bytes. D1 may hold only metadata and per-item delegated links.

type ChromeStorage = { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } };

/** Every string of at least 16 characters in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (v.length >= 16) out.push(v);
  } else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Runs the statements (`;`-separated) on the local D1; one result set per statement. */
async function d1(persistTo: string, sql: string): Promise<Record<string, unknown>[][]> {
  const { stdout } = await promisify(execFile)(
    `${REPO_ROOT}/worker/node_modules/.bin/wrangler`,
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[]).map((r) => r.results);
}

describe('security: D1 after an end-to-end publish', () => {
  let stack: ShareStack;
  beforeAll(async () => {
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('holds no provider token, SAS signature of the container, account key or image bytes', {
    timeout: 420_000,
  }, async () => {
    const all = Object.values(stack.sourceIds);
    await putCollection(stack.client, {
      id: 'everything',
      kind: 'dynamic',
      title: 'Everything',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: all },
    });
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'everything',
      kind: 'link',
      title: 'All',
    });
    // The demo sources hold the same photos, and a photo held in several clouds is shared once.
    const share = await waitShare(
      stack.client,
      shareId,
      (s) => !!s.url && !s.counts.pending && (s.counts.published ?? 0) + (s.counts.failed ?? 0) > 10,
      180_000,
    );
    expect(share.counts.published ?? 0).toBeGreaterThan(10);

    // The secrets as the extension holds them: OAuth tokens in its storage, the demo container's SAS, the key.
    const stored = await stack.client.page.evaluate(() =>
      (globalThis as unknown as ChromeStorage).chrome.storage.local.get(null),
    );
    const tokenish = Object.entries(stored)
      .filter(([k]) => /token|credential|secret|oauth/i.test(k))
      .flatMap(([, v]) => strings(v));
    const sig = new URL(stack.demo.config.blobSasUrl).searchParams.get('sig')!;
    const secrets = [...new Set([...tokenish, sig, encodeURIComponent(sig), DEV_KEY])];
    expect(tokenish.length, 'no OAuth tokens found in the extension to look for').toBeGreaterThanOrEqual(2);

    const persistTo = stack.portal.worker.persistTo;
    const [columns] = await d1(
      persistTo,
      "SELECT m.name AS tbl, p.name AS col, p.type AS type FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_cf_%' AND m.name <> 'd1_migrations'",
    );
    for (const c of columns!) expect(String(c.type).toUpperCase(), `${c.tbl}.${c.col}`).not.toBe('BLOB');
    const tables = [...new Set(columns!.map((c) => String(c.tbl)))];
    expect(tables).toEqual(expect.arrayContaining(['items', 'shares', 'sources', 'users', 'api_tokens']));
    const contents = await d1(persistTo, tables.map((t) => `SELECT * FROM "${t}"`).join('; '));
    let cells = 0;
    for (const [i, rows] of contents.entries()) {
      for (const row of rows) {
        for (const [k, v] of Object.entries(row)) {
          cells++;
          const where = `${tables[i]}.${k}`;
          const text = typeof v === 'string' ? v : JSON.stringify(v);
          for (const s of secrets) expect(text.includes(s), `${where} holds a provider credential`).toBe(false);
          expect(/^(\/9j\/|iVBORw0KGgo|\xff\xd8\xff|\x89PNG)/.test(text), `${where} holds image bytes`).toBe(false);
          expect(/access_token|refresh_token|AccountKey=/i.test(text), where).toBe(false);
        }
      }
    }
    // The published items are there, as links only.
    const [count] = await d1(persistTo, 'SELECT COUNT(*) AS n FROM items');
    expect(count![0]!.n).toBe(share.counts.published);
    expect(cells).toBeGreaterThan(100);
  });
});
