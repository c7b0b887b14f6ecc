import { type Provider, ProviderError, type ProviderItem, UNKNOWN_FACTS } from '@hypomos/shared/providers/provider';
import { z } from 'zod';

/**
 * A local or NAS folder through the File System Access API. The directory handle is kept by the
 * caller (IndexedDB) and passed in; permission is checked here and asked for again by the UI. Listing
 * walks one directory per page with an explicit queue in the cursor, so a stopped worker resumes at the
 * next directory. There is no change feed: a finished listing makes the next call answer `reset`, and the
 * scanner lists everything again and drops what it did not see. Folders cannot be shared by link.
 */
export interface LocalFolderOptions {
  getDirectory: () => Promise<FileSystemDirectoryHandle>;
  /** Files per page at most, so a huge directory does not become one huge transaction. */
  pageSize?: number;
  /** Extensions indexed (lower case, no dot); other files are skipped. */
  extensions?: ReadonlySet<string>;
}

const Cursor = z.object({
  /** Directories still to walk ('' = the root). */
  queue: z.array(z.string()),
  /** Entries of queue[0] already reported (a directory split over several pages). */
  skip: z.number().int().nonnegative().default(0),
  finished: z.boolean().default(false),
});
type Cursor = z.infer<typeof Cursor>;

export const MEDIA_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'heic',
  'heif',
  'avif',
  'tif',
  'tiff',
  'dng',
  'cr2',
  'cr3',
  'nef',
  'arw',
  'raf',
  'rw2',
  'orf',
  'mp4',
  'mov',
  'm4v',
  '3gp',
  'avi',
  'mts',
]);

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4v: 'video/mp4',
  '3gp': 'video/3gpp',
};

type DirWithEntries = FileSystemDirectoryHandle & { entries(): AsyncIterableIterator<[string, FileSystemHandle]> };
type WithPermission = FileSystemDirectoryHandle & {
  queryPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
};

export function createLocalFolderProvider(opts: LocalFolderOptions): Provider {
  const pageSize = opts.pageSize ?? 500;
  const extensions = opts.extensions ?? MEDIA_EXTENSIONS;

  const root = async () => {
    const dir = (await opts.getDirectory()) as WithPermission;
    const state = dir.queryPermission ? await dir.queryPermission({ mode: 'read' }) : 'granted';
    if (state !== 'granted')
      throw new ProviderError('unauthorized', `Read permission for the folder "${dir.name}" has to be granted again`);
    return dir;
  };
  const dirAt = async (path: string) => {
    let dir: FileSystemDirectoryHandle = await root();
    for (const part of path.split('/').filter(Boolean)) dir = await step(() => dir.getDirectoryHandle(part), path);
    return dir;
  };
  const fileAt = async (path: string) => {
    const parts = path.split('/');
    const name = parts.pop() as string;
    const dir = await dirAt(parts.join('/'));
    return step(async () => (await dir.getFileHandle(name)).getFile(), path);
  };

  return {
    kind: 'local',
    canLink: false,
    async changes(raw) {
      const parsed = raw ? Cursor.safeParse(safeJson(raw)) : null;
      if (parsed && (!parsed.success || parsed.data.finished))
        return { upserts: [], deletions: [], cursor: '', done: false, reset: true };
      const cursor: Cursor = parsed?.data ?? { queue: [''], skip: 0, finished: false };
      const upserts: ProviderItem[] = [];
      const [current = '', ...rest] = cursor.queue;
      const dir = (await dirAt(current)) as DirWithEntries;
      const entries: [string, FileSystemHandle][] = [];
      for await (const entry of dir.entries()) if (!entry[0].startsWith('.')) entries.push(entry);
      // Sorted, so a directory split over pages is cut at the same place after a restart.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const subdirs = entries
        .filter(([, h]) => h.kind === 'directory')
        .map(([name]) => (current ? `${current}/${name}` : name));
      const media = entries.filter(([name, h]) => h.kind === 'file' && extensions.has(extOf(name)));
      const slice = media.slice(cursor.skip, cursor.skip + pageSize);
      for (const [name, handle] of slice) {
        const file = await step(() => (handle as FileSystemFileHandle).getFile(), name);
        upserts.push(
          toProviderItem(
            current ? `${current}/${name}` : name,
            current,
            file,
            MIME[extOf(name)] ?? (file.type || null),
          ),
        );
      }
      const more = cursor.skip + slice.length < media.length;
      // Subdirectories are queued when their parent is finished, so a split directory queues them once.
      const next: Cursor = more
        ? { queue: cursor.queue, skip: cursor.skip + upserts.length, finished: false }
        : { queue: [...rest, ...subdirs.sort()], skip: 0, finished: false };
      const done = !more && next.queue.length === 0;
      return { upserts, deletions: [], cursor: JSON.stringify(done ? { queue: [], finished: true } : next), done };
    },
    async readRange(ref, start, end) {
      if (end <= start) return new Uint8Array(0);
      const file = await fileAt(ref.path);
      return new Uint8Array(await file.slice(start, end).arrayBuffer());
    },
    async thumbnail() {
      return null;
    },
    async createLink() {
      throw new ProviderError(
        'forbidden',
        'Files in a local folder cannot be shared by link: nothing outside this browser can read them',
      );
    },
    async revokeLink() {
      // No link was ever made for a local file.
    },
  };
}

async function step<T>(fn: () => Promise<T>, path: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NotFoundError' || name === 'TypeMismatchError')
      throw new ProviderError('not_found', `${path}: ${(error as Error).message}`);
    if (name === 'NotAllowedError' || name === 'SecurityError')
      throw new ProviderError('unauthorized', `${path}: ${(error as Error).message}`);
    throw new ProviderError('network', `${path}: ${(error as Error).message}`);
  }
}

const extOf = (name: string) => (name.includes('.') ? (name.split('.').pop() as string).toLowerCase() : '');

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function toProviderItem(path: string, folder: string, file: File, mimeType: string | null): ProviderItem {
  return {
    id: path,
    name: file.name,
    folder,
    mimeType,
    bytes: file.size,
    modifiedAt: file.lastModified,
    createdAt: null,
    // No content hash without reading the file: size + modification time mark a change.
    etag: `${file.size}-${file.lastModified}`,
    hashes: {},
    ...UNKNOWN_FACTS,
  };
}
