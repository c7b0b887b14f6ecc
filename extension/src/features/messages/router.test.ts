import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createAsk,
  defineProtocol,
  fromExtensionPage,
  MessageError,
  type MessageSender,
  MessageRouter,
  mergeProtocols,
} from './router';

const own = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

const echoProtocol = defineProtocol({
  'test.echo': {
    request: z.object({ type: z.literal('test.echo'), n: z.number().int(), times: z.number().int().default(2) }),
    reply: z.object({ n: z.number() }),
    allow: fromExtensionPage,
  },
  'test.ping': {
    request: z.object({ type: z.literal('test.ping') }),
    reply: z.literal('pong'),
    allow: fromExtensionPage,
  },
});

function router() {
  return new MessageRouter(own).register(echoProtocol, {
    'test.echo': async (m) => {
      if (m.n < 0) throw new MessageError('bad_request', 'n must not be negative');
      if (m.n === 13) throw new Error('unlucky');
      // A handler that breaks its reply schema: the caller gets an error, not a wrong shape.
      if (m.n === 7) return { n: 'seven' } as never;
      return { n: m.n * m.times };
    },
    'test.ping': async () => 'pong' as const,
  });
}

/** `ask` wired straight to a router, as runtime.sendMessage does between a page and the background. */
const askVia = (r: MessageRouter, sender: MessageSender = popup) =>
  createAsk(echoProtocol, (message) => r.dispatch(structuredClone(message), sender));

describe('MessageRouter', () => {
  it('answers a valid message from an allowed sender, defaults applied', async () => {
    expect(await router().dispatch({ type: 'test.echo', n: 21 }, popup)).toEqual({ ok: true, value: { n: 42 } });
  });
  it('refuses other senders: another extension, a web page frame, a look-alike origin', async () => {
    for (const sender of [
      { id: 'other', url: 'chrome-extension://other/popup.html' },
      { id: 'ext-id', url: 'https://drive.google.com/drive/my-drive', tab: { id: 1 } },
      { id: 'ext-id', url: 'chrome-extension://ext-id.evil/popup.html' },
      {},
    ]) {
      expect(await router().dispatch({ type: 'test.echo', n: 1 }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });
  it('rejects malformed messages with the failing field named', async () => {
    const reply = await router().dispatch({ type: 'test.echo', n: '1' }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!reply.ok && reply.error.message).toContain('n:');
  });
  it('answers unknown types, handler errors and broken replies in the one error shape', async () => {
    expect(await router().dispatch({ type: 'nope' }, popup)).toMatchObject({
      ok: false,
      error: { code: 'unknown_type' },
    });
    expect(await router().dispatch('test.echo', popup)).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    expect(await router().dispatch({ type: 'test.echo', n: -1 }, popup)).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'n must not be negative' },
    });
    expect(await router().dispatch({ type: 'test.echo', n: 13 }, popup)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'unlucky' },
    });
    const broken = await router().dispatch({ type: 'test.echo', n: 7 }, popup);
    expect(broken).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(!broken.ok && broken.error.message).toContain('reply schema');
  });
  it('leaves unknown types to other runtime listeners', () => {
    const sent: unknown[] = [];
    const listener = router().listener();
    expect(listener({ type: 'someone-else' }, popup, (r) => sent.push(r))).toBe(false);
    expect(listener({ type: 'test.echo', n: 1 }, popup, (r) => sent.push(r))).toBe(true);
  });
  it('refuses a type registered twice, and a protocol map that claims a type twice', () => {
    expect(() =>
      router().register(echoProtocol, {
        'test.echo': async () => ({ n: 1 }),
        'test.ping': async () => 'pong' as const,
      }),
    ).toThrow(/twice/);
    expect(() => mergeProtocols(echoProtocol, echoProtocol)).toThrow(/test.echo defined twice/);
  });
});

describe('ask', () => {
  it('sends { type, ...body } and resolves to the typed reply', async () => {
    const ask = askVia(router());
    const reply: { n: number } = await ask('test.echo', { n: 5, times: 3 });
    expect(reply).toEqual({ n: 15 });
    expect(await ask('test.ping')).toBe('pong');
  });
  it('throws every failure as a MessageError with the router code', async () => {
    const ask = askVia(router());
    const caught = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e,
      );
    // A bad body is refused before it leaves the page.
    let sent = 0;
    const counting = createAsk(echoProtocol, async () => {
      sent++;
      return undefined;
    });
    const bad = await caught(counting('test.echo', { n: 1.5 }));
    expect(bad).toBeInstanceOf(MessageError);
    expect(bad).toMatchObject({ code: 'bad_request' });
    expect(sent).toBe(0);
    expect(await caught(ask('test.echo', { n: 13 }))).toMatchObject({ code: 'failed', message: 'unlucky' });
    expect(await caught(ask('test.echo', { n: -2 }))).toMatchObject({ code: 'bad_request' });
    expect(await caught(askVia(router(), {})('test.ping'))).toMatchObject({ code: 'forbidden' });
    expect(await caught(ask('test.nope' as 'test.ping'))).toMatchObject({ code: 'unknown_type' });
    // No listener answered (the background was not there): still one shape.
    expect(await caught(counting('test.ping'))).toMatchObject({ code: 'failed' });
  });
});
