import { describe, expect, it } from 'vitest';
import { REVOKE_UNDO_MS } from '@hypomos/shared/api/shares';
import { call, json, makeUser, seedCollection, testApp } from '../../test/helpers';

describe('share links and direct shares', () => {
  it('lists, reads and revokes the owner’s share links', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 2);
    const a = await json<{ share: { id: string; status: string; hasPasscode: boolean } }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'abcd1234' }),
    );
    expect(a.share).toMatchObject({ status: 'active', hasPasscode: true });
    await call(app, owner, 'POST', `/api/collections/${col}/shares`, { title: 'Second' });
    const list = await json<{ shares: { id: string; title: string | null }[] }>(call(app, owner, 'GET', '/api/shares'));
    expect(list.shares).toHaveLength(2);
    expect(JSON.stringify(list)).not.toMatch(/token|passcode_hash|pbkdf2/i);
    expect(await json(call(app, owner, 'DELETE', `/api/shares/${a.share.id}`))).toMatchObject({ status: 'revoked' });
    expect(await json(call(app, owner, 'GET', `/api/shares/${a.share.id}`))).toMatchObject({ status: 'revoked' });
    const past = await call(app, owner, 'POST', `/api/collections/${col}/shares`, {
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
  });

  it('undoes a revocation within the undo window, and only then: the link works again, the same token', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner', clock.now());
    const col = await seedCollection(app, owner, 2);
    const created = await json<{ share: { id: string }; token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, {}),
    );
    const id = created.share.id;
    const publicRead = () => call(app, null, 'GET', `/api/public/shares/${created.token}`);
    expect((await publicRead()).status).toBe(200);
    await call(app, owner, 'DELETE', `/api/shares/${id}`);
    expect((await publicRead()).status).toBe(410);

    clock.advance(REVOKE_UNDO_MS - 1000);
    expect(await json(call(app, owner, 'POST', `/api/shares/${id}/restore`))).toMatchObject({ status: 'active' });
    expect((await publicRead()).status).toBe(200);

    await call(app, owner, 'DELETE', `/api/shares/${id}`);
    clock.advance(REVOKE_UNDO_MS + 1);
    const late = await call(app, owner, 'POST', `/api/shares/${id}/restore`);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'undo_expired' } });
    expect((await publicRead()).status).toBe(410);
    // An active link has nothing to undo.
    const other = await json<{ share: { id: string } }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    expect((await call(app, owner, 'POST', `/api/shares/${other.share.id}/restore`)).status).toBe(409);
  });

  it('sends a direct share to an account: pending in the inbox, readable once accepted, gone when declined or removed', async () => {
    const { app } = testApp();
    const owner = await makeUser('Mum');
    const kid = await makeUser('Kid');
    const col = await seedCollection(app, owner, 3, 'Grandma’s birthday');
    expect((await call(app, owner, 'POST', `/api/collections/${col}/recipients`, { email: owner.email })).status).toBe(
      400,
    );
    const r = await json<{ id: string; status: string; email: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/recipients`, { email: kid.email.toUpperCase() }),
    );
    expect(r).toMatchObject({ status: 'pending', email: kid.email.toLowerCase() });
    const inbox = await json<{
      entries: { id: string; title: string; ownerName: string; status: string; itemCount: number }[];
    }>(call(app, kid, 'GET', '/api/inbox'));
    expect(inbox.entries).toEqual([
      expect.objectContaining({
        id: r.id,
        title: 'Grandma’s birthday',
        ownerName: 'Mum',
        status: 'pending',
        itemCount: 3,
      }),
    ]);
    const early = await call(app, kid, 'GET', `/api/inbox/${r.id}/items`);
    expect(early.status).toBe(403);
    expect(await json(call(app, kid, 'POST', `/api/inbox/${r.id}/accept`))).toMatchObject({ status: 'accepted' });
    const items = await json<{ items: unknown[] }>(call(app, kid, 'GET', `/api/inbox/${r.id}/items`));
    expect(items.items).toHaveLength(3);
    await call(app, kid, 'POST', `/api/inbox/${r.id}/decline`);
    expect((await call(app, kid, 'GET', `/api/inbox/${r.id}/items`)).status).toBe(403);
    const recipients = await json<{ recipients: { id: string; status: string }[] }>(
      call(app, owner, 'GET', `/api/collections/${col}/recipients`),
    );
    expect(recipients.recipients).toMatchObject([{ id: r.id, status: 'declined' }]);
    expect((await call(app, owner, 'DELETE', `/api/collections/${col}/recipients/${r.id}`)).status).toBe(204);
    expect(await json(call(app, kid, 'GET', '/api/inbox'))).toEqual({ entries: [] });
  });

  it('answers the same whether or not the email has an account, and binds the invitation when that person signs up', async () => {
    const { app } = testApp();
    const owner = await makeUser('Mum');
    const kid = await makeUser('Kid');
    const col = await seedCollection(app, owner, 2, 'Picnic');
    const add = (email: string) => call(app, owner, 'POST', `/api/collections/${col}/recipients`, { email });
    const known = await add(kid.email);
    const laterEmail = `later-${crypto.randomUUID()}@example.org`;
    const unknown = await add(laterEmail);
    expect([known.status, unknown.status]).toEqual([201, 201]);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    const knownBody = await known.json<Record<string, unknown>>();
    const unknownBody = await unknown.json<Record<string, unknown>>();
    expect(shape(knownBody)).toEqual(shape(unknownBody));
    expect(JSON.stringify(knownBody)).not.toMatch(/Kid|userId/);
    const later = await makeUser('Later', Date.now(), laterEmail);
    const inbox = await json<{ entries: { id: string; title: string }[] }>(call(app, later, 'GET', '/api/inbox'));
    expect(inbox.entries).toEqual([expect.objectContaining({ id: unknownBody.id, title: 'Picnic' })]);
    expect(await json(call(app, later, 'POST', `/api/inbox/${unknownBody.id}/accept`))).toMatchObject({
      status: 'accepted',
    });
    expect((await call(app, kid, 'POST', `/api/inbox/${unknownBody.id}/accept`)).status).toBe(404);
  });
});
