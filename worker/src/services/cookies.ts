import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Env } from '../env';

// Cookies are HttpOnly and SameSite=Lax everywhere. Over https they are also Secure and carry the __Host- prefix
// (no Domain, Path=/). Plain-http dev on 127.0.0.1 cannot set Secure cookies, so there the prefix and Secure are dropped.

export const isHttps = (env: Env) => env.PUBLIC_ORIGIN.startsWith('https://');
const name = (env: Env, base: string) => (isHttps(env) ? `__Host-${base}` : base);

export type CookieName = 'hyp_session' | 'hyp_login' | 'hyp_unlock';

export function readCookie(c: Context<AppEnv>, base: CookieName) {
  return getCookie(c, name(c.env, base));
}

export function writeCookie(c: Context<AppEnv>, base: CookieName, value: string, maxAgeSec: number) {
  setCookie(c, name(c.env, base), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c.env),
    maxAge: maxAgeSec,
  });
}

export function clearCookie(c: Context<AppEnv>, base: CookieName) {
  deleteCookie(c, name(c.env, base), { path: '/', secure: isHttps(c.env) });
}
