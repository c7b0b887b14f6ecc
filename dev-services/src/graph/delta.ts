import type { MediaStore, StoredNode } from '../contract/media-store';

/**
 * Delta tokens. A full listing pages through the live items in creation order as of a snapshot; its
 * deltaLink is a checkpoint at that snapshot. A delta since checkpoint S pages through the items changed
 * in (S, U], where U is the change sequence when the delta started. Tokens carry a server epoch, so a
 * token from another server run is unknown (→ 410 resync) rather than silently wrong.
 */
type Token =
  | { kind: 'list'; snapshot: number; after: number }
  | { kind: 'delta'; from: number; upTo: number; after: number };

export class DeltaTokens {
  constructor(private readonly epoch: string) {}

  encode(token: Token): string {
    const body =
      token.kind === 'list' ? ['L', token.snapshot, token.after] : ['D', token.from, token.upTo, token.after];
    return Buffer.from(`${this.epoch}.${body.join('.')}`).toString('base64url');
  }

  decode(raw: string): Token | null {
    const parts = Buffer.from(raw, 'base64url').toString('utf8').split('.');
    if (parts[0] !== this.epoch) return null;
    const n = parts.slice(2).map(Number);
    if (n.some((x) => !Number.isInteger(x) || x < 0)) return null;
    if (parts[1] === 'L' && n.length === 2) return { kind: 'list', snapshot: n[0] as number, after: n[1] as number };
    if (parts[1] === 'D' && n.length === 3)
      return { kind: 'delta', from: n[0] as number, upTo: n[1] as number, after: n[2] as number };
    return null;
  }

  /** A checkpoint token (what a deltaLink carries). */
  checkpoint(seq: number): string {
    return this.encode({ kind: 'delta', from: seq, upTo: -1 >>> 0, after: 0 });
  }
}

export interface DeltaPage {
  items: StoredNode[];
  /** Token of the next page, or null when this is the last page. */
  next: string | null;
  /** Checkpoint for the deltaLink on the last page. */
  checkpoint: string | null;
}

/** One page of `root/delta`, or 'resync' when the token is unknown or older than the store's history. */
export function deltaPage(
  store: MediaStore,
  tokens: DeltaTokens,
  raw: string | null,
  top: number,
): DeltaPage | 'resync' {
  // token=latest: no items, just a checkpoint at the present (documented for apps that skip the listing).
  if (raw === 'latest') return { items: [], next: null, checkpoint: tokens.checkpoint(store.seq) };
  let token = raw === null ? { kind: 'list' as const, snapshot: store.seq, after: 0 } : tokens.decode(raw);
  if (!token) return 'resync';
  if (token.kind === 'delta' && token.upTo === -1 >>> 0) token = { ...token, upTo: store.seq };
  const since = token.kind === 'list' ? token.snapshot : token.from;
  if (since < store.minSeq) return 'resync';
  if (token.kind === 'list') {
    const after = token.after;
    const rest = store.live().filter((n) => n.createdSeq > after);
    const items = rest.slice(0, top);
    const last = items.at(-1);
    const more = rest.length > top && last;
    return {
      items,
      next: more ? tokens.encode({ ...token, after: last.createdSeq }) : null,
      checkpoint: more ? null : tokens.checkpoint(token.snapshot),
    };
  }
  const after = token.after;
  const rest = store.changedBetween(token.from, token.upTo).filter((n) => n.seq > after);
  const items = rest.slice(0, top);
  const last = items.at(-1);
  const more = rest.length > top && last;
  return {
    items,
    next: more ? tokens.encode({ ...token, after: last.seq }) : null,
    checkpoint: more ? null : tokens.checkpoint(token.upTo),
  };
}
