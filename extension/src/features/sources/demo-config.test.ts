import { describe, expect, it } from 'vitest';
import { demoSources, mergeDemoConfig } from './demo-config';

describe('demo config', () => {
  it('takes each URL from the first layer that has it', () => {
    expect(
      mergeDemoConfig({ graphUrl: 'http://127.0.0.1:1' }, null, {
        graphUrl: 'http://127.0.0.1:9',
        driveUrl: 'http://127.0.0.1:2',
        blobSasUrl: null,
      }),
    ).toEqual({
      graphUrl: 'http://127.0.0.1:1',
      graphBusinessUrl: null,
      driveUrl: 'http://127.0.0.1:2',
      blobSasUrl: null,
      blobAccountKey: null,
    });
  });
  it('offers one demo source per configured server, keeping the SAS apart from the container address', () => {
    const sources = demoSources({
      graphUrl: 'http://127.0.0.1:1/',
      graphBusinessUrl: 'http://127.0.0.1:4',
      driveUrl: null,
      blobSasUrl: 'http://127.0.0.1:3/devstoreaccount1/photos?sv=2024&sig=abc',
      blobAccountKey: null,
    });
    expect(sources).toEqual([
      { kind: 'onedrive', name: 'Demo OneDrive', config: { baseUrl: 'http://127.0.0.1:1', demo: '1' } },
      {
        kind: 'onedrive',
        name: 'Demo OneDrive for Business',
        config: { baseUrl: 'http://127.0.0.1:4', demo: '1' },
      },
      {
        kind: 'azblob',
        name: 'Demo Blob',
        config: { containerUrl: 'http://127.0.0.1:3/devstoreaccount1/photos', demo: '1' },
        sas: 'sv=2024&sig=abc',
      },
    ]);
  });
  it('the Demo Blob takes the account key when given, so its share links are per-blob read-only SAS', () => {
    const [blob] = demoSources({
      graphUrl: null,
      graphBusinessUrl: null,
      driveUrl: null,
      blobSasUrl: 'http://127.0.0.1:3/devstoreaccount1/photos?sv=2024&sp=rl&sig=abc',
      blobAccountKey: 'a2V5',
    });
    expect(blob).toMatchObject({ kind: 'azblob', sas: 'sv=2024&sp=rl&sig=abc', accountKey: 'a2V5' });
  });
});
