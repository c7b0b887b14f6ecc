import type { IndexItem } from '../index/item';
import { dayEndUtc, dayStartUtc, type Filter } from './schema';

/** The item fields the filter language reads; an IndexItem satisfies it. */
export type FilterableItem = Pick<
  IndexItem,
  | 'takenAt'
  | 'sourceId'
  | 'sourceKind'
  | 'folder'
  | 'name'
  | 'make'
  | 'model'
  | 'lens'
  | 'mediaType'
  | 'labels'
  | 'people'
  | 'tags'
  | 'place'
  | 'placeName'
  | 'lat'
  | 'lon'
  | 'hasGps'
  | 'liked'
  | 'rating'
  | 'ocrText'
>;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
const containsCi = (hay: string | null | undefined, needle: string) => lower(hay).includes(needle.toLowerCase());
const lowerSet = (values: string[]) => new Set(values.map((v) => v.toLowerCase()));
const anyIn = (have: string[], wanted: string[]) => {
  const set = lowerSet(wanted);
  return have.some((h) => set.has(h.toLowerCase()));
};

/** Folder prefix match on whole path segments: "Photos/2024" holds "Photos/2024/Trip" but not "Photos/2024-old". */
export function inFolder(folder: string, prefix: string): boolean {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  if (p === '') return true;
  return folder === p || folder.startsWith(`${p}/`);
}

function textMatches(item: FilterableItem, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = [
    item.name,
    item.folder,
    item.placeName,
    item.place?.city,
    item.place?.country,
    item.make,
    item.model,
    item.lens,
    item.ocrText,
    ...item.tags,
    ...item.labels,
    ...item.people,
  ]
    .map(lower)
    .join('\n');
  return words.every((w) => hay.includes(w));
}

/**
 * Whether an item passes a filter. Pure; the planner's index ranges only narrow the candidates,
 * so this is always the final word.
 */
export function matches(item: FilterableItem, filter: Filter): boolean {
  switch (filter.kind) {
    case 'all':
      return filter.of.every((f) => matches(item, f));
    case 'any':
      return filter.of.some((f) => matches(item, f));
    case 'not':
      return !matches(item, filter.of);
    case 'date':
      return (
        (filter.from === null || item.takenAt >= dayStartUtc(filter.from)) &&
        (filter.to === null || item.takenAt <= dayEndUtc(filter.to))
      );
    case 'source':
      return filter.sourceIds.includes(item.sourceId);
    case 'provider':
      return filter.kinds.includes(item.sourceKind);
    case 'folder':
      return (filter.sourceId === null || filter.sourceId === item.sourceId) && inFolder(item.folder, filter.prefix);
    case 'camera':
      // Make is a case-insensitive prefix ("nikon" finds "NIKON CORPORATION") so the make index can serve it.
      return (
        (filter.make === null || lower(item.make).startsWith(filter.make.toLowerCase())) &&
        (filter.model === null || containsCi(item.model, filter.model))
      );
    case 'lens':
      return containsCi(item.lens, filter.value);
    case 'mediaType':
      return item.mediaType === filter.value;
    case 'labels':
      return anyIn(item.labels, filter.values);
    case 'people':
      return anyIn(item.people, filter.values);
    case 'tags':
      return anyIn(item.tags, filter.values);
    case 'place':
      return (
        containsCi(item.placeName, filter.name) ||
        containsCi(item.place?.city, filter.name) ||
        containsCi(item.place?.region, filter.name) ||
        containsCi(item.place?.country, filter.name)
      );
    case 'near':
      return (
        item.lat !== null &&
        item.lon !== null &&
        distanceKm(filter.lat, filter.lon, item.lat, item.lon) <= filter.radiusKm
      );
    case 'hasGps':
      return (item.hasGps === 1) === filter.value;
    case 'liked':
      return item.liked === filter.value;
    case 'minRating':
      return item.rating >= filter.value;
    case 'text':
      return textMatches(item, filter.query);
  }
}
