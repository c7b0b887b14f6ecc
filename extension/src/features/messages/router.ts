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

interface Route {
  schema: z.ZodType;
  allow: SenderPolicy;
  handle: (message: unknown, sender: MessageSender) => Promise<unknown>;
}

/**
 * Routes runtime messages by their `type` to one handler each. Every message is parsed with its zod
 * schema and checked against its sender policy before the handler runs; every answer has one shape.
 */
export class MessageRouter {
  private readonly routes = new Map<string, Route>();

  constructor(private readonly own: { id: string; origin: string }) {}

  on<S extends z.ZodType>(
    type: string,
    schema: S,
    allow: SenderPolicy,
    handle: (message: z.infer<S>, sender: MessageSender) => Promise<unknown>,
  ): this {
    if (this.routes.has(type)) throw new Error(`message type ${type} registered twice`);
    this.routes.set(type, { schema, allow, handle: handle as Route['handle'] });
    return this;
  }

  has(type: string): boolean {
    return this.routes.has(type);
  }

  async dispatch(raw: unknown, sender: MessageSender): Promise<Reply> {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? (raw as { type: unknown }).type : undefined;
    const route = typeof type === 'string' ? this.routes.get(type) : undefined;
    if (!route) return fail('unknown_type', `unknown message type ${String(type)}`);
    if (!route.allow(sender, this.own)) return fail('forbidden', `${type} is not accepted from this sender`);
    const parsed = route.schema.safeParse(raw);
    if (!parsed.success)
      return fail(
        'bad_request',
        parsed.error.issues.map((i) => `${i.path.join('.') || type}: ${i.message}`).join('; '),
      );
    try {
      return { ok: true, value: await route.handle(parsed.data, sender) };
    } catch (error) {
      if (error instanceof MessageError) return fail(error.code, error.message);
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
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
