import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountSasStringToSign, sasExpiry, serviceSas, serviceSasStringToSign } from './azure-sas';

const hmac = async (key: string, message: string) =>
  createHmac('sha256', Buffer.from(key, 'base64')).update(message).digest('base64');
const expiresAt = new Date('2030-01-02T03:04:05.678Z');

describe('Azure SAS string to sign', () => {
  it('follows the 2020-12-06+ service SAS layout (16 fields, blob resource path)', () => {
    const s = serviceSasStringToSign({
      account: 'acct',
      container: 'photos',
      blob: 'a/b.jpg',
      permissions: 'r',
      expiresAt,
    });
    const fields = s.split('\n');
    expect(fields).toHaveLength(16);
    expect(fields.slice(0, 4)).toEqual(['r', '', '2030-01-02T03:04:05Z', '/blob/acct/photos/a/b.jpg']);
    expect(fields[8]).toBe('b');
  });

  it('signs a container SAS with the key and writes se/sr/sp', async () => {
    const sas = new URLSearchParams(
      await serviceSas({ account: 'acct', container: 'photos', permissions: 'rl', expiresAt }, 'a2V5', hmac),
    );
    expect(sas.get('sr')).toBe('c');
    expect(sas.get('sp')).toBe('rl');
    expect(sas.get('sig')).toBe(
      await hmac(
        'a2V5',
        serviceSasStringToSign({ account: 'acct', container: 'photos', permissions: 'rl', expiresAt }),
      ),
    );
    expect(sasExpiry(sas.toString())).toBe(Date.parse('2030-01-02T03:04:05Z'));
  });

  it('ends the account SAS string with the extra newline the docs require', () => {
    const s = accountSasStringToSign({
      account: 'acct',
      permissions: 'rl',
      services: 'b',
      resourceTypes: 'co',
      expiresAt,
    });
    expect(s.endsWith('\n\n')).toBe(true);
    expect(s.split('\n')).toHaveLength(11);
  });
});
