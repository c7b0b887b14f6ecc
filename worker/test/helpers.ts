import { env } from 'cloudflare:workers';
import type { PublishItemInput } from '@hypomos/shared/api/collections';
import { createApp } from '../src/app';
import type { Deps } from '../src/deps';
import { repositories } from '../src/repositories';

/** A test clock the tests move by hand, so expiry is checked without waiting. */
export function testClock(start = Date.parse('2026-06-01T12:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}

export const ORIGIN = env.PUBLIC_ORIGIN;
const HIGH = { limit: 1_000_000, windowMs: 60_000 };

export function testApp(over: Partial<Deps> = {}) {
  const clock = testClock();
  const deps: Deps = {
    now: clock.now,
    fetch: () => Promise.reject(new Error('no network in this test')),
    rateLimits: { token: HIGH, signin: HIGH, feedback: HIGH },
    ...over,
  };
  const app = createApp(deps);
  return { app, clock, deps };
}

export interface TestUser {
  id: string;
  name: string;
  email: string;
  bearer: string;
  session: string;
  csrf: string;
}

let seq = 0;
/** A signed-up user with an API token and a browser session, made through the same repositories sign-in uses. */
export async function makeUser(name: string, now = Date.now(), chosenEmail?: string): Promise<TestUser> {
  const repos = repositories(env.DB);
  seq++;
  const email = chosenEmail ?? `${name.toLowerCase()}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const user = await repos.accounts.upsertIdentity(
    'https://issuer.test',
    `${name}-${seq}-${email}`,
    { displayName: name, email },
    null,
    now,
  );
  const { token } = await repos.accounts.issueApiToken(user.id, 'test', now);
  const session = await repos.accounts.createSession(user.id, now);
  return { id: user.id, name, email: user.email!, bearer: token, session: session.token, csrf: session.csrfToken };
}

type App = ReturnType<typeof createApp>;
export type Who = TestUser | null;

/** Calls the app as a user (Bearer), anonymously (null), or with an extra header set. */
export async function call(
  app: App,
  who: Who,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const h: Record<string, string> = { ...headers };
  if (who) h.authorization = `Bearer ${who.bearer}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  return app.request(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) }, env);
}

export async function json<T = Record<string, unknown>>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

export function item(i: number, over: Partial<PublishItemInput> = {}): PublishItemInput {
  return {
    sourceId: 'od1',
    sourceItemId: `item-${i}`,
    mediaType: 'image',
    mimeType: 'image/jpeg',
    capturedAt: new Date(Date.parse('2024-07-01T00:00:00Z') + i * 60_000).toISOString(),
    width: 4000,
    height: 3000,
    blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
    placeLabel: 'Florence, Italy',
    originalUrl: `https://contoso-my.sharepoint.com/personal/o/_layouts/15/download.aspx?share=${i}`,
    thumbnailUrl: `https://contoso-my.sharepoint.com/thumb/${i}`,
    contentHash: `sha256-${i}`,
    ...over,
  };
}

/** Registers a source and a collection with `n` items; returns the collection id. */
export async function seedCollection(app: App, owner: TestUser, n: number, title = 'Italy 2024'): Promise<string> {
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, owner, 'POST', '/api/collections', { title, kind: 'static', filterSummary: null }),
  );
  for (let start = 0; start < n; start += 500) {
    const batch = Array.from({ length: Math.min(500, n - start) }, (_, k) => item(start + k));
    const res = await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: batch });
    if (res.status !== 200) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
  }
  return col.id;
}
