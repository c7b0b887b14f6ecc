import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProtocol, fromExtensionPage, MessageRouter } from '../../messages';
import { fromOwnContentScript } from './senders';

const own = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
const tab = { id: 7 };

describe('sender checks', () => {
  it('accepts our content scripts on Drive, OneDrive and SharePoint only', () => {
    for (const url of [
      'https://drive.google.com/drive/my-drive',
      'https://onedrive.live.com/?id=root',
      'https://contoso-my.sharepoint.com/personal/a_b/Documents',
    ]) {
      expect(fromOwnContentScript({ id: own.id, url, tab }, own)).toBe(true);
    }
  });

  it('refuses other hosts, look-alikes, plain http, other extensions and senders without a tab', () => {
    const refused = [
      { id: own.id, url: 'https://drive.google.com.evil.example/', tab },
      { id: own.id, url: 'https://evil-drive.google.com/', tab },
      { id: own.id, url: 'https://sharepoint.com/', tab },
      { id: own.id, url: 'https://contoso.sharepoint.com/sites/team/Documents', tab },
      { id: own.id, url: 'https://example.com/?drive.google.com', tab },
      { id: own.id, url: 'http://drive.google.com/', tab },
      { id: 'someone-else', url: 'https://drive.google.com/', tab },
      { id: own.id, url: 'https://drive.google.com/' },
      { id: own.id, url: 'not a url', tab },
      { id: own.id, tab },
    ];
    for (const sender of refused) expect(fromOwnContentScript(sender, own)).toBe(false);
  });

  it('accepts our own pages and refuses content scripts for page-only messages', () => {
    expect(fromExtensionPage({ id: own.id, url: `${own.origin}/dashboard.html#/sources` }, own)).toBe(true);
    expect(fromExtensionPage({ id: own.id, url: 'https://drive.google.com/', tab }, own)).toBe(false);
  });

  it('the router answers forbidden before parsing or handling', async () => {
    let handled = 0;
    const protocol = defineProtocol({
      'sources.sync': {
        request: z.object({ type: z.literal('sources.sync') }),
        reply: z.number(),
        allow: fromExtensionPage,
      },
    });
    const router = new MessageRouter(own).register(protocol, { 'sources.sync': async () => ++handled });
    const reply = await router.dispatch(
      { type: 'sources.sync' },
      { id: own.id, url: 'https://onedrive.live.com/', tab },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handled).toBe(0);
  });
});
