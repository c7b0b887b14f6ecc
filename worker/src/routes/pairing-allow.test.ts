import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeUser, testApp } from '../../test/helpers';

// Issue 16, finding 6: pairing accepted any extension id, and the consent page did not name it.

const HTTPS = 'https://share.example.org';
const OURS = 'abcdefghijklmnopabcdefghijklmnop';
const FIREFOX = '0123456789abcdef0123456789abcdef01234567';
const STRANGER = 'ponmlkjihgfedcbaponmlkjihgfedcba';
const httpsEnv = { ...env, PUBLIC_ORIGIN: HTTPS, EXTENSION_IDS: `${OURS} ${FIREFOX}` };
const redirect = (id: string) => `https://${id}.chromiumapp.org/paired`;

describe('pairing only with the configured extensions (issue 16, finding 6)', () => {
  it('shows a listed extension by id on the consent page and refuses any other, in the page and on the post', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const cookie = `__Host-hyp_session=${user.session}`;
    const consent = (id: string) =>
      app.request(
        `${HTTPS}/auth/pair?redirect_uri=${encodeURIComponent(redirect(id))}&state=st-12345678`,
        { headers: { cookie } },
        httpsEnv,
      );
    const ours = await consent(OURS);
    expect(ours.status).toBe(200);
    expect(await ours.text()).toContain(`<code id="extension-id">${OURS}</code>`);
    const stranger = await consent(STRANGER);
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({ error: { code: 'unknown_extension' } });
    const post = await app.request(
      `${HTTPS}/auth/pair`,
      {
        method: 'POST',
        headers: { cookie, origin: HTTPS, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ redirect_uri: redirect(STRANGER), state: 'st-12345678', csrf: user.csrf }),
      },
      httpsEnv,
    );
    expect(post.status).toBe(400);
    const firefox = await app.request(
      `${HTTPS}/auth/pair?redirect_uri=${encodeURIComponent(`https://${FIREFOX}.extensions.allizom.org/`)}&state=st-12345678`,
      { headers: { cookie } },
      httpsEnv,
    );
    expect(firefox.status).toBe(200);
  });

  it('refuses every extension on an https portal that lists none', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const res = await app.request(
      `${HTTPS}/auth/pair?redirect_uri=${encodeURIComponent(redirect(OURS))}&state=st-12345678`,
      { headers: { cookie: `__Host-hyp_session=${user.session}` } },
      { ...env, PUBLIC_ORIGIN: HTTPS, EXTENSION_IDS: '' },
    );
    expect(res.status).toBe(400);
  });
});
