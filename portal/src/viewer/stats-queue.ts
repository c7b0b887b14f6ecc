import type { StatKind } from '@hypomos/shared/api/shares';

type StatEvent = { itemId: string; kind: StatKind };
const MAX_BATCH = 200;

/**
 * Batches viewer statistics (viewed, liked, skipped, downloaded) so a slideshow does not send one request per photo.
 * Flushes after `delayMs`, when a batch is full, and when the page is hidden. A failed flush is dropped: statistics
 * are best effort and must never disturb viewing.
 */
export function statsQueue(send: (events: StatEvent[]) => Promise<void>, delayMs = 1500) {
  let pending: StatEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (pending.length) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(MAX_BATCH);
      send(batch).catch(() => {});
    }
  };
  return {
    record(itemId: string, kind: StatKind) {
      pending.push({ itemId, kind });
      if (pending.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    flush,
  };
}
