import { indexedKeys, type LocalHashes, localKeys } from './dedup-keys';
import { type DateSource, destinationFolder } from './destination';
import { NameAllocator, safeFileName } from './safe-name';

/** One picked file after hashing and reading its metadata on the device. */
export interface ImportCandidate {
  id: string;
  name: string;
  size: number;
  /** The file's own date on the floating wall-clock scale (see destination.ts). */
  fileDateWall: number;
  /** Floating capture time from the file's metadata, or null when it has none. */
  takenAt: number | null;
  /** null when the file could not be read (readError says why). */
  hashes: LocalHashes | null;
  readError: string | null;
}

export interface LibraryMatch {
  key: string;
  sourceId: string;
  folder: string;
  name: string;
}

export interface LibraryItem extends LibraryMatch {
  contentHashes: Record<string, string>;
  sha256: string | null;
  unwanted: boolean;
}

export interface Tombstone {
  sha256: string | null;
}

export type PlanEntry =
  | {
      kind: 'new';
      id: string;
      folder: string;
      name: string;
      dateFrom: DateSource;
      /** Why the name differs from the picked file's, or null. */
      renamed: string | null;
      /** The user chose to send it although it was skipped as a duplicate or unwanted. */
      forced: boolean;
    }
  | { kind: 'duplicate'; id: string; where: LibraryMatch[] }
  | { kind: 'repeat'; id: string; sameAs: string }
  | { kind: 'unwanted'; id: string; why: 'deleted' | 'marked-unwanted' }
  | { kind: 'unreadable'; id: string; reason: string }
  | { kind: 'empty'; id: string };

export type PlanKind = PlanEntry['kind'];

/** The library's hashes, built once per plan: hash key → items holding it, plus the deleted-as-unwanted set. */
export interface LibraryIndex {
  byKey: Map<string, LibraryItem[]>;
  tombstoned: Set<string>;
}

export function libraryIndex(items: Iterable<LibraryItem>, tombstones: Iterable<Tombstone>): LibraryIndex {
  const byKey = new Map<string, LibraryItem[]>();
  for (const item of items) {
    for (const key of indexedKeys(item)) {
      const list = byKey.get(key);
      if (list) list.push(item);
      else byKey.set(key, [item]);
    }
  }
  const tombstoned = new Set<string>();
  for (const t of tombstones) if (t.sha256) tombstoned.add(`sha256:${t.sha256.toLowerCase()}`);
  return { byKey, tombstoned };
}

export interface PlanOptions {
  pattern: string;
  /** Ids the user forced through although they would be skipped. */
  forced?: ReadonlySet<string>;
}

/**
 * Decides, before anything is sent, what happens to each picked file. Skips are exact (same bytes by a
 * cryptographic hash or OneDrive's quickXorHash), never by name or size. Order follows the input, so the
 * first of two identical picked files is the one sent.
 */
export function planImport(
  candidates: Iterable<ImportCandidate>,
  library: LibraryIndex,
  options: PlanOptions,
): PlanEntry[] {
  const names = new NameAllocator();
  const seen = new Map<string, string>();
  const forced = options.forced ?? new Set<string>();
  const plan: PlanEntry[] = [];
  for (const c of candidates) {
    if (!c.hashes) {
      plan.push({ kind: 'unreadable', id: c.id, reason: c.readError ?? 'the file could not be read' });
      continue;
    }
    if (c.size === 0) {
      plan.push({ kind: 'empty', id: c.id });
      continue;
    }
    const keys = localKeys(c.hashes);
    const skip = forced.has(c.id) ? null : skipReason(c.id, keys, library, seen);
    for (const key of keys) if (!seen.has(key)) seen.set(key, c.id);
    if (skip) {
      plan.push(skip);
      continue;
    }
    const { folder, dateFrom } = destinationFolder(options.pattern, c.takenAt, c.fileDateWall);
    const safe = safeFileName(c.name);
    const name = names.allocate(folder, safe.name);
    const renamed = safe.changed ?? (name !== safe.name ? 'another file of this import has the same name there' : null);
    plan.push({ kind: 'new', id: c.id, folder, name, dateFrom, renamed, forced: forced.has(c.id) });
  }
  return plan;
}

function skipReason(id: string, keys: string[], library: LibraryIndex, seen: Map<string, string>): PlanEntry | null {
  const matches = new Map<string, LibraryItem>();
  for (const key of keys) for (const item of library.byKey.get(key) ?? []) matches.set(item.key, item);
  const all = [...matches.values()];
  if (keys.some((k) => library.tombstoned.has(k))) return { kind: 'unwanted', id, why: 'deleted' };
  if (all.some((i) => i.unwanted)) return { kind: 'unwanted', id, why: 'marked-unwanted' };
  if (all.length > 0) {
    const where = all.map(({ key, sourceId, folder, name }) => ({ key, sourceId, folder, name }));
    return { kind: 'duplicate', id, where };
  }
  const sameAs = keys.map((k) => seen.get(k)).find((x) => x !== undefined);
  return sameAs ? { kind: 'repeat', id, sameAs } : null;
}

export function planCounts(plan: Iterable<PlanEntry>): Record<PlanKind, number> {
  const counts: Record<PlanKind, number> = { new: 0, duplicate: 0, repeat: 0, unwanted: 0, unreadable: 0, empty: 0 };
  for (const e of plan) counts[e.kind]++;
  return counts;
}
