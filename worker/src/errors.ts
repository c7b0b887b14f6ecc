import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';

/** The one error shape every route answers with: `{ error: { code, message, details? } }`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function onError(err: Error, c: Context) {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof ZodError)
    return c.json(errorBody('invalid_request', 'The request is not valid.', err.issues), 400);
  if (err instanceof HTTPException)
    return c.json(errorBody(`http_${err.status}`, err.message || 'Request failed.'), err.status);
  if (/UNIQUE constraint failed|FOREIGN KEY constraint failed|CHECK constraint failed/.test(String(err.message))) {
    return c.json(errorBody('conflict', 'The request conflicts with the stored data.'), 409);
  }
  console.error('unhandled', err);
  return c.json(errorBody('internal', 'Something went wrong on our side.'), 500);
}
