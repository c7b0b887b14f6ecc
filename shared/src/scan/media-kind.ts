import type { MediaType } from '../index/item';

// Extensions the index accepts. Providers list every file; documents, archives and sidecars are ignored.
const IMAGE_EXT = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'png',
  'gif',
  'webp',
  'avif',
  'heic',
  'heif',
  'hif',
  'tif',
  'tiff',
  'bmp',
  'jxl',
  'cr2',
  'cr3',
  'crw',
  'nef',
  'nrw',
  'arw',
  'srf',
  'sr2',
  'dng',
  'raf',
  'rw2',
  'rwl',
  'orf',
  'pef',
  'srw',
  'x3f',
  'iiq',
  'mrw',
  '3fr',
]);
const VIDEO_EXT = new Set([
  'mp4',
  'm4v',
  'mov',
  'qt',
  '3gp',
  '3g2',
  'avi',
  'mts',
  'm2ts',
  'mkv',
  'webm',
  'wmv',
  'mpg',
  'mpeg',
]);

/** image / video by MIME type first (when the provider knows it), else by file extension; null for anything else. */
export function mediaKind(name: string, mimeType: string | null): MediaType | null {
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType?.startsWith('video/')) return 'video';
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = name.slice(dot + 1).toLowerCase();
  if (IMAGE_EXT.has(ext)) return 'image';
  if (VIDEO_EXT.has(ext)) return 'video';
  return null;
}
