import type { Collection, BulkItemsResponse } from '@hypomos/shared/api/collections';
import type { EventCreated } from '@hypomos/shared/api/events';
import type { PublicItemPage, PublicShare } from '@hypomos/shared/api/public';
import type { ShareCreated } from '@hypomos/shared/api/shares';
import { hc } from 'hono/client';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppType } from '../src/index';

// Pins the typed client the portal and the extension use: if a route's path, input or output drifts from the
// shared schemas, this file stops compiling (tsc -p tsconfig.worker.json runs in lint).

describe('hc<AppType> client types', () => {
  const client = hc<AppType>('http://127.0.0.1:8787');

  it('types the public viewer routes', () => {
    type ShareMeta = Awaited<
      ReturnType<Awaited<ReturnType<(typeof client.api.public.shares)[':token']['$get']>>['json']>
    >;
    expectTypeOf<ShareMeta>().toExtend<PublicShare | { error: unknown }>();
    type Items = Awaited<
      ReturnType<Awaited<ReturnType<(typeof client.api.public.shares)[':token']['items']['$get']>>['json']>
    >;
    expectTypeOf<Extract<Items, { items: unknown }>['items'][number]['originalUrl']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Items, { items: unknown }>>().toExtend<PublicItemPage>();
    expectTypeOf(client.api.public.shares[':token'].items.$get).parameter(0).toHaveProperty('query');
  });

  it('types publishing and sharing', () => {
    type Publish = Awaited<
      ReturnType<Awaited<ReturnType<(typeof client.api.collections)[':id']['items']['$post']>>['json']>
    >;
    expectTypeOf<Publish>().toExtend<BulkItemsResponse>();
    type Created = Awaited<ReturnType<Awaited<ReturnType<typeof client.api.collections.$post>>['json']>>;
    expectTypeOf<Created>().toExtend<Collection>();
    type NewShare = Awaited<
      ReturnType<Awaited<ReturnType<(typeof client.api.collections)[':id']['shares']['$post']>>['json']>
    >;
    expectTypeOf<NewShare>().toExtend<ShareCreated>();
    type NewEvent = Awaited<ReturnType<Awaited<ReturnType<typeof client.api.events.$post>>['json']>>;
    expectTypeOf<NewEvent>().toExtend<EventCreated>();
    expectTypeOf(client.api.collections.$post).parameter(0).toHaveProperty('json');
  });
});
