import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromExtensionPage, MessageError, MessageRouter } from './router';

const own = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

function router() {
  return new MessageRouter(own).on(
    'echo',
    z.object({ type: z.literal('echo'), n: z.number().int() }),
    fromExtensionPage,
    async (m) => {
      if (m.n < 0) throw new MessageError('bad_request', 'n must not be negative');
      if (m.n === 13) throw new Error('unlucky');
      return m.n * 2;
    },
  );
}

describe('MessageRouter', () => {
  it('answers a valid message from an allowed sender', async () => {
    expect(await router().dispatch({ type: 'echo', n: 21 }, popup)).toEqual({ ok: true, value: 42 });
  });
  it('refuses other senders: another extension, a web page frame, a look-alike origin', async () => {
    for (const sender of [
      { id: 'other', url: 'chrome-extension://other/popup.html' },
      { id: 'ext-id', url: 'https://drive.google.com/drive/my-drive', tab: { id: 1 } },
      { id: 'ext-id', url: 'chrome-extension://ext-id.evil/popup.html' },
      {},
    ]) {
      expect(await router().dispatch({ type: 'echo', n: 1 }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });
  it('rejects malformed messages with the failing field named', async () => {
    const reply = await router().dispatch({ type: 'echo', n: '1' }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!reply.ok && reply.error.message).toContain('n:');
  });
  it('answers unknown types and handler errors in the one error shape', async () => {
    expect(await router().dispatch({ type: 'nope' }, popup)).toMatchObject({
      ok: false,
      error: { code: 'unknown_type' },
    });
    expect(await router().dispatch('echo', popup)).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    expect(await router().dispatch({ type: 'echo', n: -1 }, popup)).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'n must not be negative' },
    });
    expect(await router().dispatch({ type: 'echo', n: 13 }, popup)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'unlucky' },
    });
  });
  it('leaves unknown types to other runtime listeners', () => {
    const sent: unknown[] = [];
    const listener = router().listener();
    expect(listener({ type: 'someone-else' }, popup, (r) => sent.push(r))).toBe(false);
    expect(listener({ type: 'echo', n: 1 }, popup, (r) => sent.push(r))).toBe(true);
  });
});
