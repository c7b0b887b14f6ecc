import { buildStacks } from '@hypomos/shared/stacks/stacks';
import { useCallback, useMemo, useState } from 'react';
import type { CatalogItem, StackBadges } from '../library';

/**
 * Collapses RAW+JPEG pairs and bursts into one tile (top item shown), keeping the catalog's order;
 * an expanded stack shows its other members right after the top.
 */
export function useStackedItems(items: CatalogItem[], byKey: Map<string, CatalogItem>, enabled: boolean) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const stacks = useMemo(() => (enabled ? buildStacks(items) : []), [items, enabled]);
  const { hidden, membersOf, counts } = useMemo(() => {
    const hidden = new Set<string>();
    const membersOf = new Map<string, string[]>();
    const counts = new Map<string, number>();
    for (const s of stacks) {
      if (s.members.length < 2) continue;
      membersOf.set(s.top, s.members.slice(1));
      counts.set(s.top, s.members.length);
      for (const m of s.members.slice(1)) hidden.add(m);
    }
    return { hidden, membersOf, counts };
  }, [stacks]);
  const display = useMemo(() => {
    if (!enabled) return items;
    const out: CatalogItem[] = [];
    for (const i of items) {
      if (hidden.has(i.key)) continue;
      out.push(i);
      if (expanded.has(i.key)) for (const k of membersOf.get(i.key) ?? []) out.push(byKey.get(k)!);
    }
    return out;
  }, [items, byKey, enabled, hidden, membersOf, expanded]);
  const toggle = useCallback((top: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(top)) next.delete(top);
      else next.add(top);
      return next;
    });
  }, []);
  const badges: StackBadges = useMemo(() => ({ counts, expanded, toggle }), [counts, expanded, toggle]);
  return { display, badges, stackCount: counts.size };
}
