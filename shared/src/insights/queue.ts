/** The scanner's and the vision runner's queues, as counted from the index. */
export interface QueueCounts {
  indexed: number;
  /** Listed, metadata not read yet. */
  waiting: number;
  /** The scanner's failure rows: why each item could not be read. */
  failures: readonly { reason: string; path: string; transient?: boolean }[];
  vision: { queued: number; running: number; done: number; failed: number; paused: boolean };
}

export interface ReasonCount {
  reason: string;
  count: number;
  /** A network failure that the next sync retries. */
  retried: boolean;
  /** A few of the files it hit, first seen first. */
  examples: string[];
}

export interface ProcessingSummary {
  indexed: number;
  waiting: number;
  failed: number;
  /** Most frequent first. */
  reasons: ReasonCount[];
  vision: { done: number; waiting: number; failed: number; paused: boolean; share: number };
}

const EXAMPLES = 3;

/** Failure reasons grouped (ids and numbers inside a reason would split one cause into many rows). */
export function processingSummary(c: QueueCounts): ProcessingSummary {
  const reasons = new Map<string, ReasonCount>();
  for (const f of c.failures) {
    const reason = reasonClass(f.reason);
    const row = reasons.get(reason) ?? { reason, count: 0, retried: f.transient === true, examples: [] };
    row.count += 1;
    if (row.examples.length < EXAMPLES) row.examples.push(f.path);
    reasons.set(reason, row);
  }
  const waiting = c.vision.queued + c.vision.running;
  const total = waiting + c.vision.done + c.vision.failed;
  return {
    indexed: c.indexed,
    waiting: c.waiting,
    failed: c.failures.length,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    vision: {
      done: c.vision.done,
      waiting,
      failed: c.vision.failed,
      paused: c.vision.paused,
      share: total === 0 ? 0 : c.vision.done / total,
    },
  };
}

/** A reason without the parts that differ per item: quoted names, URLs, long ids and byte counts. */
export function reasonClass(reason: string): string {
  return (
    reason
      .replace(/https?:\/\/\S+/g, '<url>')
      .replace(/(["'‘“])[^"'’”]*(["'’”])/g, '“…”')
      .replace(/\b[0-9A-Fa-f!-]{16,}\b/g, '<id>')
      .replace(/\b\d+\b/g, 'N')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200) || 'Unknown'
  );
}
