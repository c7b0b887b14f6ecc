import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../contract/http';
import type { Authority } from './authority';

/**
 * Serves an Authority's authorize and token endpoints at the documented paths:
 * Microsoft `/{tenant}/oauth2/v2.0/authorize|token`, Google `/o/oauth2/v2/auth` and `/token`.
 * Returns false when the path is not an identity endpoint.
 */
export async function handleIdentity(
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const ms = /^\/(common|consumers|organizations|[0-9a-f-]{36})\/oauth2\/v2\.0\/(authorize|token)$/.exec(url.pathname);
  const google = url.pathname === '/o/oauth2/v2/auth' ? 'authorize' : url.pathname === '/token' ? 'token' : null;
  // Each server answers only its own identity platform's paths.
  const endpoint = authority.flavor === 'microsoft' ? ms?.[2] : google;
  if (!endpoint) return false;
  if (endpoint === 'authorize') {
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'invalid_request', error_description: 'use GET' });
      return true;
    }
    const answer = authority.authorize(url.searchParams);
    if ('redirect' in answer) {
      res.writeHead(302, { Location: answer.redirect, 'Cache-Control': 'no-store' });
      res.end();
    } else sendJson(res, answer.status, answer.body);
    return true;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' });
    return true;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/x-www-form-urlencoded') {
    sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'Content-Type must be application/x-www-form-urlencoded',
    });
    return true;
  }
  const answer = authority.token(new URLSearchParams((await readBody(req)).toString('utf8')));
  sendJson(res, answer.status, answer.body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  return true;
}
