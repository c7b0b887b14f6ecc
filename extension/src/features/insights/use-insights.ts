import { type DuplicateWaste, duplicateWaste } from '@hypomos/shared/insights/duplicates';
import { bytesNotCopied, type NotCopied } from '@hypomos/shared/insights/not-copied';
import { type ProcessingSummary, processingSummary } from '@hypomos/shared/insights/queue';
import { type InsightItem, type SourceStorage, storageBySource } from '@hypomos/shared/insights/storage';
import type { StorageQuota } from '@hypomos/shared/providers/provider';
import { useEffect, useMemo, useState } from 'react';
import type { HypomosDb } from '../../db';
import { allItems, useLive } from '../library';
import { scanQueue } from '../sources';
import { useVisionProgress } from '../vision';
import { ask } from '../../protocol';

export interface Insights {
  sources: SourceStorage[];
  /** Per source id: why its quota could not be read, when it could not. */
  quotaErrors: Map<string, string>;
  quotasLoaded: boolean;
  duplicates: DuplicateWaste;
  /** null until the portal answered; `error` when it could not (not paired, offline). */
  notCopied: (NotCopied & { shares: number; failedShares: number }) | null;
  notCopiedError: string | null;
  processing: ProcessingSummary | null;
}

interface ShareViewersReply {
  items: { itemKey: string; viewers: number }[];
  shares: number;
  failed: number;
}

/**
 * Everything the Insights page shows, live from the index; quotas come from the providers (through the
 * background) and view counts from the portal, each asked once per visit.
 */
export function useInsights(db: HypomosDb): Insights {
  const sources = useLive(() => db.sources.toArray(), [db], []);
  const items = useLive(
    () =>
      allItems(db).then((all) =>
        all.map(
          (i): InsightItem => ({
            key: i.key,
            sourceId: i.sourceId,
            bytes: i.bytes,
            mediaType: i.mediaType,
            mimeType: i.mimeType,
            takenAt: i.takenAt,
            takenAtLocal: i.takenAtLocal,
            sha256: i.sha256,
            contentHashes: i.contentHashes,
          }),
        ),
      ),
    [db],
    [] as InsightItem[],
  );
  const queue = useLive(() => scanQueue(db), [db], null);
  const vision = useVisionProgress(db);
  const [quotas, setQuotas] = useState<{ map: Map<string, StorageQuota | null>; errors: Map<string, string> } | null>(
    null,
  );
  const [viewers, setViewers] = useState<ShareViewersReply | null>(null);
  const [viewersError, setViewersError] = useState<string | null>(null);
  const sourceIds = sources.map((s) => s.id).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again when the set of sources changes
  useEffect(() => {
    let live = true;
    ask('sources.storage').then(
      (r) => {
        if (!live) return;
        setQuotas({
          map: new Map(r.sources.map((s) => [s.sourceId, s.quota])),
          errors: new Map(r.sources.flatMap((s) => (s.error ? [[s.sourceId, s.error] as const] : []))),
        });
      },
      (e: unknown) => {
        if (live) setQuotas({ map: new Map(), errors: new Map([['*', String(e)]]) });
      },
    );
    return () => {
      live = false;
    };
  }, [sourceIds]);
  useEffect(() => {
    let live = true;
    ask('sharing.viewers').then(
      (r) => live && setViewers(r),
      (e: unknown) => live && setViewersError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  return useMemo(() => {
    const size = new Map(items.map((i) => [i.key as string, i.bytes]));
    return {
      sources: storageBySource(sources, items, quotas?.map ?? new Map()),
      quotaErrors: quotas?.errors ?? new Map(),
      quotasLoaded: quotas !== null,
      duplicates: duplicateWaste(items),
      notCopied: viewers
        ? { ...bytesNotCopied(viewers.items, (k) => size.get(k)), shares: viewers.shares, failedShares: viewers.failed }
        : null,
      notCopiedError: viewersError,
      processing:
        queue && vision
          ? processingSummary({ indexed: items.length, waiting: queue.waiting, failures: queue.failures, vision })
          : null,
    };
  }, [sources, items, quotas, viewers, viewersError, queue, vision]);
}
