import { mediaKind } from '@hypomos/shared/scan/media-kind';
import type { PickedFile } from './deps';

type DirectoryPicker = (o: { mode: 'read' }) => Promise<FileSystemDirectoryHandle>;

export const canPickDirectory = () =>
  typeof (window as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';

export async function pickDirectory(): Promise<FileSystemDirectoryHandle> {
  return (window as unknown as { showDirectoryPicker: DirectoryPicker }).showDirectoryPicker({ mode: 'read' });
}

/** Photos and videos below a picked folder, with their paths inside it; other files (sidecars, .DS_Store) stay. */
export async function filesOfDirectory(dir: FileSystemDirectoryHandle, prefix = ''): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const entries = (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values();
  for await (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.kind === 'directory')
      out.push(...(await filesOfDirectory(entry as FileSystemDirectoryHandle, `${path}/`)));
    else if (isMedia(entry.name, null))
      out.push({ file: await (entry as FileSystemFileHandle).getFile(), relPath: path });
  }
  return out.sort((a, b) => a.relPath.localeCompare(b.relPath));
}

/** Files from `<input webkitdirectory>` or a drop, with the same filter. */
export function filesOfList(list: Iterable<File>): PickedFile[] {
  return [...list]
    .filter((f) => isMedia(f.name, f.type || null))
    .map((file) => ({
      file,
      relPath: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name,
    }))
    .sort((a, b) => a.relPath.localeCompare(b.relPath));
}

const isMedia = (name: string, type: string | null) => !name.startsWith('.') && mediaKind(name, type) !== null;

/** Files of a dropped folder (DataTransfer entries), recursively. */
export async function filesOfDrop(items: DataTransferItemList): Promise<PickedFile[]> {
  const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const out: File[] = [];
  const paths = new Map<File, string>();
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
      paths.set(file, `${prefix}${file.name}`);
      out.push(file);
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const e of entries) await walk(e, '');
  return out
    .filter((f) => isMedia(f.name, f.type || null))
    .map((file) => ({ file, relPath: paths.get(file) ?? file.name }))
    .sort((a, b) => a.relPath.localeCompare(b.relPath));
}
