import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { repositories } from '../src/repositories';
import { call, json, makeUser, ORIGIN, testApp } from './helpers';

// Issue 16, finding 6: logout ended only the current session, API tokens never expired, and signing in again left
// the old session alive.

const DAY = 86_400_000;
const asSession = (token: string, csrf?: string) => ({
  cookie: `hyp_session=${token}`,
  ...(csrf ? { origin: ORIGIN, 'x-csrf-token': csrf } : {}),
});

describe('sessions and API tokens (issue 16, finding 6)', () => {
  it('"sign out everywhere" ends every browser session of the account, and only its own', async () => {
    const { app, clock } = testApp();
    const me = await makeUser('Me', clock.now());
    const other = await makeUser('Other', clock.now());
    const second = await repositories(env.DB).accounts.createSession(me.id, clock.now());
    const status = async (token: string) => (await app.request('/api/me', { headers: asSession(token) }, env)).status;
    expect(await status(second.token)).toBe(200);
    const out = await app.request(
      '/auth/logout-everywhere',
      { method: 'POST', headers: asSession(me.session, me.csrf) },
      env,
    );
    expect(out.status).toBe(204);
    expect(await status(me.session)).toBe(401);
    expect(await status(second.token)).toBe(401);
    expect(await status(other.session)).toBe(200);
  });

  it('API tokens expire 90 days after their last use; use keeps them alive', async () => {
    const { app, clock } = testApp();
    const user = await makeUser('Extension user', clock.now());
    const tokens = await json<{ tokens: { expiresAt: string }[] }>(call(app, user, 'GET', '/api/tokens'));
    expect(Date.parse(tokens.tokens[0]!.expiresAt)).toBe(clock.now() + 90 * DAY);
    clock.advance(89 * DAY);
    expect((await call(app, user, 'GET', '/api/me')).status).toBe(200);
    clock.advance(89 * DAY);
    expect((await call(app, user, 'GET', '/api/me')).status).toBe(200);
    clock.advance(90 * DAY);
    const expired = await call(app, user, 'GET', '/api/me');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });
});
