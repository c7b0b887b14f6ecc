const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long a link stays open, in words a guest reads at a glance ("available for 3 more days"); null once past. */
export function availableFor(expiresAt: number, now: number): string | null {
  const left = expiresAt - now;
  if (left <= 0) return null;
  if (left < HOUR) return 'available for less than an hour';
  if (left < DAY) {
    const hours = Math.floor(left / HOUR);
    return `available for ${hours} more ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const days = Math.floor(left / DAY);
  return `available for ${days} more ${days === 1 ? 'day' : 'days'}`;
}
