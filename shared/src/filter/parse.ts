import { SourceKind } from '../index/item';
import { allOf, type Filter } from './schema';

/** One piece of the query bar with the filter it became; the UI shows each as a removable chip. */
export interface QueryTerm {
  raw: string;
  filter: Filter;
}

export interface ParsedQuery {
  filter: Filter;
  terms: QueryTerm[];
  /** Pieces that could not be read, each with the reason; the rest of the query still applies. */
  errors: string[];
}

/** Splits on spaces, keeping "quoted phrases" and key:"quoted values" whole. */
export function tokenize(query: string): string[] {
  return query.match(/-?\w+:"[^"]*"?|-?"[^"]*"?|\S+/g) ?? [];
}

const unquote = (s: string) => s.replace(/^"|"$/g, '');

/** Expands YYYY, YYYY-MM or YYYY-MM-DD to its first and last day. */
export function dayBounds(value: string): { first: string; last: string } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d] = m;
  const year = Number(y);
  if (d !== undefined) {
    const t = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) return null;
    return { first: value, last: value };
  }
  if (mo !== undefined) {
    const month = Number(mo);
    if (month < 1 || month > 12) return null;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return { first: `${y}-${mo}-01`, last: `${y}-${mo}-${String(lastDay).padStart(2, '0')}` };
  }
  return { first: `${y}-01-01`, last: `${y}-12-31` };
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function parseNear(value: string): Filter | string {
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?)(km|m)?)?$/.exec(value);
  if (!m) return `near needs lat,lon[,radius], e.g. near:48.85,2.35,10km (got “${value}”)`;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return `near: ${lat},${lon} is not a position on Earth`;
  const radius = m[3] === undefined ? 1 : Number(m[3]);
  const radiusKm = m[4] === 'm' ? radius / 1000 : radius;
  if (!(radiusKm > 0)) return 'near: the radius must be above zero';
  return { kind: 'near', lat, lon, radiusKm };
}

function parseDate(key: string, value: string): Filter | string {
  const b = dayBounds(value);
  if (!b) return `${key}: “${value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`;
  switch (key) {
    case 'after':
      return { kind: 'date', from: dayAfter(b.last), to: null };
    case 'from':
    case 'since':
      return { kind: 'date', from: b.first, to: null };
    case 'before':
      return { kind: 'date', from: null, to: dayBefore(b.first) };
    case 'to':
    case 'until':
      return { kind: 'date', from: null, to: b.last };
    default:
      return { kind: 'date', from: b.first, to: b.last };
  }
}

/** `camera:"Canon EOS 5D"` → make Canon, model EOS 5D; a single word is a make. */
function parseCamera(value: string): Filter {
  const [make, ...model] = value.trim().split(/\s+/);
  return { kind: 'camera', make: make ?? value, model: model.length ? model.join(' ') : null };
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function parseKeyed(key: string, value: string): Filter | string {
  if (value === '') return `${key}: needs a value`;
  switch (key) {
    case 'camera':
      return parseCamera(value);
    case 'make':
      return { kind: 'camera', make: value, model: null };
    case 'model':
      return { kind: 'camera', make: null, model: value };
    case 'lens':
      return { kind: 'lens', value };
    case 'type':
    case 'is':
      if (['video', 'videos'].includes(value)) return { kind: 'mediaType', value: 'video' };
      if (['photo', 'photos', 'image', 'images'].includes(value)) return { kind: 'mediaType', value: 'image' };
      if (key === 'is' && ['liked', 'favorite', 'fav'].includes(value)) return { kind: 'liked', value: true };
      return `${key}: “${value}” is not one of video, photo${key === 'is' ? ', liked' : ''}`;
    case 'tag':
    case 'tags':
      return { kind: 'tags', values: list(value) };
    case 'label':
    case 'labels':
    case 'thing':
      return { kind: 'labels', values: list(value) };
    case 'person':
    case 'people':
      return { kind: 'people', values: list(value) };
    case 'after':
    case 'before':
    case 'from':
    case 'since':
    case 'to':
    case 'until':
    case 'on':
    case 'date':
    case 'year':
      return parseDate(key, value);
    case 'near':
      return parseNear(value);
    case 'place':
    case 'in':
      return { kind: 'place', name: value };
    case 'has':
    case 'no':
      if (['gps', 'location', 'position'].includes(value)) return { kind: 'hasGps', value: key === 'has' };
      return `${key}: only “gps” is known (got “${value}”)`;
    case 'liked':
      return { kind: 'liked', value: !['no', 'false', '0'].includes(value) };
    case 'rating':
    case 'stars': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 5) return `rating: “${value}” is not a whole number from 0 to 5`;
      return { kind: 'minRating', value: n };
    }
    case 'source': {
      const kind = SourceKind.safeParse(value);
      return kind.success ? { kind: 'provider', kinds: [kind.data] } : { kind: 'source', sourceIds: [value] };
    }
    case 'folder':
    case 'path':
      return { kind: 'folder', prefix: value.replace(/^\/+|\/+$/g, ''), sourceId: null };
    default:
      return `unknown filter “${key}:” (try camera, lens, tag, label, person, after, before, near, place, has, is, rating, source, folder)`;
  }
}

