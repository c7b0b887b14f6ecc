import { type ItemKey, itemKey } from '../index/item';
import type { InsightItem, InsightSource } from './storage';

/** A deterministic pseudo-random library for tests: items spread over sources, years and kinds of file. */
export function generatedLibrary(opts: { sources: InsightSource[]; perSource: number; seed?: number }): InsightItem[] {
  let state = opts.seed ?? 1;
  // mulberry32: small, seeded, good enough to spread test data.
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const kinds = [
    { mediaType: 'image', mimeType: 'image/jpeg' },
    { mediaType: 'image', mimeType: 'image/heic' },
    { mediaType: 'image', mimeType: 'image/x-sony-arw' },
    { mediaType: 'video', mimeType: 'video/mp4' },
  ] as const;
  const out: InsightItem[] = [];
  for (const source of opts.sources)
    for (let n = 0; n < opts.perSource; n++) {
      const kind = kinds[Math.floor(random() * kinds.length)] ?? kinds[0];
      const year = 2015 + Math.floor(random() * 10);
      const takenAt = Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 28), 12);
      out.push({
        key: itemKey(source.id, `f${n}`) as ItemKey,
        sourceId: source.id,
        bytes: 1000 + Math.floor(random() * 5_000_000),
        mediaType: kind.mediaType,
        mimeType: kind.mimeType,
        takenAt,
        takenAtLocal: new Date(takenAt).toISOString().slice(0, 19),
        sha256: `${source.id}-${n}`,
        contentHashes: {},
      });
    }
  return out;
}
