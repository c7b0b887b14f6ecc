import { GIB, pricePerGib, type StoragePrices } from './prices';
import { type BlobTier, isColdCandidate, isPinned, type Pins, type TieringRules, type TierItem } from './rules';

export type SourceKindForPrice = 'onedrive' | 'gdrive' | 'azblob' | 'local';

export interface PlannedMove {
  key: string;
  from: string;
  to: string;
  direction: 'to-cold' | 'to-warm';
  bytes: number;
  /** Blob tier the item gets at the destination (to-cold), or null. */
  tier: BlobTier | null;
  /** An archived blob must be rehydrated (hours) before it can be copied back. */
  needsRehydration: boolean;
}

export interface SourceTotals {
  sourceId: string;
  items: number;
  bytes: number;
  monthlyCost: number;
}

export interface TieringPlan {
  moves: PlannedMove[];
  /** Per source, before and after the moves. */
  before: SourceTotals[];
  after: SourceTotals[];
  monthlyCostBefore: number;
  monthlyCostAfter: number;
  /** Items a rule would move but a pin keeps where they are. */
  keptByPins: number;
}

/**
 * Which items move and what that costs. Idle unpinned items on a hot source go to the cold source; pinned
 * items on the cold source come back to the warm source. Nothing else moves: an unpinned cold item stays
 * cold even once it is opened again, so applying a plan and planning again yields no moves.
 */
export function planTiering(
  items: readonly TierItem[],
  rules: TieringRules,
  pins: Pins,
  kinds: ReadonlyMap<string, SourceKindForPrice>,
  prices: StoragePrices,
  now: number,
): TieringPlan {
  const moves: PlannedMove[] = [];
  let keptByPins = 0;
  for (const item of items) {
    const pinned = isPinned(item, pins);
    if (rules.hotSourceIds.includes(item.sourceId) && isColdCandidate(item, rules, now)) {
      if (pinned) keptByPins++;
      else moves.push(move(item, rules.coldSourceId, 'to-cold', rules.accessTier));
    } else if (item.sourceId === rules.coldSourceId && pinned) {
      moves.push(move(item, rules.warmSourceId, 'to-warm', null));
    }
  }
  const movedTo = new Map(moves.map((m) => [m.key, m]));
  const placeAfter = (item: TierItem): Place => {
    const m = movedTo.get(item.key);
    return m ? { sourceId: m.to, tier: m.tier } : { sourceId: item.sourceId, tier: item.blobTier };
  };
  // Every source on both sides, so one emptied by the plan still shows, with zero.
  const sourceIds = new Set([...items.map((i) => i.sourceId), ...moves.map((m) => m.to)]);
  const before = totals(items, (item) => ({ sourceId: item.sourceId, tier: item.blobTier }), sourceIds, kinds, prices);
  const after = totals(items, placeAfter, sourceIds, kinds, prices);
  return {
    moves,
    before,
    after,
    monthlyCostBefore: sum(before.map((t) => t.monthlyCost)),
    monthlyCostAfter: sum(after.map((t) => t.monthlyCost)),
    keptByPins,
  };
}

type Place = { sourceId: string; tier: BlobTier | null };

function move(item: TierItem, to: string, direction: PlannedMove['direction'], tier: BlobTier | null): PlannedMove {
  return {
    key: item.key,
    from: item.sourceId,
    to,
    direction,
    bytes: item.bytes,
    tier,
    needsRehydration: direction === 'to-warm' && item.blobTier === 'Archive',
  };
}

function totals(
  items: readonly TierItem[],
  placeOf: (item: TierItem) => Place,
  sourceIds: ReadonlySet<string>,
  kinds: ReadonlyMap<string, SourceKindForPrice>,
  prices: StoragePrices,
): SourceTotals[] {
  const bySource = new Map<string, SourceTotals>(
    [...sourceIds].map((sourceId) => [sourceId, { sourceId, items: 0, bytes: 0, monthlyCost: 0 }]),
  );
  for (const item of items) {
    const place = placeOf(item);
    const row = bySource.get(place.sourceId)!;
    row.items++;
    row.bytes += item.bytes;
    row.monthlyCost += (item.bytes / GIB) * pricePerGib(prices, kinds.get(place.sourceId) ?? 'local', place.tier);
  }
  return [...bySource.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The library as it will be once the plan has run: what a second plan must find nothing to move in. */
export function applyPlan(items: readonly TierItem[], plan: TieringPlan): TierItem[] {
  const movedTo = new Map(plan.moves.map((m) => [m.key, m]));
  return items.map((item) => {
    const m = movedTo.get(item.key);
    return m ? { ...item, sourceId: m.to, blobTier: m.tier } : item;
  });
}
