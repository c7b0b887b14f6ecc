import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeedFile } from '../contract/media-store';
import { extractFacts, makeThumbnail } from './facts';

export const demoPhotosDir = resolve(fileURLToPath(import.meta.url), '../../../../demo/photos');

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
};

export const mimeTypeOf = (name: string) => MIME[extname(name).toLowerCase()] ?? 'application/octet-stream';

/** Anything that can take seed files: the Graph and Drive stores, or an azurite container. */
export interface SeedTarget {
  addFile(file: SeedFile): unknown;
}

/** Reads every media file below `dir` (NOTICE/README files skipped) with its facts and thumbnail. */
export async function loadSeedFiles(dir: string, prefix = ''): Promise<SeedFile[]> {
  const files: SeedFile[] = [];
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isFile() || !MIME[extname(entry.name).toLowerCase()]) continue;
    const full = join(entry.parentPath, entry.name);
    const bytes = await readFile(full);
    const mimeType = mimeTypeOf(entry.name);
    const path = [prefix, relative(dir, full).split(sep).join('/')].filter(Boolean).join('/');
    files.push({
      path,
      bytes,
      mimeType,
      facts: await extractFacts(bytes, mimeType),
      thumbnail: await makeThumbnail(bytes, mimeType),
      modifiedAt: (await stat(full)).mtimeMs,
    });
  }
  return files;
}

/** Loads a folder (default: the committed demo photos) into a contract server or container. */
export async function seedFromFolder(target: SeedTarget, dir = demoPhotosDir, prefix = ''): Promise<SeedFile[]> {
  const files = await loadSeedFiles(dir, prefix);
  for (const file of files) await target.addFile(file);
  return files;
}
