import { describe, expect, it } from 'vitest';
import { decodeSharingToken, encodeSharingUrl, ONEDRIVE_PERSONAL_SHARES_API, sharedContentUrl } from './onedrive-share';

describe('OneDrive sharing URLs', () => {
  it('encodes the example URL of the Graph docs ("Encoding sharing URLs") as u! + unpadded base64url', () => {
    // The docs' sharing URL; its base64 has no padding or +/ characters, so only the prefix is added.
    expect(encodeSharingUrl('https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1')).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });

  it('drops = padding and maps / to _ and + to -', () => {
    // base64: …bS8/Y2lk…ExOTM=  (a '/' and one '=')
    expect(encodeSharingUrl('https://onedrive.live.com/?cid=B8E63FDC932EEE36&id=B8E63FDC932EEE36!193')).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS8_Y2lkPUI4RTYzRkRDOTMyRUVFMzYmaWQ9QjhFNjNGREM5MzJFRUUzNiExOTM',
    );
    // base64: …YW5+  (a '+')
    expect(encodeSharingUrl('https://1drv.ms/u/s!Ab~~')).toBe('u!aHR0cHM6Ly8xZHJ2Lm1zL3UvcyFBYn5-');
    // UTF-8 bytes, two '=' of padding: …L0VWfng/ZT3DvA==
    expect(encodeSharingUrl('https://1drv.ms/i/c/8f0e3d1a2b3c4d5e/EV~x?e=ü')).toBe(
      'u!aHR0cHM6Ly8xZHJ2Lm1zL2kvYy84ZjBlM2QxYTJiM2M0ZDVlL0VWfng_ZT3DvA',
    );
  });

  it('decodes a token back to the same URL', () => {
    for (const url of [
      'https://1drv.ms/u/s!Ab~~',
      'https://1drv.ms/i/c/8f0e3d1a2b3c4d5e/EV~x?e=ü',
      'http://127.0.0.1:8790/_share/abc-DEF_1',
    ]) {
      expect(decodeSharingToken(encodeSharingUrl(url))).toBe(url);
    }
  });

  it('refuses what is not a sharing URL or token, with a reason', () => {
    expect(() => encodeSharingUrl('not a url')).toThrow(/Not a sharing URL/);
    expect(() => encodeSharingUrl('javascript:alert(1)')).toThrow(/http\(s\)/);
    expect(() => decodeSharingToken('s!AkZv9Fh3b')).toThrow(/no u! prefix/);
    expect(() => decodeSharingToken('u!aGVsbG8=')).toThrow(/base64url/);
    expect(() => decodeSharingToken(`u!${btoa('ftp://x').replace(/=+$/, '')}`)).toThrow(/http\(s\)/);
  });

  it('builds the anonymous content URL of the shared root on api.onedrive.com, or on a configured API root', () => {
    expect(sharedContentUrl('https://1drv.ms/u/s!Ab~~')).toBe(
      `${ONEDRIVE_PERSONAL_SHARES_API}/shares/u!aHR0cHM6Ly8xZHJ2Lm1zL3UvcyFBYn5-/root/content`,
    );
    expect(sharedContentUrl('https://1drv.ms/u/s!Ab~~', 'http://127.0.0.1:9000/v1.0/')).toBe(
      'http://127.0.0.1:9000/v1.0/shares/u!aHR0cHM6Ly8xZHJ2Lm1zL3UvcyFBYn5-/root/content',
    );
  });
});
