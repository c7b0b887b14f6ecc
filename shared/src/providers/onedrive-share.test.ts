import { describe, expect, it } from 'vitest';
import {
  businessDownloadUrl,
  decodeSharingToken,
  embedSource,
  encodeSharingUrl,
  personalDownloadUrl,
} from './onedrive-share';

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

  it('builds the download.aspx form of a new-format personal link on my.microsoftpersonalcontent.com (or a configured host)', () => {
    expect(personalDownloadUrl('https://1drv.ms/i/c/8F0E3D1A2B3C4D5E/EVxTok-en_1?e=AbC12')).toBe(
      'https://my.microsoftpersonalcontent.com/personal/8f0e3d1a2b3c4d5e/_layouts/15/download.aspx?share=EVxTok-en_1',
    );
    expect(personalDownloadUrl('http://127.0.0.1:9000/u/c/abc123/Tok?e=x', 'http://127.0.0.2:9000/')).toBe(
      'http://127.0.0.2:9000/personal/abc123/_layouts/15/download.aspx?share=Tok',
    );
    // Old-format links carry no cid/token pair.
    expect(() => personalDownloadUrl('https://1drv.ms/u/s!Ab~~')).toThrow(/new-format/);
  });

  it('builds the bytes URL of a Business "Anyone" link: download.aspx on its host, else download=1 (rclone PR #2626)', () => {
    expect(
      businessDownloadUrl('https://contoso-my.sharepoint.com/:i:/g/personal/adele_contoso_com/EQ_tok-1?e=Zz'),
    ).toBe('https://contoso-my.sharepoint.com/personal/adele_contoso_com/_layouts/52/download.aspx?share=EQ_tok-1');
    expect(businessDownloadUrl('https://contoso.sharepoint.com/sites/x/Shared%20Documents/a.jpg?e=1')).toBe(
      'https://contoso.sharepoint.com/sites/x/Shared%20Documents/a.jpg?e=1&download=1',
    );
  });

  it("takes an embed link's IFRAME src (the docs' webHtml), or webUrl when there is none", () => {
    const src = 'https://onedrive.live.com/embed?cid=123ABC&resid=123ABC%21123&authkey=!ABC123';
    expect(
      embedSource({
        webUrl: 'https://onedrive.live.com/redir?cid=123ABC',
        webHtml: `<IFRAME src="${src.replace(/&/g, '&amp;')}" width="400" height="300" frameborder="0" scrolling="no"></IFRAME>`,
      }),
    ).toBe(src);
    expect(embedSource({ webUrl: src })).toBe(src);
  });
});
