import {
  CreateCollectionBody,
  PatchCollectionBody,
  PatchItemsBody,
  PublishBody,
  RemoveItemsBody,
  SourceBody,
} from '@hypomos/shared/api/collections';
import { PageQuery } from '@hypomos/shared/api/common';
import { decodeCursor, encodeCursor } from '@hypomos/shared/sharing/visibility';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toCollection, toOwnerItem } from '../mappers';
import { ownCollection, requireActor } from '../services/access';
import { patchItems, publishItems, removeItems } from '../services/publish';
import { mediaHostPolicy } from '../services/relay';
import { validate } from '../validate';

const SourceParam = z.object({ id: z.string().min(1).max(128) });

/** The owner's collections, their sources and items (publish, patch, remove, replace). */
export const collectionRoutes = new Hono<AppEnv>()
  .get('/sources', async (c) => {
    const a = requireActor(c);
    return c.json({
      sources: (await c.get('repos').collections.listSources(a.userId)).map(({ id, kind, name }) => ({
        id,
        kind,
        name,
      })),
    });
  })
  .put('/sources/:id', validate('param', SourceParam), validate('json', SourceBody), async (c) => {
    const a = requireActor(c);
    return c.json(await c.get('repos').collections.putSource(a.userId, c.req.valid('param').id, c.req.valid('json')));
  })
  .get('/collections', async (c) => {
    const a = requireActor(c);
    return c.json({ collections: (await c.get('repos').collections.listByOwner(a.userId)).map(toCollection) });
  })
  .post('/collections', validate('json', CreateCollectionBody), async (c) => {
    const a = requireActor(c);
    return c.json(
      toCollection(await c.get('repos').collections.create(a.userId, c.req.valid('json'), c.get('deps').now())),
      201,
    );
  })
  .get('/collections/:id', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    return c.json(toCollection(collection));
  })
  .patch('/collections/:id', validate('json', PatchCollectionBody), async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    return c.json(
      toCollection(await c.get('repos').collections.patch(collection.id, c.req.valid('json'), c.get('deps').now())),
    );
  })
  .delete('/collections/:id', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    await c.get('repos').collections.delete(collection.id);
    return c.body(null, 204);
  })
  .get('/collections/:id/items', validate('query', PageQuery), async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    const q = c.req.valid('query');
    const after = decodeCursor(q.cursor);
    if (q.cursor && !after) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid.');
    const limit = q.limit ?? 200;
    const rows = await c.get('repos').collections.page(collection.id, after, limit);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return c.json({ items: rows.map(toOwnerItem), nextCursor: last ? encodeCursor(last.sortKey, last.id) : null });
  })
  .post('/collections/:id/items', validate('json', PublishBody), async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    const body = c.req.valid('json');
    return c.json(
      await publishItems(
        c.get('repos'),
        collection,
        body.items,
        body.generation,
        c.get('deps').now(),
        mediaHostPolicy(c.env),
      ),
    );
  })
  .patch('/collections/:id/items', validate('json', PatchItemsBody), async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    return c.json(
      await patchItems(
        c.get('repos'),
        collection,
        c.req.valid('json').items,
        c.get('deps').now(),
        mediaHostPolicy(c.env),
      ),
    );
  })
  .post('/collections/:id/items/remove', validate('json', RemoveItemsBody), async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    return c.json(await removeItems(c.get('repos'), collection, c.req.valid('json').items, c.get('deps').now()));
  })
  .post('/collections/:id/replace', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    return c.json({ generation: await c.get('repos').collections.startReplace(collection.id, c.get('deps').now()) });
  })
  .post('/collections/:id/replace/:generation/commit', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    const generation = Number(c.req.param('generation'));
    if (generation !== collection.generation)
      throw new ApiError(409, 'stale_generation', 'Another replace started since; start again.');
    return c.json(await c.get('repos').collections.commitReplace(collection.id, generation, c.get('deps').now()));
  });
