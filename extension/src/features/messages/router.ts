import type { z } from 'zod';

/** What the browser tells a listener about who sent a runtime message (a subset of runtime.MessageSender). */
export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** Decides whether a sender may send a given message type. `ownId` is runtime.id, `ownOrigin` the extension's origin. */
export type SenderPolicy = (sender: MessageSender, own: { id: string; origin: string }) => boolean;

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type ErrorCode = 'bad_request' | 'forbidden' | 'unknown_type' | 'failed';

/** A typed error a handler throws to answer with a clear message instead of 'failed'. */
export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/** One message type: the request on the wire (with its `type` literal), the reply, and who may send it. */
export interface MessageSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  reply: Res;
  allow: SenderPolicy;
}

/** A feature's messages by type. Types carry the feature's prefix (`sharing.`, `sources.`, …). */
export type Protocol = Record<string, MessageSpec>;

/** Checks a feature's map at compile time: each request schema's `type` literal is its key. */
export function defineProtocol<const P extends Protocol>(
  protocol: P & { [K in keyof P]: MessageSpec<z.ZodType<{ type: K }>, z.ZodType> },
): P {
  return protocol;
}

/** One map of every feature's messages; a type claimed by two features is a bug caught at start. */
export function mergeProtocols<const Ps extends Protocol[]>(...protocols: Ps): UnionToIntersection<Ps[number]> {
  const merged: Protocol = {};
  for (const protocol of protocols)
    for (const [type, spec] of Object.entries(protocol)) {
      if (type in merged) throw new Error(`message type ${type} defined twice`);
      merged[type] = spec;
    }
  return merged as UnionToIntersection<Ps[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** What a caller passes for a message type: the request without its `type`. */
export type Body<P extends Protocol, K extends keyof P> = Omit<z.input<P[K]['request']>, 'type'>;
/** What the handler receives: the parsed request, defaults applied. */
export type Request<P extends Protocol, K extends keyof P> = z.output<P[K]['request']>;
export type ReplyOf<P extends Protocol, K extends keyof P> = z.output<P[K]['reply']>;

export type Handlers<P extends Protocol> = {
  [K in keyof P]: (message: Request<P, K>, sender: MessageSender) => Promise<z.input<P[K]['reply']>>;
};

interface Route {
  spec: MessageSpec;
  handle: (message: unknown, sender: MessageSender) => Promise<unknown>;
}

const describe = (issues: z.core.$ZodIssue[], fallback: string) =>
  issues.map((i) => `${i.path.join('.') || fallback}: ${i.message}`).join('; ');

/**
 * Routes runtime messages by their `type` to one handler each. Every message is parsed with its request
 * schema and checked against its sender policy before the handler runs, every answer is checked against its
 * reply schema, and every answer has one shape (`Reply`).
 */
export class MessageRouter {
  private readonly routes = new Map<string, Route>();

  constructor(private readonly own: { id: string; origin: string }) {}

  /** Registers a feature's handlers, one per message type of its protocol (the compiler checks none is missing). */
  register<P extends Protocol>(protocol: P, handlers: Handlers<P>): this {
    for (const type of Object.keys(protocol)) {
      if (this.routes.has(type)) throw new Error(`message type ${type} registered twice`);
      const handle = handlers[type as keyof P] as Route['handle'];
      this.routes.set(type, { spec: protocol[type]!, handle });
    }
    return this;
  }

  has(type: string): boolean {
    return this.routes.has(type);
  }

  async dispatch(raw: unknown, sender: MessageSender): Promise<Reply> {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? (raw as { type: unknown }).type : undefined;
    const route = typeof type === 'string' ? this.routes.get(type) : undefined;
    if (!route) return fail('unknown_type', `unknown message type ${String(type)}`);
    if (!route.spec.allow(sender, this.own)) return fail('forbidden', `${type} is not accepted from this sender`);
    const parsed = route.spec.request.safeParse(raw);
    if (!parsed.success) return fail('bad_request', describe(parsed.error.issues, String(type)));
    let value: unknown;
    try {
      value = await route.handle(parsed.data, sender);
    } catch (error) {
      if (error instanceof MessageError) return fail(error.code, error.message);
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
    // A handler answering outside its reply schema is our bug: callers get it as an error, not a wrong shape.
    const reply = route.spec.reply.safeParse(value);
    if (!reply.success)
      return fail('failed', `${type} answered outside its reply schema: ${describe(reply.error.issues, 'reply')}`);
    return { ok: true, value: reply.data };
  }

  /**
   * Listener for runtime.onMessage. Answers through sendResponse (Chrome's MV3 listener contract);
   * types this router does not know are left to other listeners.
   */
  listener() {
    return (raw: unknown, sender: MessageSender, sendResponse: (reply: Reply) => void): boolean => {
      const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
      if (typeof type !== 'string' || !this.routes.has(type)) return false;
      void this.dispatch(raw, sender).then(sendResponse);
      return true;
    };
  }
}

const fail = (code: ErrorCode, message: string): Reply => ({ ok: false, error: { code, message } });

/** Our own extension pages (popup, dashboard, options): same extension id and our own origin. */
export const fromExtensionPage: SenderPolicy = (sender, own) =>
  sender.id === own.id && typeof sender.url === 'string' && sender.url.startsWith(`${own.origin}/`);

/** Unwraps a Reply, throwing its error (for callers in the popup and content scripts). */
export function unwrap<T>(reply: Reply<T> | undefined): T {
  if (!reply) throw new MessageError('failed', 'no answer from the extension');
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.value;
}

/**
 * The one way to send a message: `ask(type, body)` checks the body against the request schema before it
 * leaves, sends `{ type, ...body }` through `send`, and unwraps the reply (throwing MessageError).
 */
export function createAsk<P extends Protocol>(protocol: P, send: (message: unknown) => Promise<unknown>) {
  return async <K extends keyof P & string>(
    type: K,
    ...[body]: Record<string, never> extends Body<P, K> ? [body?: Body<P, K>] : [body: Body<P, K>]
  ): Promise<ReplyOf<P, K>> => {
    const spec = protocol[type];
    if (!spec) throw new MessageError('unknown_type', `unknown message type ${type}`);
    const message = { ...body, type };
    const checked = spec.request.safeParse(message);
    if (!checked.success) throw new MessageError('bad_request', describe(checked.error.issues, type));
    return unwrap((await send(message)) as Reply<ReplyOf<P, K>> | undefined);
  };
}
