import type { SourceKind } from '../index/item';

/**
 * Which cloud's copy a guest should get when the same photo is in several. The order follows how well each
 * provider delivers to a guest's browser (../shared/REAL-SERVICES.md): a Blob SAS URL works in `<img>`,
 * `<video>` and, with CORS, `fetch()`; a OneDrive personal embed link works in `<img>` but lost video in 2026
 * and cannot be fetched; Drive serves guests only through the rate-limited thumbnail endpoint or the API with
 * a key; a local folder cannot be linked at all.
 */
export const DELIVERY_PREFERENCE: readonly SourceKind[] = ['azblob', 'onedrive', 'gdrive', 'local'];

export interface Copy {
  key: string;
  sourceKind: SourceKind;
  sha256: string | null;
  name: string;
  bytes: number | null;
  takenAt: number;
}

/**
 * The copies a share should leave out so that each photo is published once: copies are the same photo when
 * their SHA-256 agree, or (where a provider gives no SHA-256, e.g. Blob's MD5 only) when name, size and capture
 * time all agree. Of each group the copy from the best-delivering provider stays (ties: the smallest key, so
 * every run keeps the same one). Pure.
 */
export function redundantCopies(copies: readonly Copy[]): Set<string> {
  const parent = copies.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const firstWith = new Map<string, number>();
  const join = (identity: string, i: number) => {
    const j = firstWith.get(identity);
    if (j === undefined) firstWith.set(identity, i);
    else parent[find(i)] = find(j);
  };
  copies.forEach((c, i) => {
    if (c.sha256) join(`sha256:${c.sha256.toLowerCase()}`, i);
    if (c.bytes) join(`file:${c.name.toLowerCase()}|${c.bytes}|${c.takenAt}`, i);
  });
  const best = new Map<number, number>();
  copies.forEach((c, i) => {
    const root = find(i);
    const held = best.get(root);
    if (held === undefined || better(c, copies[held]!)) best.set(root, i);
  });
  const keep = new Set(best.values());
  return new Set(copies.filter((_, i) => !keep.has(i)).map((c) => c.key));
}

const rank = (kind: SourceKind) => {
  const at = DELIVERY_PREFERENCE.indexOf(kind);
  return at === -1 ? DELIVERY_PREFERENCE.length : at;
};
function better(a: Copy, b: Copy): boolean {
  const byProvider = rank(a.sourceKind) - rank(b.sourceKind);
  return byProvider !== 0 ? byProvider < 0 : a.key < b.key;
}
