import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from '../../test/helpers';

type App = ReturnType<typeof testApp>['app'];
type Selection = { name: string; picks: string[]; limit: number | null; deadline: string | null; locked: boolean };
type Report = {
  settings: { enabled: boolean; limit: number | null; deadline: string | null };
  locked: boolean;
  clients: { id: string; name: string; picks: { itemId: string; fileName: string | null; sourceItemId: string }[] }[];
};

const HOUR = 3_600_000;
const CLIENT = 'x-proofing-client';

/** A photographer's gallery of `n` photos with file names, proofing on; returns what the tests need. */
async function gallery(app: App, now: number, proofing: { limit: number | null; hours: number | null }, n = 5) {
  const owner = await makeUser('Photographer');
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, owner, 'POST', '/api/collections', { title: 'Wedding of A & B', kind: 'static' }),
  );
  const items = Array.from({ length: n }, (_, i) => item(i, { fileName: `DSC_${String(i + 1).padStart(4, '0')}.NEF` }));
  await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items });
  const created = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {
      kind: 'gallery',
      expiresAt: new Date(now + 30 * 24 * HOUR).toISOString(),
      allowDownload: true,
    }),
  );
  const patched = await call(app, owner, 'PATCH', `/api/shares/${created.share.id}`, {
    proofing: {
      enabled: true,
      limit: proofing.limit,
      deadline: proofing.hours === null ? null : new Date(now + proofing.hours * HOUR).toISOString(),
    },
  });
  expect(patched.status).toBe(200);
  const page = await json<{ items: { id: string }[] }>(
    app.request(`/api/public/shares/${created.token}/items`, {}, env),
  );
  return { owner, col: col.id, token: created.token, shareId: created.share.id, ids: page.items.map((i) => i.id) };
}

