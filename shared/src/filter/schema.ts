import { z } from 'zod';
import { MediaType, SourceKind } from '../index/item';

/** A calendar day, YYYY-MM-DD, compared with the capture day where the photo was taken (index/capture-date.ts). */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD');

/**
 * The filter language: plain JSON, so a dynamic collection can be stored in Dexie and later shared.
 * Leaves test one property of an item; `all`/`any`/`not` combine them.
 */
export type Filter =
  | { kind: 'all'; of: Filter[] }
  | { kind: 'any'; of: Filter[] }
  | { kind: 'not'; of: Filter }
  | { kind: 'date'; from: string | null; to: string | null }
  | { kind: 'source'; sourceIds: string[] }
  | { kind: 'provider'; kinds: SourceKind[] }
  | { kind: 'folder'; prefix: string; sourceId: string | null }
  | { kind: 'camera'; make: string | null; model: string | null }
  | { kind: 'lens'; value: string }
  | { kind: 'mediaType'; value: MediaType }
  | { kind: 'labels'; values: string[] }
  | { kind: 'people'; values: string[] }
  | { kind: 'tags'; values: string[] }
  | { kind: 'place'; name: string }
  | { kind: 'near'; lat: number; lon: number; radiusKm: number }
  | { kind: 'hasGps'; value: boolean }
  | { kind: 'liked'; value: boolean }
  | { kind: 'minRating'; value: number }
  | { kind: 'text'; query: string };

const nonEmpty = z.array(z.string().min(1)).min(1);

export const Filter: z.ZodType<Filter> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all'), of: z.array(Filter) }),
    z.object({ kind: z.literal('any'), of: z.array(Filter) }),
    z.object({ kind: z.literal('not'), of: Filter }),
    z
      .object({ kind: z.literal('date'), from: IsoDay.nullable(), to: IsoDay.nullable() })
      .refine((d) => d.from !== null || d.to !== null, 'a date range needs a start or an end'),
    z.object({ kind: z.literal('source'), sourceIds: nonEmpty }),
    z.object({ kind: z.literal('provider'), kinds: z.array(SourceKind).min(1) }),
    z.object({ kind: z.literal('folder'), prefix: z.string(), sourceId: z.string().nullable() }),
    z
      .object({ kind: z.literal('camera'), make: z.string().min(1).nullable(), model: z.string().min(1).nullable() })
      .refine((c) => c.make !== null || c.model !== null, 'a camera filter needs a make or a model'),
    z.object({ kind: z.literal('lens'), value: z.string().min(1) }),
    z.object({ kind: z.literal('mediaType'), value: MediaType }),
    z.object({ kind: z.literal('labels'), values: nonEmpty }),
    z.object({ kind: z.literal('people'), values: nonEmpty }),
    z.object({ kind: z.literal('tags'), values: nonEmpty }),
    z.object({ kind: z.literal('place'), name: z.string().min(1) }),
    z.object({
      kind: z.literal('near'),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      radiusKm: z.number().positive(),
    }),
    z.object({ kind: z.literal('hasGps'), value: z.boolean() }),
    z.object({ kind: z.literal('liked'), value: z.boolean() }),
    z.object({ kind: z.literal('minRating'), value: z.number().int().min(0).max(5) }),
    z.object({ kind: z.literal('text'), query: z.string().min(1) }),
  ]),
) as z.ZodType<Filter>;

/** The filter that matches everything. */
export const matchAll = (): Filter => ({ kind: 'all', of: [] });

/** Joins filters with AND, flattening nested `all`s and dropping empty ones. */
export function allOf(filters: Filter[]): Filter {
  const flat = filters.flatMap((f) => (f.kind === 'all' ? f.of : [f]));
  return flat.length === 1 ? flat[0]! : { kind: 'all', of: flat };
}

/** The leaves an `all` (however nested) requires together; any other filter is its own single conjunct. */
export const conjunctsOf = (f: Filter): Filter[] => (f.kind === 'all' ? f.of.flatMap(conjunctsOf) : [f]);

export const isMatchAll = (f: Filter) => f.kind === 'all' && f.of.length === 0;

/** Start of a UTC day in epoch ms, and the last ms of it. */
export const dayStartUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const dayEndUtc = (day: string) => Date.parse(`${day}T00:00:00Z`) + 86_400_000 - 1;
