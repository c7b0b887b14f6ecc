import type {
  ChangePage,
  DelegatedLink,
  Provider,
  ProviderItem,
  ProviderItemRef,
} from '@hypomos/shared/providers/provider';
import { movedFolder } from '@hypomos/shared/providers/folder-paths';
import { ProviderError } from '@hypomos/shared/providers/provider';

type Op = 'changes' | 'readRange' | 'thumbnail';

/**
 * A Provider kept in memory, with a change log like Graph's delta: a full listing ends on a checkpoint,
 * later pages replay what changed since, and a checkpoint older than the log's start answers 410.
 * Folders have ids; renaming, moving or deleting one logs the folder alone, as Graph and Drive report it.
 * Faults can be queued per operation. Used by the scanner's unit tests; the browser tests use the
 * contract servers.
 */
export class MemoryProvider implements Provider {
  readonly kind = 'onedrive' as const;
  readonly canLink = false;
  pageSize = 3;
  readonly calls: { op: Op; id?: string; start?: number; end?: number }[] = [];
  private readonly files = new Map<string, { item: ProviderItem; bytes: Uint8Array; thumb: Uint8Array | null }>();
  private readonly log: { seq: number; id: string }[] = [];
  private seq = 0;
  /** Checkpoints carry the epoch they were given in; older epochs were forgotten (410 Gone). */
  private epoch = 0;
  private readonly faults: { op: Op; error: Error; id: string | undefined }[] = [];
  /** Folder id → path; ids stay when a folder is renamed or moved. */
  private readonly dirs = new Map<string, string>();
  private dirCounter = 0;

  put(item: ProviderItem, bytes: Uint8Array, thumb: Uint8Array | null = null): void {
    this.ensureDir(item.folder);
    this.files.set(item.id, { item, bytes, thumb });
    this.log.push({ seq: ++this.seq, id: item.id });
  }

  /** Renames or moves folder `from` to `to`: only the folder shows up in the change log. */
  moveFolder(from: string, to: string): void {
    const id = this.dirId(from);
    if (!id) throw new Error(`No folder ${from}`);
    for (const [dirId, path] of this.dirs) this.dirs.set(dirId, movedFolder(path, from, to) ?? path);
    for (const file of this.files.values())
      file.item = { ...file.item, folder: movedFolder(file.item.folder, from, to) ?? file.item.folder };
    this.ensureDir(to.split('/').slice(0, -1).join('/'));
    this.log.push({ seq: ++this.seq, id });
  }

  /** Deletes a folder and everything below it; only the folder shows up in the change log. */
  deleteFolder(path: string): void {
    const id = this.dirId(path);
    if (!id) throw new Error(`No folder ${path}`);
    for (const [dirId, p] of this.dirs) if (movedFolder(p, path, '') !== null) this.dirs.delete(dirId);
    for (const [fileId, file] of this.files)
      if (movedFolder(file.item.folder, path, '') !== null) this.files.delete(fileId);
    this.log.push({ seq: ++this.seq, id });
  }

  private dirId(path: string): string | undefined {
    return [...this.dirs].find(([, p]) => p === path)?.[0];
  }

  private ensureDir(path: string): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!this.dirId(p)) this.dirs.set(`dir${++this.dirCounter}`, p);
    }
  }

  /** The folder rows a page reports: every ancestor folder of its files. */
  private foldersOf(items: ProviderItem[]): { id: string; path: string }[] {
    const paths = new Set<string>();
    for (const item of items) {
      const parts = item.folder.split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('/'));
    }
    return [...this.dirs].filter(([, p]) => paths.has(p)).map(([id, path]) => ({ id, path }));
  }

  delete(id: string): void {
    this.files.delete(id);
    this.log.push({ seq: ++this.seq, id });
  }

  /** Every checkpoint given out before now cannot be used any more. */
  forgetHistory(): void {
    this.epoch++;
  }

  /** The next call of `op` (for item `id`, when given) throws `error`. */
  failNext(op: Op, error: Error, id?: string): void {
    this.faults.push({ op, error, id });
  }

  listing(): ProviderItem[] {
    return [...this.files.values()].map((f) => f.item);
  }

  private fault(op: Op, id?: string): void {
    const i = this.faults.findIndex((f) => f.op === op && (f.id === undefined || f.id === id));
    if (i >= 0) throw this.faults.splice(i, 1)[0]!.error;
  }

  async changes(cursor: string | null): Promise<ChangePage> {
    this.calls.push({ op: 'changes' });
    this.fault('changes');
    const [mode, a = '0', b = '0', epoch = '0'] = (cursor ?? `full:0:${this.seq}:${this.epoch}`).split(':');
    if (Number(epoch) !== this.epoch) throw new ProviderError('gone', 'resyncRequired', null, 410);
    const e = this.epoch;
    if (mode === 'full') {
      const all = [...this.files.values()].map((f) => f.item).sort((x, y) => x.id.localeCompare(y.id));
      const offset = Number(a);
      const page = all.slice(offset, offset + this.pageSize);
      const done = offset + this.pageSize >= all.length;
      return {
        upserts: page,
        deletions: [],
        folders: this.foldersOf(page),
        cursor: done ? `delta:${b}:0:${e}` : `full:${offset + this.pageSize}:${b}:${e}`,
        done,
      };
    }
    const since = Number(a);
    const entries = this.log.filter((e) => e.seq > since).slice(0, this.pageSize);
    const last = entries.at(-1)?.seq ?? since;
    const done = !this.log.some((e) => e.seq > last);
    const ids = [...new Set(entries.map((e) => e.id))];
    const upserts = ids.flatMap((id) => (this.files.has(id) ? [this.files.get(id)!.item] : []));
    const movedDirs = ids.flatMap((id) => (this.dirs.has(id) ? [{ id, path: this.dirs.get(id)! }] : []));
    const isDir = (id: string) => id.startsWith('dir');
    return {
      upserts,
      folders: [...movedDirs, ...this.foldersOf(upserts)],
      deletions: ids.filter((id) => !this.files.has(id) && !(isDir(id) && this.dirs.has(id))),
      cursor: `delta:${last}:0:${e}`,
      done,
    };
  }

  async readRange(ref: ProviderItemRef, start: number, end: number): Promise<Uint8Array> {
    this.calls.push({ op: 'readRange', id: ref.id, start, end });
    this.fault('readRange', ref.id);
    const file = this.files.get(ref.id);
    if (!file) throw new ProviderError('not_found', `No item ${ref.id}`, null, 404);
    return file.bytes.slice(start, end);
  }

  async thumbnail(ref: ProviderItemRef): Promise<Uint8Array | null> {
    this.calls.push({ op: 'thumbnail', id: ref.id });
    this.fault('thumbnail', ref.id);
    return this.files.get(ref.id)?.thumb ?? null;
  }

  async createLink(): Promise<DelegatedLink> {
    throw new ProviderError('forbidden', 'The memory provider makes no links');
  }

  async revokeLink(): Promise<void> {}
}
