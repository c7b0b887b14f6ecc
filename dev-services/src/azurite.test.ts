import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, startAzurite } from './azurite';

let azurite: Azurite;
let container: AzuriteContainer;

beforeAll(async () => {
  azurite = await startAzurite();
  container = await azurite.createContainer('strict');
  await container.upload('a/b.jpg', Buffer.from('0123456789'), 'image/jpeg');
}, 60_000);
afterAll(() => azurite?.close());

describe('azurite launcher', () => {
  it('serves blobs only with a valid SAS signed by the account key', async () => {
    const sas = await container.sas('r', new Date(Date.now() + 600_000));
    expect((await fetch(`${container.url}/a/b.jpg?${sas}`)).status).toBe(200);
    expect((await fetch(`${container.url}/a/b.jpg`)).status).toBe(403);
    const tampered = sas.replace(/sp=r/, 'sp=rl');
    expect((await fetch(`${container.url}/a/b.jpg?${tampered}`)).status).toBe(403);
  });

  it('answers CORS preflights from another origin (extension pages, viewer)', async () => {
    const res = await fetch(`${container.url}/a/b.jpg`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://viewer.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'range',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://viewer.example');
  });
});
