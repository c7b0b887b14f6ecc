import { describe, expect, it } from 'vitest';
import { isAllowedMediaUrl, MEDIA_HOSTS, mediaCspSources, providerOfUrl } from './media-hosts';

describe('media host allow-list', () => {
  it('accepts each provider its own delivery hosts, including the redirect targets', () => {
    expect(isAllowedMediaUrl('https://www.googleapis.com/drive/v3/files/X?alt=media&key=K', 'gdrive')).toBe(true);
    expect(isAllowedMediaUrl('https://drive.usercontent.google.com/download?id=X', 'gdrive')).toBe(true);
    expect(isAllowedMediaUrl('https://lh3.googleusercontent.com/abc=w400', 'gdrive')).toBe(true);
    expect(isAllowedMediaUrl('https://1drv.ms/i/c/abc/tok', 'onedrive')).toBe(true);
    expect(
      isAllowedMediaUrl(
        'https://my.microsoftpersonalcontent.com/personal/c1/_layouts/15/download.aspx?share=t',
        'onedrive',
      ),
    ).toBe(true);
    expect(
      isAllowedMediaUrl(
        'https://contoso-my.sharepoint.com/personal/u/_layouts/52/download.aspx?share=t',
        'onedrive-business',
      ),
    ).toBe(true);
    expect(isAllowedMediaUrl('https://acct.blob.core.windows.net/c/a.jpg?sv=1&sig=x', 'azblob')).toBe(true);
  });

  it("refuses another provider's hosts, look-alikes, bare suffix domains, http, ports and user info", () => {
    expect(isAllowedMediaUrl('https://acct.blob.core.windows.net/c/a.jpg', 'gdrive')).toBe(false);
    expect(isAllowedMediaUrl('https://evil-googleapis.com/x', 'gdrive')).toBe(false);
    expect(isAllowedMediaUrl('https://www.googleapis.com.evil.example/x', 'gdrive')).toBe(false);
    expect(isAllowedMediaUrl('https://blob.core.windows.net/x', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('https://acctblob.core.windows.net/x', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('http://acct.blob.core.windows.net/c/a.jpg', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('https://acct.blob.core.windows.net:8443/c/a.jpg', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('https://u:p@acct.blob.core.windows.net/c/a.jpg', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('not a url', 'azblob')).toBe(false);
    expect(isAllowedMediaUrl('http://127.0.0.1:8080/x', 'azblob')).toBe(false);
  });

  it('accepts dev sources only as configured, by scheme, host and port', () => {
    const policy = { devSources: ['http://127.0.0.1:*', 'http://localhost:10000'] };
    expect(isAllowedMediaUrl('http://127.0.0.1:4321/x', 'gdrive', policy)).toBe(true);
    expect(isAllowedMediaUrl('http://localhost:10000/x', 'azblob', policy)).toBe(true);
    expect(isAllowedMediaUrl('http://localhost:10001/x', 'azblob', policy)).toBe(false);
    expect(isAllowedMediaUrl('https://127.0.0.1:4321/x', 'gdrive', policy)).toBe(false);
    expect(isAllowedMediaUrl('http://10.0.0.1:80/x', 'gdrive', policy)).toBe(false);
  });

  it('names the provider of a URL and lists every host once for the CSP', () => {
    expect(providerOfUrl('https://contoso-my.sharepoint.com/x')).toBe('onedrive-business');
    expect(providerOfUrl('https://example.org/x')).toBeNull();
    const csp = mediaCspSources();
    expect(csp).toContain('https://drive.usercontent.google.com');
    expect(csp).toContain('https://my.microsoftpersonalcontent.com');
    expect(csp.length).toBe(new Set(Object.values(MEDIA_HOSTS).flat()).size);
  });
});
