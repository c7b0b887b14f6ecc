import { MAX_BODY_BYTES } from '@hypomos/shared/api/collections';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { type Deps, defaultDeps } from './deps';
import type { AppEnv } from './env';
import { ApiError, errorBody, onError } from './errors';
import { authenticate, requireSignedIn } from './middleware/auth';
import { securityHeaders } from './middleware/security-headers';
import { repositories } from './repositories';
import { metered, newMeter } from './repositories/metered-d1';
import { accountRoutes } from './routes/account';
import { authRoutes } from './routes/auth';
import { blobCorsTestRoutes } from './routes/blob-cors-test';
import { collectionRoutes } from './routes/collections';
import { eventRoutes } from './routes/events';
import { feedbackOwnerRoutes, feedbackPublicRoutes } from './routes/feedback';
import { pageRoutes } from './routes/pages';
import { proofingOwnerRoutes, proofingPublicRoutes } from './routes/proofing';
import { publicRoutes } from './routes/public';
import { relayRoutes } from './routes/relay';
import { shareRoutes } from './routes/shares';

const api = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true as const, service: 'hypomos' }))
  .route('/', accountRoutes)
  .route('/', collectionRoutes)
  .route('/', shareRoutes)
  .route('/', eventRoutes)
  .route('/', proofingOwnerRoutes)
  .route('/', feedbackOwnerRoutes)
  .route('/public', publicRoutes)
  .route('/public', proofingPublicRoutes)
  .route('/public', feedbackPublicRoutes)
  .route('/relay', relayRoutes);

/** Builds the worker app; tests pass their own clock or fetch, production uses the defaults. */
export function createApp(deps: Deps = defaultDeps()) {
  const context = createMiddleware<AppEnv>(async (c, next) => {
    const meter = newMeter();
    c.set('deps', deps);
    c.set('meter', meter);
    c.set('repos', repositories(metered(c.env.DB, meter)));
    c.set('actor', null);
    await next();
    // Writes after the response (waitUntil) are not in this count; the bench reads it (D1_METRICS = on).
    if (c.env.D1_METRICS === 'on')
      c.res.headers.set(
        'x-d1-meter',
        `trips=${meter.roundTrips}; read=${meter.rowsRead}; written=${meter.rowsWritten}`,
      );
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    },
  });
  // The extension calls the API from its own origin with a Bearer token. Cookies never ride along cross-origin
  // (no credentials mode), so allowing extension origins cannot turn a portal session into a cross-site write.
  const extensionCors = cors({
    origin: (origin) => (/^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/.test(origin) ? origin : null),
    allowHeaders: ['authorization', 'content-type'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    credentials: false,
    maxAge: 600,
  });
  // An answer that does not say how it may be cached is private: no browser or proxy may keep it.
  const privateByDefault = createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'private, no-store');
  });
  return new Hono<AppEnv>()
    .use(securityHeaders, context)
    .use('/api/*', privateByDefault, extensionCors, limitBody, authenticate, requireSignedIn)
    .use('/auth/*', limitBody, authenticate, requireSignedIn)
    .route('/api', api)
    .route('/auth', authRoutes)
    .route('/', pageRoutes)
    .route('/', blobCorsTestRoutes)
    .notFound((c) => {
      const path = new URL(c.req.url).pathname;
      if (path.startsWith('/api/') || path.startsWith('/auth/'))
        return c.json(errorBody('not_found', 'No such route.'), 404);
      // Everything else is the portal's static build (its SPA fallback serves index.html).
      return c.env.ASSETS.fetch(c.req.raw);
    })
    .onError(onError);
}
