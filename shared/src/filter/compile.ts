import { distanceKm, type FilterableItem, inFolder } from './match';
import { dayEndUtc, dayStartUtc, type Filter } from './schema';

/**
 * A filter turned into one function: needles lowered, sets built and day bounds computed once, not per item.
 * It reads strings from the item's `LoweredItem`, which a catalog index keeps beside each item.
 */
export type CompiledFilter = (item: FilterableItem, low: LoweredItem) => boolean;

/** The lower-cased strings filters compare against, made once per item. */
export interface LoweredItem {
  make: string;
  model: string;
  lens: string;
  /** Place name, city, region, country. */
  place: string[];
  tags: string[];
  labels: string[];
  people: string[];
  /** Everything free text searches, joined (the haystack `matches` builds); made on the first text search. */
  text: string | null;
}

/**
 * Lower-cases through a cache: a catalog repeats the same makes, lenses, places and tags thousands of times,
 * so each distinct string is lowered (and stored) once.
 */
export function cachedLower(): (s: string | null | undefined) => string {
  const seen = new Map<string, string>();
  return (s) => {
    if (!s) return '';
    let v = seen.get(s);
    if (v === undefined) {
      v = s.toLowerCase();
      seen.set(s, v);
    }
    return v;
  };
}

const low = (s: string | null | undefined) => (s ?? '').toLowerCase();

export function lowerItem(i: FilterableItem, lower: (s: string | null | undefined) => string = low): LoweredItem {
  return {
    make: lower(i.make),
    model: lower(i.model),
    lens: lower(i.lens),
    place: [lower(i.placeName), lower(i.place?.city), lower(i.place?.region), lower(i.place?.country)],
    tags: i.tags.map(lower),
    labels: i.labels.map(lower),
    people: i.people.map(lower),
    text: null,
  };
}

function textOf(i: FilterableItem, l: LoweredItem): string {
  l.text ??= [
    low(i.name),
    low(i.folder),
    l.place[0],
    l.place[1],
    l.place[3],
    l.make,
    l.model,
    l.lens,
    low(i.ocrText),
    ...l.tags,
    ...l.labels,
    ...l.people,
  ].join('\n');
  return l.text;
}

const always: CompiledFilter = () => true;

/**
 * Compiles a filter into a predicate with exactly the meaning of `matches` (tests hold the two equal), built
 * for evaluating one filter over a whole in-memory catalog: per-filter work is done once, and conjunctions test
 * their cheapest leaves first.
 */
export function compileFilter(filter: Filter): CompiledFilter {
  switch (filter.kind) {
    case 'all': {
      if (filter.of.length === 0) return always;
      const parts = [...filter.of].sort((a, b) => cost(a) - cost(b)).map(compileFilter);
      if (parts.length === 1) return parts[0]!;
      return (i, l) => {
        for (const p of parts) if (!p(i, l)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = filter.of.map(compileFilter);
      return (i, l) => {
        for (const p of parts) if (p(i, l)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileFilter(filter.of);
      return (i, l) => !inner(i, l);
    }
    case 'date': {
      const from = filter.from === null ? Number.NEGATIVE_INFINITY : dayStartUtc(filter.from);
      const to = filter.to === null ? Number.POSITIVE_INFINITY : dayEndUtc(filter.to);
      return (i) => i.takenAt >= from && i.takenAt <= to;
    }
    case 'source': {
      const ids = new Set(filter.sourceIds);
      return (i) => ids.has(i.sourceId);
    }
    case 'provider': {
      const kinds = new Set<string>(filter.kinds);
      return (i) => kinds.has(i.sourceKind);
    }
    case 'folder': {
      const { sourceId, prefix } = filter;
      return (i) => (sourceId === null || sourceId === i.sourceId) && inFolder(i.folder, prefix);
    }
    case 'camera': {
      const make = filter.make?.toLowerCase() ?? null;
      const model = filter.model?.toLowerCase() ?? null;
      return (_, l) => (make === null || l.make.startsWith(make)) && (model === null || l.model.includes(model));
    }
    case 'lens': {
      const needle = filter.value.toLowerCase();
      return (_, l) => l.lens.includes(needle);
    }
    case 'mediaType': {
      const { value } = filter;
      return (i) => i.mediaType === value;
    }
    case 'labels':
    case 'people':
    case 'tags': {
      const field = filter.kind;
      const wanted = new Set(filter.values.map((v) => v.toLowerCase()));
      return (_, l) => {
        for (const v of l[field]) if (wanted.has(v)) return true;
        return false;
      };
    }
    case 'place': {
      const needle = filter.name.toLowerCase();
      return (_, l) => {
        for (const p of l.place) if (p.includes(needle)) return true;
        return false;
      };
    }
    case 'near': {
      const { lat, lon, radiusKm } = filter;
      // A cheap latitude band first: most items fail it, and only the rest pay for the haversine.
      const dLat = radiusKm / 110.5;
      return (i) =>
        i.lat !== null &&
        i.lon !== null &&
        Math.abs(i.lat - lat) <= dLat &&
        distanceKm(lat, lon, i.lat, i.lon) <= radiusKm;
    }
    case 'hasGps': {
      const { value } = filter;
      return (i) => (i.hasGps === 1) === value;
    }
    case 'liked': {
      const { value } = filter;
      return (i) => i.liked === value;
    }
    case 'minRating': {
      const { value } = filter;
      return (i) => i.rating >= value;
    }
    case 'text': {
      const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
      return (i, l) => {
        const text = textOf(i, l);
        for (const w of words) if (!text.includes(w)) return false;
        return true;
      };
    }
  }
}

/** A rough per-item cost of a leaf, so `all` runs number comparisons before string searches. */
function cost(f: Filter): number {
  switch (f.kind) {
    case 'date':
    case 'mediaType':
    case 'hasGps':
    case 'liked':
    case 'minRating':
    case 'source':
    case 'provider':
      return 1;
    case 'near':
    case 'folder':
    case 'camera':
    case 'tags':
    case 'labels':
    case 'people':
      return 2;
    case 'lens':
    case 'place':
      return 3;
    default:
      return 4;
  }
}
