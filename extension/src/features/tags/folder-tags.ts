/** Folder names that say nothing about what is in them, skipped by automatic tags unless the user edits the list. */
export const DEFAULT_IGNORED_FOLDER_NAMES = [
  'Camera Roll',
  'Camera',
  'DCIM',
  'Pictures',
  'Photos',
  'Images',
  'Videos',
  'Movies',
  '100APPLE',
  'Camera Uploads',
  'Saved Pictures',
  'My Pictures',
  'Screenshots',
  'Uploads',
];

/** Camera-made folders like 100CANON, 101NIKON, 102_PANA, and bare numbers such as years or days. */
const MACHINE_NAME = /^(\d{3}[A-Z_]{5}|\d{3}_\d{4}|\d+)$/i;

/**
 * The tags a folder path gives its items: every segment except ignored and machine-made names.
 * "Photos/2024/Paris trip" → ["Paris trip"]. Pure.
 */
export function folderNameTags(folder: string, ignored: readonly string[]): string[] {
  const skip = new Set(ignored.map((n) => n.trim().toLowerCase()));
  const out: string[] = [];
  for (const raw of folder.split('/')) {
    const name = raw.trim();
    if (name === '' || skip.has(name.toLowerCase()) || MACHINE_NAME.test(name)) continue;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * An item's tags after its folder went from `from` to `to` (the folder, or one above it, was renamed or moved):
 * when the item carries the old folder's name tags (they were applied), those go and the new folder's come; an
 * item that never got folder tags keeps its tags as they are. Pure.
 */
export function moveFolderTags(
  tags: readonly string[],
  from: string,
  to: string,
  ignored: readonly string[],
): string[] {
  const before = folderNameTags(from, ignored);
  const after = folderNameTags(to, ignored);
  if (!before.some((t) => tags.includes(t))) return [...tags];
  const kept = tags.filter((t) => !before.includes(t) || after.includes(t));
  return [...kept, ...after.filter((t) => !kept.includes(t))];
}
