/**
 * Estimated time left for the items still queued, from the rate seen since the drain began.
 * Null until there is a rate to go by.
 */
export function etaMs(remaining: number, doneSinceStart: number, elapsedMs: number): number | null {
  if (remaining === 0) return 0;
  if (doneSinceStart <= 0 || elapsedMs <= 0) return null;
  return Math.round((remaining * elapsedMs) / doneSinceStart);
}

/** Toolbar badges have room for about four characters. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (count < 1_000_000) return `${Math.floor(count / 1000)}k`;
  return `${(count / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