function parseToken(token: string): Filter | string | { text: string } {
  const negated = token.startsWith('-') && token.length > 1;
  const body = negated ? token.slice(1) : token;
  const m = /^([a-z]+):(.*)$/i.exec(body) ?? /^(rating|stars)>=(.*)$/i.exec(body);
  if (!m) return negated ? { kind: 'not', of: { kind: 'text', query: unquote(body) } } : { text: unquote(body) };
  const parsed = parseKeyed(m[1]!.toLowerCase(), unquote(m[2]!.trim()));
  if (typeof parsed === 'string') return parsed;
  return negated ? { kind: 'not', of: parsed } : parsed;
}

/**
 * Reads the query bar, e.g. `camera:canon tag:family after:2024-01-01 near:48.85,2.35,10km has:gps`.
 * Terms are ANDed; `OR` between terms makes alternatives; `-term` negates; other words are free text.
 */
export function parseQuery(query: string): ParsedQuery {
  const groups: QueryTerm[][] = [[]];
  const errors: string[] = [];
  let pendingText: string[] = [];
  const flushText = () => {
    if (pendingText.length === 0) return;
    const q = pendingText.join(' ');
    groups.at(-1)!.push({ raw: q, filter: { kind: 'text', query: q } });
    pendingText = [];
  };
  for (const token of tokenize(query)) {
    if (token === 'OR') {
      flushText();
      groups.push([]);
      continue;
    }
    const parsed = parseToken(token);
    if (typeof parsed === 'string') errors.push(parsed);
    else if ('text' in parsed) {
      if (parsed.text !== '') pendingText.push(parsed.text);
    } else {
      flushText();
      groups.at(-1)!.push({ raw: token, filter: parsed });
    }
  }
  flushText();
  const nonEmpty = groups.filter((g) => g.length > 0);
  const terms = nonEmpty.flat();
  const conj = nonEmpty.map((g) => allOf(mergeDates(g.map((t) => t.filter))));
  const filter: Filter =
    conj.length === 0 ? { kind: 'all', of: [] } : conj.length === 1 ? conj[0]! : { kind: 'any', of: conj };
  return { filter, terms, errors };
}

/** `from:` and `to:` written as two terms read as one range ("between … and …"); the tighter bound wins. */
function mergeDates(filters: Filter[]): Filter[] {
  const dates = filters.filter((f): f is Extract<Filter, { kind: 'date' }> => f.kind === 'date');
  if (dates.length < 2) return filters;
  const pick = (vals: (string | null)[], latest: boolean) => {
    const set = vals.filter((v): v is string => v !== null).sort();
    return (latest ? set.at(-1) : set[0]) ?? null;
  };
  const merged: Filter = {
    kind: 'date',
    from: pick(
      dates.map((d) => d.from),
      true,
    ),
    to: pick(
      dates.map((d) => d.to),
      false,
    ),
  };
  const at = filters.indexOf(dates[0]!);
  const rest = filters.filter((f) => f.kind !== 'date');
  return [...rest.slice(0, at), merged, ...rest.slice(at)];
}

/** The query without one term: what removing a chip does. */
export function removeTerm(query: string, raw: string): string {
  const i = query.indexOf(raw);
  if (i < 0) return query;
  return `${query.slice(0, i)}${query.slice(i + raw.length)}`.replace(/\s+/g, ' ').trim();
}
