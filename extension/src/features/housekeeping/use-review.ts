import { buildReview, type Review, type ReviewItem } from '@hypomos/shared/housekeeping/review';
import type { IndexItem } from '@hypomos/shared/index/item';
import { useEffect, useMemo, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { useLive } from '../library';
import { findDuplicatesInWorker } from '../vision';
import type { BinRow } from './rows';

export interface ReviewData {
  review: Review;
  items: Map<string, IndexItem>;
  sources: Map<string, SourceRow>;
  bin: BinRow[];
}

interface Loaded {
  items: IndexItem[];
  quality: Map<string, ReviewItem['quality']>;
  stats: Map<string, { views: number; skips: number }>;
  kept: Set<string>;
  bin: BinRow[];
  sources: SourceRow[];
}

async function load(db: HypomosDb): Promise<Loaded> {
  const [items, features, stats, kept, bin, sources] = await Promise.all([
    db.items.toArray(),
    db.visionFeatures.toArray(),
    db.stats.toArray(),
    db.kept.toCollection().primaryKeys(),
    db.bin.orderBy('binnedAt').reverse().toArray(),
    db.sources.toArray(),
  ]);
  return {
    items,
    quality: new Map(features.map((f) => [f.key, f.quality ?? null])),
    stats: new Map(stats.map((s) => [s.key, { views: s.views, skips: s.skips }])),
    kept: new Set(kept as string[]),
    bin,
    sources,
  };
}

/**
 * The review as the page shows it, live: items, their measured quality, slideshow statistics and the duplicate
 * groups (searched in the vision feature's worker, once per visit). Kept and binned items are left out.
 */
export function useReview(db: HypomosDb, now: number): ReviewData | null {
  // Reading every row is the expensive part: it runs again only when a cheap signature of the tables changes, not on
  // every write vision or the scanner makes to a row.
  const signature = useLive(
    async () =>
      (
        await Promise.all([
          db.items.count(),
          db.visionQueue.where('state').equals('done').count(),
          db.bin.count(),
          db.kept.count(),
          db.stats.count(),
        ])
      ).join(':'),
    [db],
    '',
  );
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!signature) return;
    let live = true;
    load(db).then(
      (l) => live && setLoaded(l),
      (e) => console.error('housekeeping review failed to load', e),
    );
    return () => {
      live = false;
    };
  }, [db, signature]);
  const [dupes, setDupes] = useState<string[][]>([]);
  useEffect(() => {
    let live = true;
    findDuplicatesInWorker(db).then(
      (groups) => live && setDupes(groups.map((g) => g.keys)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db]);
  return useMemo(() => {
    if (!loaded) return null;
    const binned = new Set(loaded.bin.map((b) => b.key));
    const present = loaded.items.filter((i) => !binned.has(i.key));
    const review = buildReview(
      present.map((i) => ({
        ...i,
        quality: loaded.quality.get(i.key) ?? null,
        stats: loaded.stats.get(i.key) ?? null,
      })),
      { now, duplicateGroups: dupes },
    );
    const candidates = review.candidates.filter((c) => !loaded.kept.has(c.key));
    return {
      review: { ...review, candidates, bytes: candidates.reduce((sum, c) => sum + c.bytes, 0) },
      items: new Map(present.map((i) => [i.key, i])),
      sources: new Map(loaded.sources.map((s) => [s.id, s])),
      bin: loaded.bin,
    };
  }, [loaded, dupes, now]);
}