const pub = (app: App, token: string, method: string, path: string, client?: string, body?: unknown) =>
  app.request(
    `/api/public/shares/${token}${path}`,
    {
      method,
      headers: { ...(client ? { [CLIENT]: client } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    env,
  );

async function start(app: App, token: string, name: string) {
  const res = await pub(app, token, 'POST', '/proofing/clients', undefined, { name });
  expect(res.status).toBe(201);
  return (await res.json()) as { clientToken: string; selection: Selection };
}

const report = (app: App, owner: TestUser, shareId: string) =>
  json<Report>(call(app, owner, 'GET', `/api/shares/${shareId}/proofing`));

describe('client proofing', () => {
  it('clients favourite up to the limit until the deadline; the photographer sees each client and exports the names', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: 2, hours: 48 });
    const share = await json<{ proofing: unknown }>(app.request(`/api/public/shares/${g.token}`, {}, env));
    expect(share.proofing).toEqual({ limit: 2, deadline: new Date(clock.now() + 48 * HOUR).toISOString() });

    const anna = await start(app, g.token, 'Anna');
    expect(anna.selection).toMatchObject({ name: 'Anna', picks: [], limit: 2, locked: false });
    const pick = (who: string, id: string) => pub(app, g.token, 'PUT', `/proofing/picks/${id}`, who);
    expect((await pick(anna.clientToken, g.ids[0]!)).status).toBe(200);
    expect((await pick(anna.clientToken, g.ids[0]!)).status).toBe(200); // again: no change, no refusal
    expect((await pick(anna.clientToken, g.ids[2]!)).status).toBe(200);
    const third = await pick(anna.clientToken, g.ids[3]!);
    expect(third.status).toBe(409);
    expect(await third.json()).toMatchObject({ error: { code: 'limit_reached' } });
    const swapped = await json<Selection>(pub(app, g.token, 'DELETE', `/proofing/picks/${g.ids[0]}`, anna.clientToken));
    expect(swapped.picks).toEqual([g.ids[2]]);
    expect(await json<Selection>(pick(anna.clientToken, g.ids[3]!))).toMatchObject({ picks: [g.ids[2], g.ids[3]] });

    const ben = await start(app, g.token, 'Ben');
    await pick(ben.clientToken, g.ids[3]!);
    // A returning client reads their own selection back with their token.
    expect(await json<Selection>(pub(app, g.token, 'GET', '/proofing', ben.clientToken))).toMatchObject({
      name: 'Ben',
      picks: [g.ids[3]],
    });

    const r = await report(app, g.owner, g.shareId);
    expect(r.settings).toMatchObject({ enabled: true, limit: 2 });
    expect(r.clients.map((c) => [c.name, c.picks.map((p) => p.fileName)])).toEqual([
      ['Anna', ['DSC_0003.NEF', 'DSC_0004.NEF']],
      ['Ben', ['DSC_0004.NEF']],
    ]);
    const txt = await call(app, g.owner, 'GET', `/api/shares/${g.shareId}/proofing/export`);
    expect(txt.headers.get('content-disposition')).toBe('attachment; filename="favourites.txt"');
    expect(await txt.text()).toBe('DSC_0003.NEF\nDSC_0004.NEF\n');
    const onlyBen = await call(
      app,
      g.owner,
      'GET',
      `/api/shares/${g.shareId}/proofing/export?format=lightroom&client=${r.clients[1]!.id}`,
    );
    expect(await onlyBen.text()).toBe('DSC_0004\n');
    const csv = await call(app, g.owner, 'GET', `/api/shares/${g.shareId}/proofing/export?format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual([
      'client,file,picked_at',
      `Anna,DSC_0003.NEF,${new Date(clock.now()).toISOString()}`,
    ]);

    clock.advance(48 * HOUR);
    for (const res of [
      await pick(ben.clientToken, g.ids[1]!),
      await pub(app, g.token, 'DELETE', `/proofing/picks/${g.ids[3]}`, ben.clientToken),
      await pub(app, g.token, 'POST', '/proofing/clients', undefined, { name: 'Late' }),
    ]) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'selection_locked' } });
    }
    expect(await json<Selection>(pub(app, g.token, 'GET', '/proofing', ben.clientToken))).toMatchObject({
      picks: [g.ids[3]],
      locked: true,
    });
    expect((await report(app, g.owner, g.shareId)).locked).toBe(true);
  });

  it('keeps file names from viewers: only the owner sees them', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: null, hours: null });
    const page = await app.request(`/api/public/shares/${g.token}/items`, {}, env);
    expect(await page.text()).not.toContain('DSC_');
    const own = await json<{ items: { fileName: string | null }[] }>(
      call(app, g.owner, 'GET', `/api/collections/${g.col}/items`),
    );
    expect(own.items[0]!.fileName).toBe('DSC_0001.NEF');
  });

  it('two taps at once cannot pass a limit of one', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: 1, hours: 1 });
    const anna = await start(app, g.token, 'Anna');
    const answers = await Promise.all(
      g.ids.map((id) => pub(app, g.token, 'PUT', `/proofing/picks/${id}`, anna.clientToken)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await json<Selection>(pub(app, g.token, 'GET', '/proofing', anna.clientToken))).picks).toHaveLength(1);
  });
});

describe('client proofing refuses bad input', () => {
  it('forged, missing or another gallery’s client tokens are refused', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: null, hours: 24 });
    const other = await gallery(app, clock.now(), { limit: null, hours: 24 });
    const theirs = await start(app, other.token, 'Mallory');
    const forged = 'A'.repeat(43);
    for (const token of [undefined, forged, theirs.clientToken, 'x'.repeat(101)]) {
      const res = await pub(app, g.token, 'PUT', `/proofing/picks/${g.ids[0]}`, token);
      expect(res.status, String(token)).toBe(token && token.length > 100 ? 400 : 401);
    }
    expect((await report(app, g.owner, g.shareId)).clients).toEqual([]);
  });

  it('refuses items of other collections, unknown items and unknown gallery tokens', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: null, hours: 24 });
    const other = await gallery(app, clock.now(), { limit: null, hours: 24 });
    const anna = await start(app, g.token, 'Anna');
    for (const id of [other.ids[0]!, 'no-such-item-000', '..%2F..%2Fetc', `${'z'.repeat(300)}`]) {
      const res = await pub(app, g.token, 'PUT', `/proofing/picks/${id}`, anna.clientToken);
      expect(res.status, id).toBe(404);
    }
    expect((await pub(app, 'A'.repeat(43), 'POST', '/proofing/clients', undefined, { name: 'X' })).status).toBe(404);
    expect((await pub(app, 'bad', 'GET', '/proofing', anna.clientToken)).status).toBe(404);
  });

  it('cleans hostile names and refuses empty, long or oversized ones', async () => {
    const { app, clock } = testApp();
    const g = await gallery(app, clock.now(), { limit: null, hours: 24 });
    const bidi = await start(app, g.token, 'Eve\u202Egpj.exe\u0000\n');
    expect(bidi.selection.name).toBe('Evegpj.exe');
    for (const body of [{ name: '' }, { name: ' \u200E ' }, { name: 'x'.repeat(61) }, { name: 'A', extra: 1 }]) {
      const res = await pub(app, g.token, 'POST', '/proofing/clients', undefined, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    const huge = await pub(app, g.token, 'POST', '/proofing/clients', undefined, { name: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    const broken = await pub(app, g.token, 'POST', '/proofing/clients', undefined, '{"name": ');
    expect(broken.status).toBe(400);
    const names = (await report(app, g.owner, g.shareId)).clients.map((c) => c.name);
    expect(names).toEqual(['Evegpj.exe']);
  });

  it('takes no favourites on a gallery without proofing, and proofing is for galleries with a future deadline', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1)] });
    const link = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {}),
    );
    const res = await pub(app, link.token, 'POST', '/proofing/clients', undefined, { name: 'Anna' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'proofing_off' } });
    const onLink = await call(app, owner, 'PATCH', `/api/shares/${link.share.id}`, { proofing: { enabled: true } });
    expect(await onLink.json()).toMatchObject({ error: { code: 'not_a_gallery' } });
    const g = await gallery(app, clock.now(), { limit: null, hours: 1 });
    const past = new Date(clock.now() - 1000).toISOString();
    for (const proofing of [{ enabled: true, deadline: past }, { enabled: true, limit: 0 }, { enabled: 'yes' }]) {
      const r = await call(app, g.owner, 'PATCH', `/api/shares/${g.shareId}`, { proofing });
      expect(r.status, JSON.stringify(proofing)).toBe(400);
    }
    expect((await call(app, g.owner, 'PATCH', `/api/shares/${g.shareId}`, {})).status).toBe(400);
    // Someone else's share is not found, like a missing one.
    const stranger = await makeUser('Stranger');
    expect((await call(app, stranger, 'GET', `/api/shares/${g.shareId}/proofing`)).status).toBe(404);
    expect((await call(app, stranger, 'GET', `/api/shares/${g.shareId}/proofing/export`)).status).toBe(404);
  });

  it('a passcode gallery takes favourites only with the passcode grant', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1)] });
    const s = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {
        kind: 'gallery',
        expiresAt: new Date(clock.now() + 24 * HOUR).toISOString(),
        passcode: 'correct horse',
      }),
    );
    await call(app, owner, 'PATCH', `/api/shares/${s.share.id}`, { proofing: { enabled: true } });
    const locked = await pub(app, s.token, 'POST', '/proofing/clients', undefined, { name: 'Anna' });
    expect(locked.status).toBe(401);
    const { unlockToken } = await json<{ unlockToken: string }>(
      pub(app, s.token, 'POST', '/unlock', undefined, { passcode: 'correct horse' }),
    );
    const res = await app.request(
      `/api/public/shares/${s.token}/proofing/clients`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-share-unlock': unlockToken },
        body: JSON.stringify({ name: 'Anna' }),
      },
      env,
    );
    expect(res.status).toBe(201);
  });
});
