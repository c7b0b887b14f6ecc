import { Filter } from '@hypomos/shared/filter/schema';
import type { CollectionRow } from '../../db/rows';

/** A stored filter read back through zod: a damaged one is reported, not trusted. */
export function storedFilter(row: CollectionRow): Filter | Error {
  const parsed = Filter.safeParse(row.filter);
  return parsed.success
    ? parsed.data
    : new Error(`The saved filter of “${row.title}” is damaged: ${parsed.error.issues[0]?.message}`);
}
