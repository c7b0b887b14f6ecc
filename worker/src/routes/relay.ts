import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../validate';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { sha256Hex } from '../repositories/crypto';
import { admittedEvent, admittedShare, readSession } from '../services/public-read';
import { mediaHostPolicy, relayItem } from '../services/relay';
import { storedDelivery } from '../mappers';
import type { ItemRow } from '../repositories/collections';

type C = Context<AppEnv>;

/** Requests per token per window; "limit/windowSeconds" in RATE_LIMIT_RELAY. A grid of relayed videos stays well under. */
const DEFAULT_LIMIT = { limit: 1200, windowMs: 60_000 };
function relayLimit(c: C) {
  const m = /^(\d+)\/(\d+)$/.exec(String(c.env.RATE_LIMIT_RELAY ?? ''));
  return m ? { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 } : DEFAULT_LIMIT;
}

/** Counted per token (hashed), whoever asks: one share cannot turn the portal into a bulk download service. */
async function limitToken(c: C, token: string) {
  const limit = relayLimit(c);
  const now = c.get('deps').now();
  const key = `relay:${await sha256Hex(`relay:${token}`)}`;
  const { count, windowEnd } = await c.get('repos').rateLimits.hit(key, limit, now);
  if (count > limit.limit) {
    const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    c.header('Retry-After', String(retryAfter));
    throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s.`);
  }
}

/** `?size=web`: the provider's web-size rendition (delivery.web) instead of the original. */
const RelayQuery = z.object({ size: z.enum(['original', 'web']).default('original') }).strict();

async function relay(c: C, item: ItemRow | null, size: 'original' | 'web') {
  const stored = item && storedDelivery(item.delivery);
  if (!item || !stored) throw new ApiError(404, 'not_found', 'No such item.');
  let delivery = stored;
  if (size === 'web') {
    if (!stored.web) throw new ApiError(404, 'no_web_size', "The owner's storage makes no web-size copy of this item.");
    // The rendition is a JPEG on the provider's own hosts; the same allow-list and per-hop checks apply.
    delivery = { ...stored, relaySource: stored.web, relayHeaders: {} };
  }
  const mime = size === 'web' ? 'image/jpeg' : item.mimeType;
  return relayItem(delivery, mime, c.req.header('range'), mediaHostPolicy(c.env), c.get('deps').fetch);
}

/**
 * The relay: GET only, under a share or event token, for an item that token shows. The token is re-checked on every
 * request, so a revoked share stops it at once; a share whose owner turned the relay off answers 403.
 */
export const relayRoutes = new Hono<AppEnv>()
  .use(readSession)
  .get('/shares/:token/items/:itemId', validate('query', RelayQuery), async (c) => {
    const token = c.req.param('token');
    const { size } = c.req.valid('query');
    const share = await admittedShare(c);
    if (!share.relayEnabled) throw new ApiError(403, 'relay_off', 'The owner keeps this share off the portal.');
    if (size === 'web' && share.downloads === 'none')
      throw new ApiError(403, 'downloads_off', 'The owner does not let guests download from this link.');
    await limitToken(c, token);
    return await relay(
      c,
      (await c.get('repos').collections.itemInCollection(share.collectionId, c.req.param('itemId'))) ?? null,
      size,
    );
  })
  .get('/events/:token/items/:itemId', validate('query', RelayQuery), async (c) => {
    const token = c.req.param('token');
    const event = await admittedEvent(c);
    // Events offer no downloads (the event viewer shows none), so no web size either.
    if (c.req.valid('query').size === 'web')
      throw new ApiError(403, 'downloads_off', 'Guests do not download from an event.');
    await limitToken(c, token);
    return await relay(
      c,
      (await c.get('repos').events.approvedItem(event.id, c.req.param('itemId'))) ?? null,
      'original',
    );
  });
