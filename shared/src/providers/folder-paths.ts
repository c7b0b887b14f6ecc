/**
 * Folder paths for providers that address folders by id (OneDrive/Graph, Google Drive): one place for both.
 * Paths are '/'-separated, with no leading or trailing slash; '' is the drive's root.
 */

/**
 * The readable folder path of a Graph `itemReference.path`. Personal drives answer `/drive/root:/Pictures/2020`,
 * Business drives `/drives/{driveId}/root:/Pictures/2020`; "to retrieve the human-readable path for a breadcrumb,
 * you can safely ignore everything up to the first `:` in the path string" (Graph docs, itemReference resource,
 * learn.microsoft.com/graph/api/resources/itemreference). The value is percent-encoded.
 */
export function graphReferencePath(path: string | null | undefined): string {
  if (!path) return '';
  const colon = path.indexOf(':');
  const raw = (colon < 0 ? '' : path.slice(colon + 1)).replace(/^\/+|\/+$/g, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const joinFolder = (parent: string, name: string): string => (parent ? `${parent}/${name}` : name);

/** `folder` rewritten from under `from` to under `to`, or null when it is not `from` or below it. */
export function movedFolder(folder: string, from: string, to: string): string | null {
  if (from === '') return null;
  if (folder === from) return to;
  return folder.startsWith(`${from}/`) ? joinFolder(to, folder.slice(from.length + 1)) : null;
}

/** What a provider says about one folder: its own name and parent, never a full path (paths go stale). */
export interface FolderFacts {
  name: string;
  parentId: string | null;
  /** The drive's root (My Drive, a shared drive's root, Graph's `root` facet): path ''. */
  isRoot: boolean;
}

/**
 * Folders by id, each knowing only its name and parent, so a renamed or moved folder changes the path of
 * every folder and file below it at once: the providers' change feeds report the renamed folder alone
 * ("renaming a folder doesn't result in any descendants of the folder being returned from delta … you should
 * always track items by id", Graph driveItem-delta remarks). Unknown folders are fetched once with `fetch`.
 * Every folder whose path was resolved since the last `takeResolved()` is reported there, so the scanner can
 * keep its own id → path table and re-path the index when one changes.
 */
export class FolderPaths {
  private readonly facts = new Map<string, Promise<FolderFacts>>();
  private resolved = new Map<string, string>();

  constructor(private readonly fetch: (id: string) => Promise<FolderFacts>) {}

  /** A folder's facts as a change feed reported them (replaces what was known). */
  record(id: string, facts: FolderFacts): void {
    this.facts.set(id, Promise.resolve(facts));
  }

  forget(id: string): void {
    this.facts.delete(id);
    this.resolved.delete(id);
  }

  /** The path of folder `id` ('' for the root or no id). */
  async path(id: string | null | undefined): Promise<string> {
    if (!id) return '';
    const seen = new Set<string>();
    const walk = async (folderId: string): Promise<string> => {
      if (seen.has(folderId)) throw new Error(`Folder cycle at ${folderId}`);
      seen.add(folderId);
      const facts = await this.get(folderId);
      const path = facts.isRoot ? '' : joinFolder(facts.parentId ? await walk(facts.parentId) : '', facts.name);
      if (!facts.isRoot) this.resolved.set(folderId, path);
      return path;
    };
    return walk(id);
  }

  /** Folders resolved since the last call, with their current paths (the drive root is left out). */
  takeResolved(): { id: string; path: string }[] {
    const out = [...this.resolved].map(([id, path]) => ({ id, path }));
    this.resolved = new Map();
    return out;
  }

  private get(id: string): Promise<FolderFacts> {
    let entry = this.facts.get(id);
    if (!entry) {
      entry = this.fetch(id);
      entry.catch(() => this.facts.delete(id));
      this.facts.set(id, entry);
    }
    return entry;
  }
}

/**
 * The entries of one change page with only the LAST occurrence of each id kept, in the order of those last
 * occurrences: "the same item may appear more than once in a delta feed, for various reasons. You should use
 * the last occurrence you see" (Graph driveItem-delta remarks); Drive's changes.list likewise reports a file's
 * state, so a later entry supersedes an earlier one.
 */
export function lastOccurrences<T>(entries: readonly T[], idOf: (entry: T) => string | null): T[] {
  const last = new Map<string, number>();
  entries.forEach((e, i) => {
    const id = idOf(e);
    if (id !== null) last.set(id, i);
  });
  return entries.filter((e, i) => {
    const id = idOf(e);
    return id === null || last.get(id) === i;
  });
}
