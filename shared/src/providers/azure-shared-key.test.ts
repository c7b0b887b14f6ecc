import { describe, expect, it } from 'vitest';
import { sharedKeyStringToSign } from './azure-shared-key';

describe('Shared Key string to sign', () => {
  it('lays out the 2015-02-21+ fields, canonical x-ms-* headers and the resource with sorted query parameters', () => {
    const s = sharedKeyStringToSign({
      method: 'PUT',
      url: 'http://127.0.0.1:10000/devstoreaccount1/photos?restype=container&comp=acl',
      account: 'devstoreaccount1',
      body: '<a>é</a>',
      contentType: 'application/xml',
      msHeaders: { 'X-Ms-Blob-Public-Access': ' blob ' },
      date: new Date('2026-12-03T08:00:00Z'),
    });
    expect(s.split('\n')).toEqual([
      'PUT',
      '',
      '',
      '9', // UTF-8 bytes, not characters
      '',
      'application/xml',
      '',
      '',
      '',
      '',
      '',
      '',
      'x-ms-blob-public-access:blob',
      'x-ms-date:Thu, 03 Dec 2026 08:00:00 GMT',
      'x-ms-version:2025-05-05',
      '/devstoreaccount1/devstoreaccount1/photos',
      'comp:acl',
      'restype:container',
    ]);
  });

  it('leaves Content-Length empty for a request without a body', () => {
    const s = sharedKeyStringToSign({
      method: 'GET',
      url: 'https://acct.blob.core.windows.net/?restype=service&comp=properties',
      account: 'acct',
      date: new Date(0),
    });
    expect(s.split('\n')[3]).toBe('');
    expect(s.endsWith('/acct/\ncomp:properties\nrestype:service')).toBe(true);
  });
});
