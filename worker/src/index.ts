import { Hono } from 'hono';
import type { AppEnv } from './env';
import { errorBody, onError } from './errors';

const api = new Hono<AppEnv>().get('/health', (c) => c.json({ ok: true as const, service: 'hypomos' }));

const app = new Hono<AppEnv>()
  .route('/api', api)
  .notFound((c) => c.json(errorBody('not_found', 'No such route.'), 404))
  .onError(onError);

export type AppType = typeof app;
export default app;
