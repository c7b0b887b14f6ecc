import type { ItemOutcome } from '../messages';

/** One line for the user: how many worked, and the reasons of those that did not (grouped). */
export function summarize(verb: string, outcomes: ItemOutcome[]): { text: string; ok: boolean } {
  const done = outcomes.filter((o) => o.ok).length;
  const reasons = new Map<string, number>();
  for (const o of outcomes)
    if (!o.ok) reasons.set(o.reason ?? 'unknown reason', (reasons.get(o.reason ?? 'unknown reason') ?? 0) + 1);
  const lines = [`${verb} ${done} of ${outcomes.length}.`];
  for (const [reason, n] of reasons) lines.push(`${n} not: ${reason}`);
  return { text: lines.join('\n'), ok: done === outcomes.length };
}
