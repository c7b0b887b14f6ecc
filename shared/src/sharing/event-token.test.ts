import { describe, expect, it } from 'vitest';
import { parseShareToToken } from './event-token';

const token = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo';

describe('parseShareToToken', () => {
  it('accepts a bare token, with surrounding spaces', () => {
    expect(parseShareToToken(`  ${token}\n`)).toEqual({ token, portalOrigin: null });
  });
  it.each([
    `https://share.example/e/${token}`,
    `https://share.example/e/${token}/?ref=qr#top`,
    `http://127.0.0.1:8787/e/${token}`,
  ])('accepts the event URL %s', (url) => {
    expect(parseShareToToken(url)?.token).toBe(token);
  });
  it.each([
    '',
    'hello',
    `https://share.example/s/${token}`,
    `https://share.example/e/${token}x`,
    `javascript:/e/${token}`,
    `${token.slice(0, 42)}`,
  ])('rejects %s', (input) => {
    expect(parseShareToToken(input)).toBeNull();
  });
});
