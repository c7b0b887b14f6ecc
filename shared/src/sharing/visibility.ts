/** Visibility rules for share links, galleries and events. Times are epoch milliseconds. */
export type LinkStatus = 'active' | 'expired' | 'revoked';

export interface Expirable {
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Revocation wins over expiry so the owner's explicit action is what the viewer is told. */
export function linkStatus(link: Expirable, now: number): LinkStatus {
  if (link.revokedAt !== null) return 'revoked';
  if (link.expiresAt !== null && now >= link.expiresAt) return 'expired';
  return 'active';
}

export interface EventWindow extends Expirable {
  contributionsEndAt: number | null;
}

export function acceptsContributions(event: EventWindow, now: number): boolean {
  if (linkStatus(event, now) !== 'active') return false;
  return event.contributionsEndAt === null || now < event.contributionsEndAt;
}

/** An unlock grant lasts this long; the viewer asks for the passcode again afterwards. */
export const UNLOCK_TTL_MS = 12 * 60 * 60 * 1000;

/** Keyset cursor over (sortKey, id): opaque to clients, validated on the way in. */
export function encodeCursor(sortKey: number, id: string): string {
  return `${sortKey.toString(36)}.${id}`;
}

export function decodeCursor(cursor: string | undefined): { sortKey: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(-?[0-9a-z]{1,14})\.([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  if (!m) return null;
  const sortKey = Number.parseInt(m[1]!, 36);
  return Number.isSafeInteger(sortKey) ? { sortKey, id: m[2]! } : null;
}
