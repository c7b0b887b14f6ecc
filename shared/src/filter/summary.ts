import type { Filter } from './schema';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-01-05" → "5 Jan 2024". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

const list = (values: string[], joiner = 'or') =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} ${joiner} ${values.at(-1)}`;
const quoted = (values: string[]) => list(values.map((v) => `“${v}”`));

/** One leaf or group as a phrase that follows "Photos …". */
export function describe(f: Filter): string {
  switch (f.kind) {
    case 'all':
      return f.of.length === 0 ? 'everything' : f.of.map(describe).join(', ');
    case 'any':
      return `either ${f.of.map(describe).join(' or ')}`;
    case 'not':
      return `not ${describe(f.of)}`;
    case 'date':
      if (f.from !== null && f.to !== null) {
        return f.from === f.to ? `on ${formatDay(f.from)}` : `between ${formatDay(f.from)} and ${formatDay(f.to)}`;
      }
      return f.from !== null ? `from ${formatDay(f.from)} on` : `up to ${formatDay(f.to ?? '')}`;
    case 'source':
      return `in source ${list(f.sourceIds)}`;
    case 'provider':
      return `stored in ${list(f.kinds)}`;
    case 'folder':
      return `under folder “/${f.prefix.replace(/^\/+/, '')}”${f.sourceId ? ` of ${f.sourceId}` : ''}`;
    case 'camera':
      return `from ${[f.make, f.model].filter(Boolean).join(' ')}`;
    case 'lens':
      return `shot with lens “${f.value}”`;
    case 'mediaType':
      return f.value === 'video' ? 'that are videos' : 'that are photos';
    case 'labels':
      return `showing ${quoted(f.values)}`;
    case 'people':
      return `with ${list(f.values)}`;
    case 'tags':
      return `tagged ${quoted(f.values)}`;
    case 'place':
      return `in ${f.name}`;
    case 'near':
      return `within ${f.radiusKm} km of ${f.lat.toFixed(4)}, ${f.lon.toFixed(4)}`;
    case 'hasGps':
      return f.value ? 'with a location' : 'without a location';
    case 'liked':
      return f.value ? 'that you liked' : 'not liked';
    case 'minRating':
      return `rated ${f.value}★ or more`;
    case 'text':
      return `matching “${f.query}”`;
  }
}

function subject(f: Filter): { noun: string; rest: Filter[] } {
  const parts = f.kind === 'all' ? f.of : [f];
  const media = parts.find((p) => p.kind === 'mediaType');
  const rest = parts.filter((p) => p !== media);
  const noun = media?.kind === 'mediaType' ? (media.value === 'video' ? 'Videos' : 'Photos') : 'Photos and videos';
  return { noun, rest };
}

/** A sentence a person can read, e.g. "Photos from Canon EOS 5D between 1 Jan 2024 and 31 Dec 2024". */
export function summarize(filter: Filter): string {
  const { noun, rest } = subject(filter);
  if (rest.length === 0) return `All ${noun.toLowerCase()}`;
  return `${noun} ${rest.map(describe).join(', ')}`;
}
